"""Run an import: map columns, build and validate every row, find likely duplicates, then commit all or nothing.

A dry run does the same work inside a transaction that is rolled back, so it reports exactly what a commit would
do (including database constraints) and writes nothing.
"""
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from gis_app.accounts import moderation, pending, rules
from gis_app.core.importing import Importer, ImportFailed, RowProblem
from gis_app.core.readers.crs import confirmed
from gis_app.places.locating import LocationProblem, Locator
from gis_app.registry.models import places_of
from gis_app.registry.validation import known_inside

from .duplicates import StagedDuplicates
from .kinds import KINDS, RowError
from .mapping import COORDINATE_FIELDS, guess_mapping, mapping_problems


@dataclass
class Options:
    kind: str = "producers"
    mapping: dict = field(default_factory=dict)  # source column -> field, overriding the guess
    crs: str = "wgs84"  # or "vn2000"
    central_meridian: float = 105.75
    commit: bool = False
    accept_duplicates: bool = False  # commit even when likely duplicates were found
    progress: bool = False
    user: object = None  # who imports: rows outside what they may change are refused (None: a trusted command)


@dataclass
class Outcome:
    row: int
    action: str  # "create" or "update"
    name: str
    pk: int = None
    lon: float = None
    lat: float = None
    notes: list = field(default_factory=list)
    placed_in_commune: int = None  # id of the commune whose centre was used, for rows without coordinates
    changes: list = field(default_factory=list)  # for updates: "field: old → new"


@dataclass
class ImportReport:
    source: str
    kind: str
    mapping: dict = field(default_factory=dict)  # field -> source column
    notes: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)
    committed: bool = False
    dry_run: bool = True
    counts: dict = field(default_factory=dict)  # action -> rows, over the whole file (outcomes are a preview)
    problem_count: int = 0  # every problem found (at most MAX_PROBLEMS are listed)
    placed: list = field(default_factory=list)  # (row, pk, commune id) of rows placed at their commune's centre

    @property
    def created(self):
        return self.counts.get("create", 0)

    @property
    def updated(self):
        return self.counts.get("update", 0)

    @property
    def unchanged(self):
        return self.counts.get("unchanged", 0)


def column_of(mapping, field_name, labels):
    """The source column(s) a model field came from, as the user knows them."""
    if field_name in ("location", "coordinates"):
        found = [mapping[f] for f in ("lon", "lat", "easting", "northing") if f in mapping]
        return ", ".join(found or [mapping.get("commune_code", _("geometry"))])
    for name in (field_name, f"{field_name}_code", f"{field_name}_ref"):
        if name in mapping:
            return mapping[name]
    return field_name


# Rows are validated in batches: one query per batch finds the existing records, another the territory and
# commune of every point; memory holds one batch, compact facts for the duplicate search, and the preview.
BATCH_ROWS = 1000
PREVIEW_ROWS = 1000  # outcomes kept for the review page (counts cover every row)
MAX_PROBLEMS = 1000  # problems listed (the count covers them all)
LOOKED_UP = ["commune", "producer", "subgroup"]


