"""Who signs OCOP decisions, and the decisions themselves: numbered per issuer per year, each recognising (or
revoking) a batch of evaluations.

- `Issuer`: a named body as dated data (fixtures/issuers.csv): UBND tỉnh Bình Dương until 30/06/2025, the
  committee of each former district under each of its names, UBND Thành phố Hồ Chí Minh from 01/07/2025, the
  ministry under its two names. `valid_to` is the first day it no longer issues, as `AdminUnit.valid_to`.
- `Decision`: number, date, issuer, kind (recognition / revocation), subject; a revocation has a reason from
  `RevocationReason` (dated by rule set, citing its article).
- `DecisionItem`: one evaluation of the batch. The registry keeps the evaluation's decision number and date as
  text; this app owns the link (the registry imports nothing from here).

Who may recognise which star level is not restated here: it is the registry's `RecognitionRule` rows
(fixtures/recognition_rules.csv); an issuer's level maps onto their `issuing_authority`.
"""
import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gis_app.core.access import VIEW, Access
from gis_app.core.text import NormalizedTextMixin
from gis_app.core.validity import UNTIL_BEFORE, in_force_q
from gis_app.places.models import AdminUnit
from gis_app.registry.models import (
    UNVERIFIED_MARK,
    BilingualName,
    Evaluation,
    IssuingAuthority,
    RecognitionRule,
    RuleSet,
)
from gis_app.registry.rules import DECISION_NUMBER, is_decision_number

DAY = datetime.timedelta(days=1)


def _day(value):
    return value.strftime("%d/%m/%Y") if value else "…"


class IssuerQuerySet(models.QuerySet):
    def valid_on(self, day):
        """The issuers that may sign on `day` (valid_from included, valid_to excluded)."""
        return self.filter(in_force_q(day, validity=Issuer.VALIDITY))


