"""Stored dates that the month-first and UTC bugs of #22 may have changed, found for an officer to confirm.

Nothing here writes: every query is a SELECT. The rules:

- a recognition decision whose day is 12 or less (and not equal to its month) could have been typed day first
  and stored month first. It is listed when the stored facts disagree with it and agree with the swapped reading:
  the validity equals the *swapped* date plus the rule set's months, or the stored date lies after the day the row
  was created (or after today) while the swapped one does not;
- a validity that is not the decision date plus the rule set's months (3★ and more) is listed as such;
- a tour departure at an hour nobody departs (before 05:00 or from 20:00, Asia/Ho_Chi_Minh): the planner shifted
  departures by 7 hours (08:00 → 01:00 → 18:00 the day before) on every reopen and save.
"""
from dataclasses import dataclass

from django.db import connection

EARLIEST_DEPARTURE_HOUR, LATEST_DEPARTURE_HOUR = 5, 20


@dataclass
class Finding:
    kind: str  # "evaluation" or "tour"
    pk: int
    field: str
    stored: object
    suggestion: object  # what the value would be if it was swapped/shifted (None: nothing to suggest)
    reasons: list


EVALUATIONS = """
WITH e AS (
    SELECT ev.id, ev.decision_date, ev.valid_until, ev.stars, ev.created_at, r.validity_months,
           (ev.decision_date + make_interval(months => r.validity_months))::date AS expected,
           -- a recorded extension within the rule set's longest one explains a later validity
           (ev.extension_reason <> '' AND r.max_extension_days IS NOT NULL
            AND ev.valid_until > (ev.decision_date + make_interval(months => r.validity_months))::date
            AND ev.valid_until <= (ev.decision_date + make_interval(months => r.validity_months))::date
                                  + r.max_extension_days) AS extended,
           CASE WHEN EXTRACT(DAY FROM ev.decision_date) <= 12
                     AND EXTRACT(DAY FROM ev.decision_date) <> EXTRACT(MONTH FROM ev.decision_date)
                THEN make_date(EXTRACT(YEAR FROM ev.decision_date)::int, EXTRACT(DAY FROM ev.decision_date)::int,
                               EXTRACT(MONTH FROM ev.decision_date)::int) END AS swapped
    FROM registry_evaluation ev JOIN registry_ruleset r ON r.id = ev.rule_set_id
)
SELECT id, decision_date, valid_until, stars, swapped, swapped IS NOT NULL AS ambiguous,
       swapped IS NOT NULL AND valid_until IS NOT NULL AND valid_until <> expected
           AND valid_until = (swapped + make_interval(months => validity_months))::date AS validity_fits_swapped,
       swapped IS NOT NULL AND decision_date > (created_at AT TIME ZONE %(zone)s)::date
           AND swapped <= (created_at AT TIME ZONE %(zone)s)::date AS after_entry,
       swapped IS NOT NULL AND decision_date > %(today)s AND swapped <= %(today)s AS in_future,
       stars >= ocop_min_recognised_stars() AND valid_until IS NOT NULL AND valid_until <> expected AND NOT extended AS validity_off, expected
FROM e
WHERE (swapped IS NOT NULL AND %(all)s)
   OR (swapped IS NOT NULL AND (
          (valid_until IS NOT NULL AND valid_until <> expected
           AND valid_until = (swapped + make_interval(months => validity_months))::date)
          OR (decision_date > (created_at AT TIME ZONE %(zone)s)::date
              AND swapped <= (created_at AT TIME ZONE %(zone)s)::date)
          OR (decision_date > %(today)s AND swapped <= %(today)s)))
   OR (stars >= ocop_min_recognised_stars() AND valid_until IS NOT NULL AND valid_until <> expected AND NOT extended)
ORDER BY id
"""

