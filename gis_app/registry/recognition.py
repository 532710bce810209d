"""A product's recognition on a day: the one place that says whether it is an OCOP product and at how many stars.

The rule (Decisions 1048/2019, 148/2023, 1489/2025):
- only a recognition decision counts: a published evaluation with a validity (`valid_until`) of at least the
  fewest stars a recognition rule recognises (`RecognitionRule` rows: 3★; 1★ and 2★ results are recorded but
  get none);
- the product's decision is its *latest* decision taken on or before the day: a newer decision supersedes
  older ones, even with fewer stars;
- it is in force until `valid_until`, unless revoked (`revoked_on` on or before the day): expired and revoked
  products are not OCOP products anywhere.

For many products the database applies it: `ocop_decision(product_id, day)` (the deciding evaluation),
`ocop_current_stars(product_id, day)` (its stars while in force) and `ocop_min_recognised_stars()` (the
threshold, from the rules' data), SQL functions kept in one versioned file, gis_app/registry/sql/10_recognition.sql,
loaded after every migrate (gis_app/core/sqlfiles.py), used by `Product.objects.with_current_stars(on)` /
`.ocop(on)` and by the raw SQL of reports (`CURRENT_STARS_SQL`). For one product whose evaluations are at hand
(prefetched), `recognition_of(product, on)` applies the same rule in Python, with the threshold read from the
same SQL function (`min_recognised_stars()`); tests/registry/test_recognition.py and tests/registry/test_recognition_sql.py
check they agree.
"""
from dataclasses import dataclass
from datetime import date

from django.db import connections
from django.db.models import BigIntegerField, DateField, Func, IntegerField, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from gis_app.core.publishing import Status

# The threshold, read once per process from the SQL function (the rules' data) and forgotten when a
# recognition rule is saved or deleted through Django (apps.py) or after a migrate.
_threshold = {}


def min_recognised_stars(using="default"):
    """The fewest stars that receive a recognition decision (3): `ocop_min_recognised_stars()`, the lowest stars
    of the recognition rules; None while no rule is loaded (then nothing is recognised)."""
    if using not in _threshold:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT ocop_min_recognised_stars()")
            _threshold[using] = cursor.fetchone()[0]
    return _threshold[using]


def forget_threshold(**kwargs):
    _threshold.clear()

# For raw SQL: the stars in force of product `{product}` on the bound date `{day}` (None unless in force).
CURRENT_STARS_SQL = "ocop_current_stars({product}, {day})"


def current_stars_expression(day, product="pk"):
    """ORM expression: the stars in force on `day` of the product at `product` (a field path), else NULL."""
    return Func(product, Value(day, output_field=DateField()), function="ocop_current_stars",
                output_field=IntegerField())


def decision_expression(day, product="pk"):
    """ORM expression: the id of the deciding evaluation on `day` of the product at `product`, else NULL."""
    return Func(product, Value(day, output_field=DateField()), function="ocop_decision",
                output_field=BigIntegerField())


def is_decision_in_force(day):
    """A Q on evaluations: this evaluation is its product's decision, in force on `day`."""
    return (Q(pk=decision_expression(day, "product_id")) & Q(valid_until__gte=day)
            & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=day)))


def state_from(valid_until, revoked_on, day):
    """The recognition state on `day` given the deciding decision's validity and revocation (None: no decision)."""
    if valid_until is None:
        return Recognition.NOT_RATED
    if revoked_on is not None and revoked_on <= day:
        return Recognition.REVOKED
    return Recognition.EXPIRED if valid_until < day else Recognition.IN_FORCE


@dataclass(frozen=True)
class Recognition:
    state: str  # "in_force", "expired", "revoked" or "not_rated"
    stars: int | None = None  # of the decision in force, or of the last decision when expired/revoked
    decision_number: str = ""
    decision_date: date | None = None
    valid_until: date | None = None
    revoked_on: date | None = None
    evaluation: object = None
    revocation_number: str = ""
    revocation_reason: str = ""

    IN_FORCE, EXPIRED, REVOKED, NOT_RATED = "in_force", "expired", "revoked", "not_rated"

    @property
    def in_force(self):
        return self.state == self.IN_FORCE

    @property
    def participant_status(self):
        """For a product that is not an OCOP product on the day: its lapsed recognition, or '' (say the stage)."""
        return "" if self.state in (self.IN_FORCE, self.NOT_RATED) else self.label

    @property
    def label(self):
        """The glossary's words for this state ('3 sao', 'hết hiệu lực công nhận', …) in the active language."""
        if self.state == self.IN_FORCE:
            return ngettext("%(stars)d star", "%(stars)d stars", self.stars) % {"stars": self.stars}
        return {self.EXPIRED: _("recognition expired"), self.REVOKED: _("recognition revoked"),
                self.NOT_RATED: _("not yet rated")}[self.state]


def deciding_evaluation(evaluations, day):
    """Of `evaluations`, the product's latest published recognition decision taken on or before `day`, or None."""
    threshold = min_recognised_stars()
    decisions = [e for e in evaluations if e.status == Status.PUBLISHED and e.valid_until is not None
                 and threshold is not None and e.stars >= threshold and e.decision_date <= day]
    return max(decisions, key=lambda e: (e.decision_date, e.pk), default=None)


def state_of(evaluation, day):
    """The state on `day` of the product whose deciding evaluation is `evaluation` (or None)."""
    if evaluation is None:
        return Recognition.NOT_RATED
    return state_from(evaluation.valid_until, evaluation.revoked_on, day)


def recognition_of(product, on=None):
    """The recognition of `product` on `on` (default today in Vietnam)."""
    day = on or timezone.localdate()
    evaluation = deciding_evaluation(product.evaluations.all(), day)
    state = state_of(evaluation, day)
    if evaluation is None:
        return Recognition(state)
    return Recognition(state, evaluation.stars, evaluation.decision_number, evaluation.decision_date,
                       evaluation.valid_until, evaluation.revoked_on, evaluation, evaluation.revocation_number,
                       evaluation.revocation_reason)


# --- The OCOP label ---------------------------------------------------------------------------------------------
# Only a product recognised and in force on the day is an "OCOP product" (badge, default catalogue, near-me, events,
# JSON-LD, exports). Every other product of the programme reads "sản phẩm tham gia Chương trình OCOP" with its stage
# (or its expired/revoked recognition). The test is the rule above (`Recognition.in_force`, i.e. stars in force);
# these helpers only word it, so that every page words it alike.
PARTICIPANT = _("product in the OCOP programme")


def participant_status(state, stage_label):
    """The words after "sản phẩm tham gia Chương trình OCOP": the lapsed recognition, else the stage of the cycle."""
    if state in (Recognition.EXPIRED, Recognition.REVOKED):
        return Recognition(state).label
    return stage_label


def ocop_label(state, stars, stage_label):
    """The one line every page, card and API row shows: "OCOP · 3 sao" or "sản phẩm tham gia Chương trình OCOP ·
    <stage or lapsed recognition>"."""
    if state == Recognition.IN_FORCE:
        return f"OCOP · {Recognition(state, stars).label}"
    return f"{PARTICIPANT} · {participant_status(state, stage_label)}"
