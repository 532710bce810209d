"""Post-recognition inspections (kiểm tra, giám sát sau công nhận) of OCOP products, and their follow-up actions.

Staff records: an area officer keeps those of the products of the area, provincial officers all; the public
never sees them (no API resource, layer, export or page).
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gis_app.core.access import EDIT, Access
from gis_app.registry.models import Evaluation, Product

# Where the two kinds come from. Only secondary sources that cite the decision were reachable
# (../shared/DESIGN.md §7), so the text says so, on screen too, until someone compares it with the official text.
KIND_SOURCE = ("Quyết định 26/2026/QĐ-TTg, Điều 9 (kiểm tra, giám sát định kỳ và đột xuất); theo các nguồn "
               "thứ cấp trích dẫn văn bản; chưa đối chiếu văn bản gốc")


def _day(value):
    return value.strftime("%d/%m/%Y")


class InspectionQuerySet(models.QuerySet):
    def serious_without_revocation(self):
        """Serious inspections whose product has no revocation recorded on or after the inspection day: the
        revocation they propose is still to be decided (one query; the registry's evaluation keeps the revocation
        day and number the decision writes)."""
        revoked = Evaluation.objects.filter(product=OuterRef("product"), revoked_on__gte=OuterRef("date"))
        return self.filter(outcome=Inspection.Outcome.SERIOUS).exclude(Exists(revoked))


class Inspection(models.Model):
    """One inspection visit to a recognised product's producer, with what was found and what follows."""

    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Periodic")
        UNANNOUNCED = "unannounced", _("Unannounced")

    class Outcome(models.TextChoices):
        MEETS = "meets", _("Meets the criteria")
        TO_FIX = "to_fix", _("Issues to fix")
        SERIOUS = "serious", _("Serious: revocation proposed")

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT,
                                related_name="inspections")
    date = models.DateField(_("inspection date"))
    kind = models.CharField(_("kind of inspection"), max_length=16, choices=Kind.choices,
                            help_text=KIND_SOURCE)
    kind_source = models.CharField(_("source of the kind"), max_length=255, default=KIND_SOURCE, editable=False)
    body = models.CharField(_("inspecting body"), max_length=255)
    inspectors = models.TextField(_("inspectors"), blank=True, help_text=_("One name per line, with position."))
    findings = models.TextField(_("findings"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InspectionQuerySet.as_manager()
    history = HistoricalRecords()
    # An area officer keeps the inspections of the products of the area (the product's producer's commune);
    # producers and tourism planners have no grant, so they never see them.
    access = Access(area=("product__producer__commune", "product__producer__location"), area_officer=EDIT)

    class Meta:
        verbose_name = _("post-recognition inspection")
        verbose_name_plural = _("post-recognition inspections")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.product} · {_day(self.date)}" if self.date and self.product_id else gettext("inspection")

    def recognition(self):
        """The product's recognition in force on the inspection day (the evaluation a revocation would revoke)."""
        if not (self.product_id and self.date):
            return None
        return (Evaluation.objects.decisions().filter(product_id=self.product_id, decision_date__lte=self.date,
                                                      valid_until__gte=self.date)
                .order_by("-decision_date", "-pk").first())

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": gettext("The inspection date (%(date)s) is in the future: record an "
                                                   "inspection once it has taken place.") % {"date": _day(self.date)}})


class FollowUpQuerySet(models.QuerySet):
    def overdue(self, day=None):
        """Actions not done whose due date has passed on `day` (default today in Vietnam), oldest first."""
        return (self.filter(done_on__isnull=True, due_on__lt=day or timezone.localdate())
                .order_by("due_on", "pk"))


class FollowUp(models.Model):
    """An action the inspection asks of the producer, with its due date and the date it was done."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE,
                                   related_name="follow_ups")
    action = models.TextField(_("follow-up action"))
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords()
    access = Access(area=("inspection__product__producer__commune", "inspection__product__producer__location"),
                    area_officer=EDIT)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.action[:60]

    def clean(self):
        try:  # an inline row of an inspection being added has its (unsaved) inspection, not yet its id
            inspected = self.inspection.date
        except Inspection.DoesNotExist:
            inspected = None
        errors = {}
        if inspected and self.done_on and self.done_on < inspected:
            errors["done_on"] = gettext("The follow-up cannot be done (%(done)s) before the inspection "
                                        "(%(date)s).") % {"done": _day(self.done_on), "date": _day(inspected)}
        if inspected and self.due_on and self.due_on < inspected:
            errors["due_on"] = gettext("The due date (%(due)s) is before the inspection (%(date)s).") % {
                "due": _day(self.due_on), "date": _day(inspected)}
        if self.done_on and self.done_on > timezone.localdate():
            errors["done_on"] = gettext("The done date (%(done)s) is in the future.") % {"done": _day(self.done_on)}
        if errors:
            raise ValidationError(errors)