# The legal facts the model checks on every new entry (Evaluation.clean), looked for in what is already stored.
LEGAL_FACTS = """
SELECT id, decision_number, decision_date, stars,
       decision_date > %(today)s AS in_future,
       decision_number <> '' AND decision_number !~ %(pattern)s AS bad_number,
       stars < %(min_stars)s AND decision_number <> '' AS number_without_recognition
FROM registry_evaluation
WHERE decision_date > %(today)s
   OR (decision_number <> '' AND (decision_number !~ %(pattern)s OR stars < %(min_stars)s))
ORDER BY id
"""

TOURS = """
SELECT id, start_at
FROM tours_tour
WHERE EXTRACT(HOUR FROM start_at AT TIME ZONE %(zone)s) < %(earliest)s
   OR EXTRACT(HOUR FROM start_at AT TIME ZONE %(zone)s) >= %(latest)s
ORDER BY id
"""


def evaluation_findings(today, zone, everything=False):
    """Findings on recognition decisions; `everything`: also every decision date that reads either way."""
    from django.utils.translation import gettext as _

    with connection.cursor() as cursor:
        cursor.execute(EVALUATIONS, {"today": today, "zone": zone, "all": bool(everything)})
        rows = cursor.fetchall()
    findings = []
    for pk, decided, valid_until, _stars, swapped, ambiguous, fits_swapped, after_entry, in_future, off, expected \
            in rows:
        reasons = []
        if fits_swapped:
            reasons.append(_("the validity is the swapped date plus the rule set's months"))
        if after_entry:
            reasons.append(_("the decision date is after the day the row was entered; the swapped date is not"))
        if in_future:
            reasons.append(_("the decision date is in the future; the swapped date is not"))
        if ambiguous and everything and not reasons:
            reasons.append(_("a day of 12 or less reads either way: confirm against the signed decision"))
        if reasons:
            findings.append(Finding("evaluation", pk, "decision_date", decided, swapped, reasons))
        if off:
            findings.append(Finding("evaluation", pk, "valid_until", valid_until, expected, [
                _("the validity is not the decision date plus the rule set's months")]))
    return findings


def legal_fact_findings(today):
    """Stored evaluations breaking a rule of a recognition's legal facts that `Evaluation.clean` now refuses."""
    from django.utils.translation import gettext as _

    from gis_app.registry.recognition import min_recognised_stars
    from gis_app.registry.rules import DECISION_NUMBER

    with connection.cursor() as cursor:
        cursor.execute(LEGAL_FACTS, {"today": today, "pattern": f"^(?:{DECISION_NUMBER})$",
                                     "min_stars": min_recognised_stars()})
        rows = cursor.fetchall()
    findings = []
    for pk, number, decided, stars, in_future, bad_number, without_recognition in rows:
        if in_future:
            findings.append(Finding("evaluation", pk, "decision_date", decided, None, [
                _("the decision date is after today")]))
        if bad_number:
            findings.append(Finding("evaluation", pk, "decision_number", number, None, [
                _("not a decision number of the form <number>/QĐ-<issuer code>")]))
        if without_recognition:
            findings.append(Finding("evaluation", pk, "decision_number", number, None, [
                _("a %(stars)d-star result receives no recognition decision") % {"stars": stars}]))
    return findings


def tour_findings(zone):
    import datetime

    from django.utils import timezone
    from django.utils.translation import gettext as _

    with connection.cursor() as cursor:
        cursor.execute(TOURS, {"zone": zone, "earliest": EARLIEST_DEPARTURE_HOUR, "latest": LATEST_DEPARTURE_HOUR})
        rows = cursor.fetchall()
    findings = []
    for pk, start in rows:
        local = timezone.localtime(start)
        shifted = [local + datetime.timedelta(hours=7 * n) for n in (1, 2)]
        plausible = next((s for s in shifted if EARLIEST_DEPARTURE_HOUR <= s.hour < LATEST_DEPARTURE_HOUR), None)
        findings.append(Finding("tour", pk, "start_at", local, plausible, [
            _("departure at %(time)s, an hour nobody departs: reopening and saving in the planner moved it by "
              "7 hours each time") % {"time": local.strftime("%H:%M")}]))
    return findings
