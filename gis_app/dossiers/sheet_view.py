"""A criteria sheet as the rows a page lists: parts, sections and criteria in order, each criterion with its
options and the one chosen."""
from django.db.models import Prefetch

from gis_app.criteria.models import Option, Provenance, SheetNode


def sheet_rows(sheet, chosen):
    """[{node, depth, options: [(option, checked)], mandatory, unverified}] for `sheet`; `chosen` maps
    criterion id → option id."""
    nodes = sheet.nodes.order_by("position").prefetch_related(
        Prefetch("options", queryset=Option.objects.order_by("position")))
    rows = []
    for node in nodes:
        options = [(o, chosen.get(node.pk) == o.pk) for o in node.options.all()] if node.kind == "criterion" else []
        rows.append({"node": node, "depth": node.depth, "criterion": node.kind == SheetNode.Kind.CRITERION,
                     "options": options, "unverified": node.provenance != Provenance.OFFICIAL,
                     "demo": node.provenance == Provenance.DEMO})
    return rows
