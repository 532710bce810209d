"""Moving demo dates to the load day without moving them across a legal boundary.

The demo's dates are written as of `reference_date` (fixtures/demo.json) and shifted by (load day − reference)
so that "expires within 90 days" reads the same on any day. A decision written on 14/05/2026 under 148/2023,
shifted by 8 days, would land on 22/05/2026, under 26/2026, and be refused (or worse, mean something else). So a
date is shifted only when the shifted day lies on the same side of every boundary; otherwise it is kept as
written. The boundaries are data: the first and the day after the last day of every rule set, recognition rule
and amendment, the 2025 reform of the units, the day the ministry that signs 5-star decisions changed name, and
every 1 January up to the load day's year: decisions are numbered per issuer per year, so a batch written on
27/12/2023 must stay in 2023 beside the other decisions of that year and number.
A decision date is also never moved past the load day: a past decision shifted into the future would be refused
as one not taken yet.
"""
import datetime

from django.utils import timezone

from gis_app.core.validity import first_day_after
from gis_app.places.models import REFORM_2025

from .models import RecognitionRule, RuleSet, RuleSetAmendment

# Bộ Nông nghiệp và Phát triển nông thôn merged into Bộ Nông nghiệp và Môi trường on 01/03/2025: a 5-star decision
# signed before is the former's, after the latter's (../shared/DESIGN.md §7 "Who signs"; the issuers' own dated
# rows, when the decisions app has them, say the same).
MINISTRY_MERGER_2025 = datetime.date(2025, 3, 1)


def legal_boundaries():
    """Days from which another rule applies (sorted)."""
    days = {REFORM_2025, MINISTRY_MERGER_2025}
    for model in (RuleSet, RecognitionRule):
        validity = model.VALIDITY
        for row in model.objects.values(validity.start, validity.end):
            days.add(row[validity.start])
            if (after := first_day_after(row, validity)) is not None:
                days.add(after)
    days.update(RuleSetAmendment.objects.values_list("effective_from", flat=True))
    first = min(days).year
    days.update(datetime.date(year, 1, 1) for year in range(first + 1, timezone.localdate().year + 1))
    return sorted(days)


def same_side(day, other, boundaries):
    """Whether `day` and `other` fall under the same rules: no boundary b with one before b and the other not."""
    return all((day < b) == (other < b) for b in boundaries)


def shift_keeping_side(day, shift, boundaries, latest=None):
    """`day` + `shift`, or `day` itself when the shift would carry it across a boundary; never after `latest`
    (default today in Vietnam): a later result becomes `latest` when that lies on the same side. A day whose
    whole side is after `latest` (a decision under a rule set not in force yet) is kept as written, since any
    earlier day would put it under another rule."""
    if day is None:
        return None
    latest = latest or timezone.localdate()
    shifted = day + shift
    result = shifted if same_side(day, shifted, boundaries) else day
    if result > latest and same_side(day, latest, boundaries):
        return latest
    return result
