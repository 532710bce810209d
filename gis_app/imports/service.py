"""Run an import: map columns, build and validate every row, find likely duplicates, then commit all or nothing.

A dry run does the same work inside a transaction that is rolled back, so it reports exactly what a commit would
do (including database constraints) and writes nothing.
"""
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from gis_app.accounts import moderation, rules
from gis_app.core.importing import Importer, RowProblem

from .duplicates import likely_duplicates
from .kinds import KINDS, RowError
from .locating import LocationProblem, Locator
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

    @property
    def created(self):
        return sum(o.action == "create" for o in self.outcomes)

    @property
    def updated(self):
        return sum(o.action == "update" for o in self.outcomes)

    @property
    def unchanged(self):
        return sum(o.action == "unchanged" for o in self.outcomes)


def column_of(mapping, field_name, labels):
    """The source column(s) a model field came from, as the user knows them."""
    if field_name in ("location", "coordinates"):
        found = [mapping[f] for f in ("lon", "lat", "easting", "northing") if f in mapping]
        return ", ".join(found or [mapping.get("commune_code", _("geometry"))])
    for name in (field_name, f"{field_name}_code", f"{field_name}_ref"):
        if name in mapping:
            return mapping[name]
    return field_name


def run_import(table, options, after_write=None):
    """An ImportReport for `table` (a readers.Table); writes only when options.commit and nothing is wrong.

    `after_write(report)` runs inside the import's transaction once the rows are saved (to record the run).
    """
    kind, build = KINDS[options.kind]
    labels = kind.labels()
    fields = [f for f in kind.fields if f not in COORDINATE_FIELDS["vn2000" if options.crs == "wgs84" else "wgs84"]]
    mapping = guess_mapping(table.columns, fields, options.crs, options.mapping, kind.aliases)
    report = ImportReport(table.source, options.kind, mapping, list(table.notes), dry_run=not options.commit)
    report.problems = mapping_problems(table.source, table.columns, options.mapping, mapping, kind.required, labels)
    has_geometry = table.geometries is not None and any(g is not None for g in table.geometries)
    if kind.located and not has_geometry and not ({"lon", "lat"} <= set(mapping) or {"easting", "northing"}
                                                   <= set(mapping) or "commune_code" in mapping):
        coordinates = " / ".join(str(labels[f]) for f in COORDINATE_FIELDS[options.crs])
        report.problems.append(RowProblem(table.source, 0, coordinates, _(
            "No location columns: the file needs %(coordinates)s, or a commune code.") % {"coordinates": coordinates}))
    if report.problems:
        return report
    if table.vn2000:  # the layer says which VN-2000 projection it is in: that wins over the user's choice
        locator = Locator("vn2000", *table.vn2000) if kind.located else None
    else:
        locator = Locator(options.crs, options.central_meridian) if kind.located else None
    importer = Importer(progress=options.progress)
    with transaction.atomic():
        valid = validate_rows(table, kind, build, mapping, labels, locator, importer, report, options.user)
        new_rows = [(n, obj) for n, obj, outcome in valid if outcome.action == "create"]
        report.duplicates = likely_duplicates(kind.model, new_rows)
        for n, obj, outcome in valid:
            try:
                with transaction.atomic():  # a savepoint: a refused row must not poison the transaction
                    obj.save()
            except DatabaseError as error:
                importer.report(table.source, n, error)
            outcome.pk = obj.pk
        report.problems = [relabel(p, mapping, labels) for p in importer.problems]
        write = options.commit and not report.problems and (options.accept_duplicates or not report.duplicates)
        report.committed = write
        if not write:
            transaction.set_rollback(True)
        elif after_write is not None:
            after_write(report)
    return report


def relabel(problem, mapping, labels):
    return RowProblem(problem.source, problem.row, column_of(mapping, problem.field, labels), problem.message)


def validate_rows(table, kind, build, mapping, labels, locator, importer, report, user=None):
    """[(row number, unsaved valid instance, Outcome)]; problems of the other rows go to the importer."""
    valid, refs, context = [], {}, {}
    geometries = table.geometries or [None] * len(table.rows)
    in_wgs84 = not table.vn2000 and (table.transformed or (locator is not None and locator.crs == "wgs84"))
    for index, row in importer.rows(table.source, table.rows, label=kind.code):
        n = table.numbers[index - 1]  # as the user counts rows, blank rows included
        values = {f: row.get(column) for f, column in mapping.items()}
        obj = kind.existing(values) or kind.model()
        before = snapshot(obj) if obj.pk else None
        outcome = Outcome(n, "update" if obj.pk else "create", str(values.get("name") or ""))
        ref = values.get("ref")
        if ref is not None and ref in refs:
            importer.problems.append(RowProblem(table.source, n, mapping["ref"], _(
                "Registry code “%(ref)s” already appears in row %(row)s.") % {"ref": ref, "row": refs[ref]}))
            continue
        refs[ref] = n
        try:
            build(kind, values, obj, context)
        except RowError as error:
            importer.problems.append(RowProblem(table.source, n, mapping.get(error.field, error.field), str(error)))
            continue
        if locator is not None:
            try:
                placement = locator.place(values, geometries[index - 1], in_wgs84)
            except (LocationProblem, ValueError) as error:
                blamed = getattr(error, "field", "coordinates")
                importer.problems.append(RowProblem(table.source, n, column_of(mapping, blamed, labels), str(error)))
                continue
            obj.location = placement.location
            if placement.area is not None and hasattr(obj, "area"):
                obj.area = placement.area
            if "commune_code" in mapping and values.get("commune_code") is not None:
                try:
                    obj.commune = locator.commune(values["commune_code"])
                except LocationProblem as error:
                    importer.problems.append(RowProblem(table.source, n, mapping["commune_code"], str(error)))
                    continue
            outcome.notes = placement.notes
            if placement.by_commune:
                outcome.placed_in_commune = obj.commune_id
            outcome.lon, outcome.lat = obj.location.x, obj.location.y
        if user is not None:
            rules.prefer_own_unit(user, obj)  # a commune found from the location prefers the officer's unit
        try:
            obj.full_clean(validate_unique=False)
        except ValidationError as error:
            importer.report(table.source, n, error)
            continue
        refused, blamed = refusal_of(user, obj, before is not None)
        if refused:
            if blamed is None:
                blamed = "commune_code" if "commune_code" in mapping else "location"
            importer.problems.append(RowProblem(table.source, n, column_of(mapping, blamed, labels), refused))
            continue
        if before is not None:
            outcome.changes = changes(before, snapshot(obj))
            outcome.action = "update" if outcome.changes else "unchanged"
        report.outcomes.append(outcome)
        valid.append((n, obj, outcome))
    return valid


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