class Issuer(NormalizedTextMixin, BilingualName):
    """A body that signs OCOP decisions, for the period it exists under this name."""

    VALIDITY = UNTIL_BEFORE  # valid_to: the first day it no longer signs (as AdminUnit)

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province (provincial People's Committee)")
        DISTRICT = "district", _("District (district People's Committee)")
        MINISTRY = "ministry", _("Ministry")

    key = models.SlugField(_("key"), max_length=64, unique=True,
                           help_text=_("the row's identifier in fixtures/issuers.csv"))
    code = models.CharField(_("code in decision numbers"), max_length=32,
                            help_text=_("what follows “QĐ-” in its decision numbers, e.g. UBND, BNNMT"))
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    unit = models.ForeignKey(AdminUnit, verbose_name=_("administrative unit"), on_delete=models.PROTECT,
                             null=True, blank=True, related_name="issuers",
                             help_text=_("the province or district whose committee this is; blank for a ministry"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True,
                                help_text=_("first day it no longer issues decisions (as for administrative units)"))
    successor = models.ForeignKey("self", verbose_name=_("successor"), on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="predecessors",
                                  help_text=_("the body that takes over its decisions (a revocation comes from it)"))
    legal_basis = models.CharField(_("legal basis"), max_length=600)

    objects = IssuerQuerySet.as_manager()
    access = Access(producer=VIEW, area_officer=VIEW)  # reference data

    class Meta:
        verbose_name = _("issuer")
        verbose_name_plural = _("issuers")
        ordering = ["level", "name_vi", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                                   name="issuer_validity_ordered"),
            models.CheckConstraint(condition=Q(level="ministry") | Q(unit__isnull=False),
                                   name="issuer_committee_has_unit"),
        ]

    def covers(self, day):
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    def period_label(self):
        """Its period with both ends as days it signs: “01/01/1997 – 30/06/2025”."""
        return f"{_day(self.valid_from)} – {_day(self.valid_to - DAY) if self.valid_to else '…'}"

    @property
    def authority(self):
        """The registry's issuing authority (RecognitionRule.issuing_authority) this level is."""
        return AUTHORITY_OF_LEVEL[self.level]

    @property
    def unverified(self):
        return UNVERIFIED_MARK in self.legal_basis

    def successors(self):
        """This issuer and the bodies that took over from it, in order."""
        chain, issuer = [], self
        while issuer is not None and issuer not in chain:
            chain.append(issuer)
            issuer = issuer.successor
        return chain

    def lineage_on(self, day):
        """The body of this line (predecessors or successors) that signs on `day`, or None."""
        for issuer in self.successors():
            if issuer.covers(day):
                return issuer
        seen, todo = set(), [self]
        while todo:
            issuer = todo.pop()
            if issuer.pk in seen:
                continue
            seen.add(issuer.pk)
            if issuer.covers(day):
                return issuer
            todo.extend(issuer.predecessors.all())
        return None


AUTHORITY_OF_LEVEL = {
    Issuer.Level.PROVINCE: IssuingAuthority.PROVINCIAL_COMMITTEE,
    Issuer.Level.DISTRICT: IssuingAuthority.DISTRICT_COMMITTEE,
    Issuer.Level.MINISTRY: IssuingAuthority.MINISTRY,
}


class RevocationReason(NormalizedTextMixin, BilingualName):
    """A reason the rule set lists for revoking a recognition, citing its article."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT,
                                 related_name="revocation_reasons")
    source = models.CharField(_("source"), max_length=500)

    access = Access(producer=VIEW, area_officer=VIEW)

    class Meta:
        verbose_name = _("revocation reason")
        verbose_name_plural = _("revocation reasons")
        ordering = ["rule_set__effective_from", "code"]

    def __str__(self):
        mark = f" ({UNVERIFIED_MARK})" if self.unverified else ""
        return f"{self.rule_set.code} · {self.name}{mark}"

    @property
    def unverified(self):
        return UNVERIFIED_MARK in self.source


class Decision(NormalizedTextMixin, models.Model):
    """A signed decision recognising, or revoking the recognition of, a batch of evaluated products."""

    class Kind(models.TextChoices):
        RECOGNITION = "recognition", _("Recognition")
        REVOCATION = "revocation", _("Revocation")

    number = models.CharField(_("decision number"), max_length=64,
                              help_text=_("as on the decision: “1002/QĐ-UBND” or “26/2026/QĐ-TTg”"))
    date = models.DateField(_("decision date"))
    issuer = models.ForeignKey(Issuer, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.RECOGNITION)
    subject = models.CharField(_("subject"), max_length=500,
                               help_text=_("“Về việc công nhận kết quả đánh giá, phân hạng sản phẩm OCOP năm … (đợt …)”"))
    reason = models.ForeignKey(RevocationReason, verbose_name=_("reason for revocation"), on_delete=models.PROTECT,
                               null=True, blank=True, related_name="decisions",
                               help_text=_("only for a revocation: one of the reasons its rule set lists"))
    reason_detail = models.TextField(_("details of the reason"), blank=True, default="", db_default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    access = Access(by_province=True)  # as recognition decisions: provincial officers and administrators

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-date", "issuer__name_vi", "number"]
        constraints = [
            # numbered per issuer per year: 12/QĐ-UBND of 2024 and of 2025 are two decisions
            models.UniqueConstraint(F("issuer"), ExtractYear("date"), F("number"), name="decision_number_per_issuer_year",
                                    violation_error_message=_("This issuer already has a decision with this number "
                                                              "in that year.")),
            models.CheckConstraint(condition=Q(number__regex=f"^{DECISION_NUMBER}$"), name="decision_number_form"),
            models.CheckConstraint(condition=Q(kind="recognition", reason__isnull=True)
                                   | Q(kind="revocation", reason__isnull=False), name="decision_reason_iff_revocation"),
        ]
        indexes = [models.Index(fields=["issuer", "date"], name="decision_issuer_date_idx")]

    def __str__(self):
        return f"{self.number} ngày {_day(self.date)}" if self.date else self.number

    @property
    def year(self):
        return self.date.year if self.date else None

    def clean(self):
        errors = {}
        issuer = self.issuer if self.issuer_id else None
        today = timezone.localdate()
        if self.date and self.date > today:
            errors["date"] = gettext(
                "The decision date %(date)s is after today (%(today)s): record a decision once it is signed.") % {
                "date": _day(self.date), "today": _day(today)}
        if self.number and not is_decision_number(self.number):
            errors["number"] = gettext(
                "“%(number)s” is not a decision number: write it as on the decision, “<number>/QĐ-<issuer code>” "
                "(1002/QĐ-UBND) or with the year, “26/2026/QĐ-TTg”.") % {"number": self.number}
        elif self.number and issuer and not re.search(f"/QĐ-{re.escape(issuer.code)}(?:-|$)", self.number):
            errors["number"] = gettext("A decision of %(issuer)s is numbered “…/QĐ-%(code)s…”, not “%(number)s”.") % {
                "issuer": issuer.name, "code": issuer.code, "number": self.number}
        if issuer and self.date and not issuer.covers(self.date):
            errors["issuer"] = issuer_refusal(issuer, self.date)
        if issuer and self.date and self.number and "number" not in errors:
            clash = Decision.objects.filter(issuer=issuer, date__year=self.date.year, number=self.number)
            if clash.exclude(pk=self.pk).exists():
                errors["number"] = gettext(
                    "%(issuer)s already has decision %(number)s in %(year)d: decisions are numbered per issuer per "
                    "year.") % {"issuer": issuer.name, "number": self.number, "year": self.date.year}
        if self.kind == self.Kind.REVOCATION:
            if self.reason_id is None:
                errors["reason"] = gettext("Give the reason for the revocation, from the list of its rule set.")
            elif self.date and not self.reason.rule_set.covers(self.date):
                in_force = RuleSet.objects.in_force_on(self.date).first()
                errors["reason"] = gettext(
                    "The reason “%(reason)s” is listed by rule set %(rule_set)s; on %(date)s rule set %(in_force)s "
                    "is in force: choose one of its reasons.") % {
                    "reason": self.reason.name, "rule_set": self.reason.rule_set.code, "date": _day(self.date),
                    "in_force": in_force.code if in_force else "…"}
        elif self.reason_id is not None:
            errors["reason"] = gettext("Only a revocation has a reason for revocation: leave it blank.")
        if not errors and self.pk:
            for item in self.items.select_related("evaluation__product__producer", "evaluation__rule_set"):
                for message in item.errors(decision=self).values():
                    errors.setdefault("issuer" if self.kind == self.Kind.RECOGNITION else "__all__", []).append(
                        message)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        for item in self.items.select_related("evaluation"):  # the certificates follow the decision's day
            sync_certificate(item)


def issuer_refusal(issuer, day):
    """Why `issuer` cannot sign on `day`, naming it, its period and the body of its line that signs that day."""
    context = {"issuer": issuer.name, "period": issuer.period_label(), "date": _day(day)}
    other = issuer.lineage_on(day)
    if other is None:
        return gettext("%(issuer)s signs decisions from %(period)s only; it cannot have signed on %(date)s.") % context
    return gettext("%(issuer)s signs decisions from %(period)s only; on %(date)s its decisions are signed by "
                   "%(other)s (%(other_period)s).") % {**context, "other": other.name,
                                                       "other_period": other.period_label()}


class DecisionItem(models.Model):
    """One evaluation in a decision's batch: the product it recognises, or whose recognition it revokes."""

    decision = models.ForeignKey(Decision, verbose_name=_("decision"), on_delete=models.CASCADE,
                                 related_name="items")
    evaluation = models.ForeignKey(Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE,
                                   related_name="decision_items")
    # The decision's kind, kept on the row so the database holds one recognition and one revocation per evaluation.
    kind = models.CharField(_("kind"), max_length=16, choices=Decision.Kind.choices, editable=False)

    access = Access(by_province=True)

    class Meta:
        verbose_name = _("product in the decision")
        verbose_name_plural = _("products in the decision")
        ordering = ["decision", "evaluation__product__name"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "kind"], name="decisionitem_one_per_kind",
                                    violation_error_message=_("This evaluation is already in a decision of this "
                                                              "kind.")),
        ]

    def __str__(self):
        return f"{self.decision} · {self.evaluation.product}" if self.evaluation_id else str(self.decision)

    def clean(self):
        try:
            decision = self.decision
        except Decision.DoesNotExist:
            return
        if self.evaluation_id is None:
            return
        errors = self.errors()
        clash = DecisionItem.objects.filter(evaluation_id=self.evaluation_id, kind=decision.kind)
        if decision.pk:
            clash = clash.exclude(decision=decision)
        if clash.exclude(pk=self.pk).exists():
            errors.setdefault("evaluation", gettext(
                "This evaluation is already in another decision of this kind (%(kind)s).") % {
                "kind": decision.get_kind_display()})
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.kind = self.decision.kind
        super().save(*args, **kwargs)
        sync_certificate(self)  # each recognised product gets its certificate

    def errors(self, decision=None):
        """What refuses this evaluation in `decision` (default its own), as {field: message}."""
        decision = decision or self.decision
        evaluation = self.evaluation
        if not (decision.date and decision.issuer_id):
            return {}
        context = {"product": evaluation.product.name, "number": decision.number, "date": _day(decision.date),
                   "issuer": decision.issuer.name}
        if decision.kind == Decision.Kind.RECOGNITION:
            return self._recognition_errors(decision, evaluation, context)
        return self._revocation_errors(decision, evaluation, context)

    @staticmethod
    def _recognition_errors(decision, evaluation, context):
        if evaluation.valid_until is None:
            return {"evaluation": gettext(
                "%(product)s: a result below 3 stars receives no recognition decision.") % context}
        if (evaluation.decision_number, evaluation.decision_date) != (decision.number, decision.date):
            return {"evaluation": gettext(
                "%(product)s: its evaluation records decision “%(given)s” of %(given_date)s, not %(number)s of "
                "%(date)s.") % {**context, "given": evaluation.decision_number or "—",
                                "given_date": _day(evaluation.decision_date)}}
        rule = RecognitionRule.objects.applying(evaluation.rule_set, decision.date, evaluation.stars).first()
        if rule is not None and rule.issuing_authority != decision.issuer.authority:
            return {"evaluation": gettext(
                "%(product)s (%(stars)d stars): on %(date)s it is recognised by the %(expected)s, not by "
                "%(issuer)s (%(source)s).") % {**context, "stars": evaluation.stars,
                                                "expected": rule.get_issuing_authority_display(),
                                                "source": rule.source}}
        unit = decision.issuer.unit
        location = evaluation.product.producer.location if evaluation.product.producer_id else None
        if unit is not None and location is not None and not unit.geom.covers(location):
            return {"evaluation": gettext(
                "%(product)s: its producer is outside the area of %(issuer)s.") % context}
        return {}

    @staticmethod
    def _revocation_errors(decision, evaluation, context):
        if (evaluation.revocation_number, evaluation.revoked_on) != (decision.number, decision.date):
            return {"evaluation": gettext(
                "%(product)s: its evaluation records revocation “%(given)s” of %(given_date)s, not %(number)s of "
                "%(date)s.") % {**context, "given": evaluation.revocation_number or "—",
                                "given_date": _day(evaluation.revoked_on)}}
        granted = (DecisionItem.objects.filter(evaluation=evaluation, kind=Decision.Kind.RECOGNITION)
                   .select_related("decision__issuer").first())
        if granted is None:
            return {"evaluation": gettext(
                "%(product)s: record the decision that recognised it before the one revoking it.") % context}
        allowed = granted.decision.issuer.successors()
        if decision.issuer not in allowed:
            return {"evaluation": gettext(
                "%(product)s was recognised by %(granting)s (%(granted)s): only it or the body that took over from "
                "it (%(chain)s) revokes that recognition, not %(issuer)s.") % {
                **context, "granting": granted.decision.issuer.name, "granted": granted.decision,
                "chain": ", ".join(i.name for i in allowed[1:]) or "—"}}
        return {}


