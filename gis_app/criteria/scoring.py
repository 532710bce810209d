"""Totals and stars from a criteria sheet: the one place a sheet's points become a star level.

Bands are the rule set's own rows (`StarBand`, else the common bands of `registry.rules`); a mandatory criterion not met caps the level below the one
it is mandatory for, or refuses the rating, as its row says; an eliminating condition found refuses it.
"""
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from gis_app.registry.rules import stars_of

from .models import CouncilMethod, SheetNode

ZERO = Decimal("0")


@dataclass
class Failure:
    criterion: SheetNode
    points: Decimal | None


@dataclass
class SheetResult:
    parts: dict            # {"A": Decimal, ...}
    total: Decimal
    band_stars: int        # stars of the total alone
    stars: int | None      # after mandatory criteria and eliminating conditions; None: not rated
    failures: list = field(default_factory=list)
    eliminated: list = field(default_factory=list)
    answered: int = 0
    criteria: int = 0

    @property
    def refused(self):
        return self.stars is None


def evaluate(sheet, points, eliminated=()):
    """The SheetResult of `sheet` for {criterion id: points or None (unanswered)} and the conditions found."""
    criteria = list(sheet.criteria())
    parts = {node.code: ZERO for node in sheet.nodes.filter(kind=SheetNode.Kind.PART)}
    failures, answered = [], 0
    for criterion in criteria:
        value = points.get(criterion.pk)
        if value is not None:
            answered += 1
            parts[criterion.part] = parts.get(criterion.part, ZERO) + value
        if criterion.mandatory_from_stars and not _meets(criterion, value):
            failures.append(Failure(criterion, value))
    total = sum(parts.values(), ZERO)
    band = band_of(sheet.rule_set, total)
    stars = band
    for failure in failures:
        if failure.criterion.on_failure == SheetNode.OnFailure.REFUSE:
            stars = None
            break
        stars = min(stars, failure.criterion.mandatory_from_stars - 1)
    eliminated = list(eliminated)
    if eliminated:
        stars = None
    return SheetResult(parts=parts, total=total, band_stars=band, stars=stars, failures=failures,
                       eliminated=eliminated, answered=answered, criteria=len(criteria))


def band_of(rule_set, total):
    """The stars of `total` by the rule set's star bands (its data rows), or the common bands without rows."""
    for band in rule_set.star_bands.order_by("-min_total"):
        if total >= band.min_total:
            return band.stars
    return stars_of(total)


def _meets(criterion, value):
    if value is None:
        return False
    return value > 0 if criterion.required_points is None else value >= criterion.required_points


def combine(sheet, members_points, method):
    """{criterion id: council points} from the members' {criterion id: points} by the rule set's method."""
    combine_one = {CouncilMethod.Method.AVERAGE: lambda v: sum(v, ZERO) / len(v),
                   CouncilMethod.Method.MEDIAN: lambda v: Decimal(median(v))}[method]
    result = {}
    for criterion in sheet.criteria():
        values = [p[criterion.pk] for p in members_points if p.get(criterion.pk) is not None]
        result[criterion.pk] = combine_one(values).quantize(Decimal("0.01")) if values else None
    return result
