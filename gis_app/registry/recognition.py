"""A product's recognition on a day: the one place that says whether it is an OCOP product and at how many stars.

Pages, QR labels, the API, layers and reports ask `recognition_of(product, on)` for one product and
`Product.objects.with_current_stars(on)` / `.ocop(on)` for many, so the rule lives only here and in the
queryset methods next to the model.
"""
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Recognition:
    state: str  # "in_force", "expired", "revoked" or "not_rated"
    stars: int | None = None  # of the decision in force, or of the last decision when expired/revoked
    decision_number: str = ""
    decision_date: date | None = None
    valid_until: date | None = None
    revoked_on: date | None = None
    evaluation: object = None

    IN_FORCE, EXPIRED, REVOKED, NOT_RATED = "in_force", "expired", "revoked", "not_rated"

    @property
    def in_force(self):
        return self.state == self.IN_FORCE

    @property
    def label(self):
        """The glossary's words for this state ('3 sao', 'hết hiệu lực công nhận', …) in the active language."""
        if self.state == self.IN_FORCE:
            return ngettext("%(stars)d star", "%(stars)d stars", self.stars) % {"stars": self.stars}
        return {self.EXPIRED: _("recognition expired"), self.REVOKED: _("recognition revoked"),
                self.NOT_RATED: _("not yet rated")}[self.state]


def recognition_of(product, on=None):
    """The recognition of `product` on `on` (default today in Vietnam)."""
    day = on or timezone.localdate()
    decisions = [e for e in product.evaluations.all() if e.is_recognised and e.decision_date <= day]
    if not decisions:
        return Recognition(Recognition.NOT_RATED)
    in_force = [e for e in decisions if e.valid_until >= day]
    if in_force:
        best = max(in_force, key=lambda e: (e.stars, e.decision_date))
        return _of(best, Recognition.IN_FORCE)
    return _of(max(decisions, key=lambda e: e.decision_date), Recognition.EXPIRED)


def _of(evaluation, state):
    return Recognition(state, evaluation.stars, evaluation.decision_number, evaluation.decision_date,
                       evaluation.valid_until, None, evaluation)