def run_import(table, options, after_write=None):
    """An ImportReport for `table` (a readers.Table or StreamedTable); writes only when options.commit and
    nothing is wrong.

    A first pass validates every row without writing (a dry run stops there). A commit then reads the file
    again and saves it batch by batch inside one transaction, so a failure anywhere writes nothing.
    `after_write(report)` runs inside the import's transaction once the rows are saved (to record the run).
    `options.progress` is False, True (a progress bar) or a callable `progress(done, total, message)`.
    """
    kind, build = KINDS[options.kind]
    labels = kind.labels()
    fields = [f for f in kind.fields if f not in COORDINATE_FIELDS["vn2000" if options.crs == "wgs84" else "wgs84"]]
    mapping = guess_mapping(table.columns, fields, options.crs, options.mapping, kind.aliases)
    report = ImportReport(table.source, options.kind, mapping, list(table.notes), dry_run=not options.commit)
    report.problems = mapping_problems(table.source, table.columns, options.mapping, mapping, kind.required, labels)
    if kind.located and not table.geometric and not ({"lon", "lat"} <= set(mapping) or {"easting", "northing"}
                                                     <= set(mapping) or "commune_code" in mapping):
        coordinates = " / ".join(str(labels[f]) for f in COORDINATE_FIELDS[options.crs])
        report.problems.append(RowProblem(table.source, 0, coordinates, _(
            "No location columns: the file needs %(coordinates)s, or a commune code.") % {"coordinates": coordinates}))
    if report.problems:
        return report
    try:  # the layer says which VN-2000 projection it is in: that wins over the user's choice
        projection = confirmed(table, options.crs, options.central_meridian)
    except ImportFailed as failed:
        report.problems.extend(failed.problems)
        return report
    if projection:
        locator = Locator("vn2000", *projection) if kind.located else None
    else:
        locator = Locator(options.crs, options.central_meridian) if kind.located else None
    check = Pass(table, kind, build, mapping, labels, locator, options, report)
    with transaction.atomic():
        staged = StagedDuplicates(kind.model)  # new rows wait in a temporary table, not in memory
        for batch in check.batches("check"):
            staged.add([(n, obj) for n, obj, outcome in batch if outcome.action == "create"])
        report.duplicates = staged.find()
        report.problems = [relabel(p, mapping, labels) for p in check.problems[:MAX_PROBLEMS]]
        report.problem_count = len(check.problems)
        write = options.commit and not check.problems and (options.accept_duplicates or not report.duplicates)
        if write:
            report.outcomes, report.counts, report.placed = [], {}, []
            save = Pass(table, kind, build, mapping, labels, locator, options, report)
            for batch in save.batches("write"):
                for n, obj, outcome in batch:
                    try:
                        with transaction.atomic():  # a savepoint: a refused row must not poison the transaction
                            # a producer account's edit of a published record waits as a pending change
                            if options.user is not None:
                                pending.save_edit(options.user, obj)
                            else:
                                obj.save()
                    except DatabaseError as error:
                        save.importer.report(table.source, n, error)
                    outcome.pk = obj.pk
                    if outcome.placed_in_commune:
                        report.placed.append((n, obj.pk, outcome.placed_in_commune))
            if save.problems:
                report.problems = [relabel(p, mapping, labels) for p in save.problems[:MAX_PROBLEMS]]
                report.problem_count = len(save.problems)
                write = False
        report.committed = write
        if not write:
            transaction.set_rollback(True)
        elif after_write is not None:
            after_write(report)
    return report


def relabel(problem, mapping, labels):
    return RowProblem(problem.source, problem.row, column_of(mapping, problem.field, labels), problem.message)