# The words of a rule set's `decision_form` (fixtures/rule_sets.csv) that say a certificate comes with the decision.
CERTIFICATE_WORDS = "Giấy chứng nhận"


class Certificate(models.Model):
    """The certificate (Giấy chứng nhận sản phẩm OCOP) of one product a recognition decision recognises.

    A stored row, as an office keeps its register of certificates: made when a recognition `DecisionItem` is
    saved (admin, loader, API all save through it), its days kept in step with the decision and the evaluation.
    `number` is the one printed on the certificate, given only where the rule set's decision form issues one
    (148/2023, 26/2026: “kèm Giấy chứng nhận”); under 1048/2019 the decision itself is the proof.
    """

    item = models.OneToOneField(DecisionItem, verbose_name=_("product in the decision"), on_delete=models.CASCADE,
                                related_name="certificate")
    number = models.CharField(_("certificate number"), max_length=64, blank=True, default="", db_default="",
                              help_text=_("as printed on the certificate; only where the rule set's decision form "
                                          "issues one"))
    issued_on = models.DateField(_("issued on"), help_text=_("the day of the recognition decision"))
    valid_until = models.DateField(_("valid until"), help_text=_("the validity of the recognised evaluation"))

    history = HistoricalRecords()
    access = Access(by_province=True)

    class Meta:
        verbose_name = _("OCOP product certificate")
        verbose_name_plural = _("OCOP product certificates")
        ordering = ["-issued_on", "item__evaluation__product__name"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gt=F("issued_on")), name="certificate_valid_after_issue"),
        ]

    def __str__(self):
        return self.number or f"{self.item}"

    @property
    def evaluation(self):
        return self.item.evaluation

    @property
    def revoked_on(self):
        return self.item.evaluation.revoked_on

    def clean(self):
        if self.number.strip() and self.item_id:
            rule_set = self.item.evaluation.rule_set
            if not gives_certificate(rule_set):
                raise ValidationError({"number": gettext(
                    "Rule set %(rule_set)s issues no certificate with its decision (“%(form)s”): leave the "
                    "certificate number blank; the decision %(decision)s is the proof.") % {
                    "rule_set": rule_set.code, "form": rule_set.decision_form, "decision": self.item.decision}})


def gives_certificate(rule_set):
    """Whether the rule set's decision form (data) issues a certificate with the recognition decision."""
    return CERTIFICATE_WORDS.casefold() in (rule_set.decision_form or "").casefold()


def sync_certificate(item):
    """Make or refresh the certificate of a recognition item (its days from the decision and the evaluation);
    an item that is not a recognition, or whose evaluation has no validity, has none."""
    evaluation = item.evaluation
    if item.kind != Decision.Kind.RECOGNITION or evaluation.valid_until is None:
        Certificate.objects.filter(item=item).delete()
        return None
    certificate, _created = Certificate.objects.update_or_create(
        item=item, defaults={"issued_on": item.decision.date, "valid_until": evaluation.valid_until})
    return certificate


def follow_evaluation(sender, instance, **kwargs):
    """post_save of an evaluation: its certificate keeps the evaluation's validity (connected in apps.ready)."""
    if instance.valid_until is None:
        Certificate.objects.filter(item__evaluation=instance).delete()
    else:
        Certificate.objects.filter(item__evaluation=instance).exclude(valid_until=instance.valid_until).update(
            valid_until=instance.valid_until)
