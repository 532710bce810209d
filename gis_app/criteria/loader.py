"""Load criteria sheets kept as CSV or XLSX (one row per sheet, part, section, criterion, option, eliminating
condition or council method), refusing the whole file with row numbers when a row is wrong or the points do
not add up: children to their parent, options to their criterion, parts to the rule set's weights (100).
"""
import csv
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from gis_app.core.text import nfc
from gis_app.registry.models import ProductSubgroup, RuleSet

from .models import CouncilMethod, CriteriaSheet, EliminatingCondition, Option, Provenance, SheetNode

COLUMNS = ("sheet", "rule_set", "product_set", "kind", "code", "parent", "title", "points",
           "mandatory_from_stars", "required_points", "on_failure", "source", "provenance")
KINDS = ("sheet", "part", "section", "criterion", "option", "eliminating", "method")
PARENT_KINDS = {"part": (), "section": ("part", "section"), "criterion": ("part", "section"),
                "option": ("criterion",)}
PARTS = ("A", "B", "C")


class SheetRefused(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


def read_rows(path):
    """[(row number as the office sees it, {column: text})] of a .csv or .xlsx file (header on row 1)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    if not rows:
        raise SheetRefused([_("%(file)s: the file is empty.") % {"file": path.name}])
    header = [h.strip() for h in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise SheetRefused([_("%(file)s, row 1: missing columns: %(columns)s.")
                            % {"file": path.name, "columns": ", ".join(missing)}])
    result = []
    for number, row in enumerate(rows[1:], start=2):
        values = {name: nfc((row[i] if i < len(row) else "").strip()) for i, name in enumerate(header)}
        if any(values.values()):
            result.append((number, values))
    return result


def _decimal(text):
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() and value >= 0 else None


class _Plan:
    """One sheet as read, before anything is written."""

    def __init__(self, number, row, rule_set, subgroup):
        self.number, self.row, self.rule_set, self.subgroup = number, row, rule_set, subgroup
        self.nodes = {}          # code -> (row number, row, points)
        self.order = []
        self.eliminating = []


def check(path):
    """Read and check `path`: ([_Plan], [(rule set, method row)]) or SheetRefused with every problem found."""
    name = Path(path).name
    problems, plans, methods = [], {}, []

    def problem(number, message, **values):
        problems.append(f"{name}, " + _("row %(row)d") % {"row": number} + ": " + message % values)

    rule_sets = {r.code: r for r in RuleSet.objects.all()}
    for number, row in read_rows(path):
        kind = row["kind"]
        if kind not in KINDS:
            problem(number, _("unknown kind “%(kind)s” (one of: %(kinds)s)."), kind=kind, kinds=", ".join(KINDS))
            continue
        if row["provenance"] not in Provenance.values:
            problem(number, _("provenance must be one of %(values)s, not “%(value)s”."),
                    values=", ".join(Provenance.values), value=row["provenance"])
        if not row["source"]:
            problem(number, _("every row needs its source (the decision and annex, or where it was read)."))
        if kind == "method":
            if row["rule_set"] not in rule_sets:
                problem(number, _("unknown rule set “%(code)s”."), code=row["rule_set"])
            elif row["code"] not in CouncilMethod.Method.values:
                problem(number, _("council method must be one of %(values)s."),
                        values=", ".join(CouncilMethod.Method.values))
            else:
                methods.append((rule_sets[row["rule_set"]], row))
            continue
        if kind == "sheet":
            rule_set = rule_sets.get(row["rule_set"])
            subgroup = ProductSubgroup.objects.select_related("group").filter(code=row["product_set"]).first()
            if rule_set is None:
                problem(number, _("unknown rule set “%(code)s”."), code=row["rule_set"])
            if subgroup is None:
                problem(number, _("unknown product set “%(code)s”."), code=row["product_set"])
            elif rule_set is not None and subgroup.group.version_id != rule_set.taxonomy_id:
                problem(number, _("product set %(set)s is not in the classification of rule set %(rule_set)s."),
                        set=subgroup.code, rule_set=rule_set.code)
            if row["sheet"] in plans:
                problem(number, _("sheet %(code)s is defined twice."), code=row["sheet"])
            elif not row["sheet"]:
                problem(number, _("a sheet row needs its code in column “sheet”."))
            else:
                plans[row["sheet"]] = _Plan(number, row, rule_set, subgroup)
            continue
        plan = plans.get(row["sheet"])
        if plan is None:
            problem(number, _("sheet “%(code)s” has no “sheet” row above this one."), code=row["sheet"])
            continue
        if kind == "eliminating":
            plan.eliminating.append((number, row))
            continue
        points = _decimal(row["points"])
        if points is None:
            problem(number, _("points must be a number of 0 or more, not “%(value)s”."), value=row["points"])
            continue
        parent = row["parent"]
        if kind == "part":
            if row["code"] not in PARTS or parent:
                problem(number, _("a part is A, B or C and has no parent."))
                continue
        elif parent not in plan.nodes or plan.nodes[parent][1]["kind"] not in PARENT_KINDS[kind]:
            problem(number, _("the parent “%(parent)s” of this %(kind)s is not a %(kinds)s on an earlier row."),
                    parent=parent, kind=kind, kinds="/".join(PARENT_KINDS[kind]))
            continue
        key = row["code"] if kind != "option" else f"{parent}#{len(plan.order)}"
        if kind != "option" and (not key or key in plan.nodes):
            problem(number, _("code “%(code)s” is empty or used twice in sheet %(sheet)s."), code=key,
                    sheet=row["sheet"])
            continue
        if row["mandatory_from_stars"]:
            if kind != "criterion" or row["mandatory_from_stars"] not in ("2", "3", "4", "5"):
                problem(number, _("only a criterion is mandatory, from 2 to 5 stars."))
            elif row["on_failure"] not in SheetNode.OnFailure.values:
                problem(number, _("a mandatory criterion says what failing it does: %(values)s."),
                        values=", ".join(SheetNode.OnFailure.values))
            elif row["required_points"] and _decimal(row["required_points"]) is None:
                problem(number, _("points required must be a number."))
        plan.nodes[key] = (number, row, points)
        plan.order.append(key)
    for plan in plans.values():
        _check_sums(plan, problem)
    if problems:
        raise SheetRefused(problems)
    return list(plans.values()), methods


def _check_sums(plan, problem):
    children = defaultdict(list)
    for key in plan.order:
        number, row, points = plan.nodes[key]
        if row["parent"]:
            children[row["parent"]].append(key)
    for key in plan.order:
        number, row, points = plan.nodes[key]
        kids = children.get(key, [])
        if row["kind"] == "criterion":
            options = [plan.nodes[k][2] for k in kids]
            if not options:
                problem(number, _("criterion %(code)s has no options."), code=key)
            elif max(options) != points:
                problem(number, _("criterion %(code)s has %(points)s points but its best option gives %(best)s."),
                        code=key, points=points, best=max(options))
        elif row["kind"] in ("part", "section"):
            total = sum((plan.nodes[k][2] for k in kids), Decimal(0))
            if not kids or total != points:
                problem(number, _("%(code)s has %(points)s points but its rows (%(rows)s) sum to %(sum)s."),
                        code=key, points=points, sum=total,
                        rows=", ".join(str(plan.nodes[k][0]) for k in kids) or "—")
    if plan.rule_set is None:
        return
    found = {row["code"]: points for key, (n, row, points) in plan.nodes.items() if row["kind"] == "part"}
    for part in PARTS:
        weight = getattr(plan.rule_set, f"weight_{part.lower()}")
        if found.get(part) != weight:
            problem(plan.number, _("part %(part)s of sheet %(sheet)s must have %(weight)s points under %(rule_set)s "
                                   "(found %(found)s); the parts make 100."),
                    part=part, sheet=plan.row["sheet"], weight=weight, rule_set=plan.rule_set.code,
                    found=found.get(part, "—"))


@transaction.atomic
def load(path):
    """Check `path` and write its sheets (replacing sheets of the same code not yet used); [CriteriaSheet]."""
    plans, methods = check(path)
    sheets = []
    for plan in plans:
        row = plan.row
        sheet = CriteriaSheet.objects.filter(code=row["sheet"]).first()
        if sheet is not None:
            try:
                with transaction.atomic():
                    sheet.nodes.all().delete()
            except ProtectedError:
                raise SheetRefused([f"{Path(path).name}, " + _("row %(row)d") % {"row": plan.number} + ": " + _(
                    "sheet %(code)s is already used by dossiers or score sheets: load the new version under a "
                    "new code.") % {"code": row["sheet"]}])
            sheet.eliminating_conditions.all().delete()
        else:
            sheet = CriteriaSheet(code=row["sheet"])
        sheet.rule_set, sheet.subgroup = plan.rule_set, plan.subgroup
        sheet.title, sheet.source, sheet.provenance = row["title"], row["source"], row["provenance"]
        sheet.save()
        saved = {}
        for position, key in enumerate(plan.order):
            number, r, points = plan.nodes[key]
            common = {"source": r["source"], "provenance": r["provenance"], "position": position}
            if r["kind"] == "option":
                Option.objects.create(criterion=saved[r["parent"]], label=r["title"], points=points, **common)
                continue
            saved[key] = SheetNode.objects.create(
                sheet=sheet, parent=saved.get(r["parent"]), kind=r["kind"], code=key, title=r["title"],
                max_points=points, mandatory_from_stars=int(r["mandatory_from_stars"]) if r["mandatory_from_stars"]
                else None, required_points=_decimal(r["required_points"]) if r["required_points"] else None,
                on_failure=r["on_failure"] if r["mandatory_from_stars"] else "", **common)
        for position, (_number, r) in enumerate(plan.eliminating):
            EliminatingCondition.objects.create(sheet=sheet, code=r["code"] or str(position + 1), title=r["title"],
                                                position=position, source=r["source"], provenance=r["provenance"])
        sheets.append(sheet)
    for rule_set, row in methods:
        CouncilMethod.objects.update_or_create(rule_set=rule_set, defaults={
            "method": row["code"], "source": row["source"], "provenance": row["provenance"]})
    return sheets


def load_directory(directory):
    """Load every .csv/.xlsx sheet file of `directory` (sorted by name); [CriteriaSheet]."""
    sheets = []
    for path in sorted(Path(directory).glob("*")):
        if path.suffix.lower() in (".csv", ".xlsx"):
            sheets += load(path)
    return sheets