class Pass:
    """One reading of the file: rows built, placed, validated and judged by the role rules, batch by batch."""

    def __init__(self, table, kind, build, mapping, labels, locator, options, report):
        self.table, self.kind, self.build, self.mapping, self.labels = table, kind, build, mapping, labels
        self.locator, self.options, self.report, self.user = locator, options, report, options.user
        self.importer = Importer(progress=False)
        self.refs, self.context = {}, {}
        self.in_wgs84 = not table.vn2000 and (table.transformed or (locator is not None and locator.crs == "wgs84"))
        self.prefer = rules.profile_of(self.user).unit if rules.role_of(self.user) in rules.AREA_OFFICERS else None

    @property
    def problems(self):
        """Every problem, by row (a batch finds location problems before validation ones)."""
        return sorted(self.importer.problems, key=lambda problem: problem.row)

    def batches(self, stage):
        """Lists of (row number, unsaved valid instance, Outcome), BATCH_ROWS rows at a time."""
        total = self.table.row_count
        bar = tqdm(total=total, desc=self.kind.code, unit="row", leave=False) if self.options.progress is True \
            else None
        report = self.options.progress if callable(self.options.progress) else None
        done, batch = 0, []
        for record in self.table.records():
            batch.append(record)
            if len(batch) == BATCH_ROWS:
                yield self.validate(batch)
                done += len(batch)
                batch = []
                if bar is not None:
                    bar.update(BATCH_ROWS)
                if report is not None:
                    report(done, total, stage)
        if batch:
            yield self.validate(batch)
            if report is not None:
                report(done + len(batch), total, stage)
        if bar is not None:
            bar.close()

    def problem(self, n, field_name, message):
        self.importer.problems.append(RowProblem(self.table.source, n, field_name, message))

    def validate(self, records):
        table, kind, mapping, labels, locator = self.table, self.kind, self.mapping, self.labels, self.locator
        existing = kind.existing_many([{f: row.get(c) for f, c in mapping.items()} for _n, row, _g in records])
        built = []
        for n, row, geometry in records:
            values = {f: row.get(column) for f, column in mapping.items()}
            ref = values.get("ref")
            ref = str(ref).strip() if ref is not None else None
            obj = existing.get(ref) or kind.model()
            before = snapshot(obj) if obj.pk else None
            outcome = Outcome(n, "update" if obj.pk else "create", str(values.get("name") or ""))
            if ref is not None and ref in self.refs:
                self.problem(n, mapping["ref"], _("Registry code “%(ref)s” already appears in row %(row)s.")
                             % {"ref": ref, "row": self.refs[ref]})
                continue
            self.refs[ref] = n
            try:
                self.build(kind, values, obj, self.context)
            except RowError as error:
                self.problem(n, mapping.get(error.field, error.field), str(error))
                continue
            if locator is not None:
                try:
                    placement = locator.place(values, geometry, self.in_wgs84)
                except (LocationProblem, ValueError) as error:
                    blamed = getattr(error, "field", "coordinates")
                    self.problem(n, column_of(mapping, blamed, labels), str(error))
                    continue
                obj.location = placement.location
                if placement.area is not None and hasattr(obj, "area"):
                    obj.area = placement.area
                if "commune_code" in mapping and values.get("commune_code") is not None:
                    try:
                        obj.commune = locator.commune(values["commune_code"])
                    except LocationProblem as error:
                        self.problem(n, mapping["commune_code"], str(error))
                        continue
                outcome.notes = placement.notes
                outcome.placed_in_commune = obj.commune_id if placement.by_commune else None
                outcome.lon, outcome.lat = obj.location.x, obj.location.y
            built.append((n, obj, before, outcome))
        inside = self.place([obj for _n, obj, _b, _o in built])
        valid = []
        with known_inside(inside):
            for n, obj, before, outcome in built:
                if self.user is not None:
                    rules.prefer_own_unit(self.user, obj)
                try:
                    # the foreign keys were looked up by the importer itself (communes, producers, sub-groups):
                    # checking again that they exist would cost a query per row
                    obj.full_clean(exclude=[name for name in LOOKED_UP if getattr(obj, f"{name}_id", None)],
                                   validate_unique=False)
                except ValidationError as error:
                    self.importer.report(table.source, n, error)
                    continue
                refused, blamed = refusal_of(self.user, obj, before is not None)
                if refused:
                    if blamed is None:
                        blamed = "commune_code" if "commune_code" in mapping else "location"
                    self.problem(n, column_of(mapping, blamed, labels), refused)
                    continue
                if before is not None:
                    outcome.changes = changes(before, snapshot(obj))
                    outcome.action = "update" if outcome.changes else "unchanged"
                self.report.counts[outcome.action] = self.report.counts.get(outcome.action, 0) + 1
                if len(self.report.outcomes) < PREVIEW_ROWS:
                    self.report.outcomes.append(outcome)
                valid.append((n, obj, outcome))
        return valid

    def place(self, objects):
        """Territory and commune of the batch's points in one query: sets the communes left blank (the
        officer's own unit wins a boundary tie) and returns the points found inside the province."""
        located = [obj for obj in objects if getattr(obj, "location", None) is not None
                   and obj.location.geom_type == "Point"]
        found = places_of([(obj.location.x, obj.location.y) for obj in located], self.prefer)
        inside = set()
        for obj, (is_inside, commune_id) in zip(located, found):
            if is_inside:
                inside.add((obj.location.x, obj.location.y))
            if hasattr(obj, "commune_id") and obj.commune_id is None and commune_id is not None:
                obj.commune_id = commune_id
        return inside


def refusal_of(user, obj, existing):
    """(why `user` may not write this row, the field to blame or None for the location), or (None, None).

    The rules of their role and area, and the moderation rules for a changed status. Trusted commands (no
    user) are not asked."""
    if user is None:
        return None, None
    message = rules.refusal(user, obj)
    if message is not None:
        return message, None
    if hasattr(obj, "status"):  # a status moves only by the moderation rules, never by a changed cell
        previous = type(obj).objects.filter(pk=obj.pk).values_list("status", flat=True).first() if existing else None
        message = moderation.status_change_refusal(user, previous, obj.status)
        if message is not None:
            return message, "status"
    rules.apply_review_rule(user, obj)
    obj._history_user = user
    return None, None


def snapshot(obj):
    """{field label: value} of the fields an import can change, for the dry run's "what changes" column."""
    values = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.name in ("id", "created_at", "updated_at"):
            continue
        value = getattr(obj, model_field.name)
        if model_field.is_relation:
            value = None if value is None else str(value)
        elif getattr(value, "geom_type", None) == "Point":
            value = f"{value.x:.7f}, {value.y:.7f}"  # 1 cm: what a round trip keeps
        elif hasattr(value, "ewkt"):
            value = value.ewkt
        values[str(model_field.verbose_name)] = value
    return values


def changes(before, after):
    return [f"{name}: {before[name] if before[name] not in (None, '') else '—'} → {value}"
            for name, value in after.items() if before.get(name) != value]
