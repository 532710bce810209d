"""Dossiers (hồ sơ: Form 01 registration, Form 02 self-assessment, attachments), their commune pre-check, the
province's evaluation rounds and the council members' score sheets.

A submitted dossier and a closed score sheet do not change: their save and delete refuse (the history keeps
every version); what follows them (check, assignment, decision) is recorded in the workflow fields only.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gis_app.core.text import NormalizedTextMixin
from gis_app.criteria.models import CriteriaSheet, EliminatingCondition, Option, SheetNode
from gis_app.registry.models import CouncilLevel, Producer, Product, RuleSet


class Locked(ValidationError):
    """A change to a record the rule has closed (a submitted dossier, a closed score sheet)."""


class Round(NormalizedTextMixin, models.Model):
    """A provincial evaluation round (đợt đánh giá), due by 30/6 or 30/12."""

    name = models.CharField(_("name"), max_length=200)
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    due_on = models.DateField(_("due by"), help_text=_(
        "a deadline of the rule set's provincial rounds (for 26/2026: 30/6 and 30/12)"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT,
                                  related_name="+")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("council members"), blank=True,
                                     related_name="council_rounds")
    closed = models.BooleanField(_("closed"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-due_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(due_on__gte=models.F("opened_on")),
                                              name="round_due_after_opening")]

    def __str__(self):
        return self.name

    def deadlines(self):
        """The rule set's provincial round deadlines (dated rows citing their article), as (month, day, source)."""
        return [(d.month, d.day, d.source) for d in self.rule_set.round_deadlines.filter(
            council_level=CouncilLevel.PROVINCE).order_by("month", "day")]

    def clean(self):
        deadlines = self.deadlines() if self.rule_set_id else []
        if self.due_on and deadlines and (self.due_on.month, self.due_on.day) not in [d[:2] for d in deadlines]:
            raise ValidationError({"due_on": gettext("Under %(rule_set)s a provincial round is due by %(days)s "
                                                     "(%(source)s).") % {
                "rule_set": self.rule_set.code, "days": ", ".join(f"{d:02d}/{m:02d}" for m, d, _s in deadlines),
                "source": deadlines[0][2]}})
        if self.due_on and self.opened_on and self.due_on < self.opened_on:
            raise ValidationError({"due_on": gettext("The round cannot be due before it opens.")})
        if self.rule_set_id and self.opened_on and not self.rule_set.covers(self.opened_on):
            raise ValidationError({"rule_set": gettext("Rule set %(rule_set)s is not in force on %(date)s.") % {
                "rule_set": self.rule_set.code, "date": self.opened_on.strftime("%d/%m/%Y")}})


class Dossier(NormalizedTextMixin, models.Model):
    class Kind(models.TextChoices):
        FIRST = "first", _("first evaluation")
        UPGRADE = "upgrade", _("upgrade")
        RERATING = "rerating", _("re-rating")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted to the commune")
        RETURNED = "returned", _("returned by the commune")
        FORWARDED = "forwarded", _("checked and forwarded")
        IN_ROUND = "in_round", _("being scored")
        SCORED = "scored", _("scored")
        DECIDED = "decided", _("decided")

    # What the producer writes (Form 01, Form 02, attachments): frozen once submitted.
    FORM_FIELDS = ("product_id", "sheet_id", "kind", "representative", "phone", "description", "capacity")
    EDITABLE_STATES = (State.DRAFT, State.RETURNED)

    producer = models.ForeignKey(Producer, verbose_name=_("producer"), on_delete=models.PROTECT,
                                 related_name="dossiers")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT,
                                related_name="dossiers")
    sheet = models.ForeignKey(CriteriaSheet, verbose_name=_("criteria sheet"), on_delete=models.PROTECT,
                              related_name="dossiers")
    kind = models.CharField(_("kind of evaluation"), max_length=16, choices=Kind.choices, default=Kind.FIRST)
    representative = models.CharField(_("representative"), max_length=200)
    phone = models.CharField(_("phone"), max_length=32)
    description = models.TextField(_("product description"))
    capacity = models.CharField(_("production capacity"), max_length=255, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    return_reason = models.TextField(_("reasons for returning"), blank=True)
    round = models.ForeignKey(Round, verbose_name=_("evaluation round"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="dossiers")
    council_total = models.DecimalField(_("council total"), max_digits=5, decimal_places=2, null=True, blank=True)
    council_stars = models.PositiveSmallIntegerField(_("stars from the council's sheet"), null=True, blank=True)
    eliminated_by = models.ManyToManyField(EliminatingCondition, verbose_name=_("eliminating conditions found"),
                                           blank=True)
    decided_stars = models.PositiveSmallIntegerField(_("stars decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for rating lower"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("OCOP dossier")
        verbose_name_plural = _("OCOP dossiers")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.product} ({self.get_kind_display()})"

    @property
    def editable(self):
        return self.state in self.EDITABLE_STATES

    @property
    def commune(self):
        return self.producer.commune

    def save(self, *args, **kwargs):
        if self.pk:
            stored = type(self)._base_manager.filter(pk=self.pk).values(*self.FORM_FIELDS, "state").first()
            if stored and stored["state"] not in self.EDITABLE_STATES and any(
                    stored[name] != getattr(self, name) for name in self.FORM_FIELDS):
                raise Locked(gettext("A submitted dossier cannot be changed (its versions are in the history)."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not self.editable:
            raise Locked(gettext("A submitted dossier cannot be deleted."))
        return super().delete(*args, **kwargs)


def _check_open(dossier):
    if not dossier.editable:
        raise Locked(gettext("A submitted dossier cannot be changed (its versions are in the history)."))


class Answer(models.Model):
    """The producer's self-assessment of one criterion (Form 02)."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(SheetNode, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, verbose_name=_("option"), on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-assessment answer")
        verbose_name_plural = _("self-assessment answers")
        constraints = [models.UniqueConstraint(fields=["dossier", "criterion"], name="answer_one_per_criterion")]

    def save(self, *args, **kwargs):
        _check_open(self.dossier)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _check_open(self.dossier)
        return super().delete(*args, **kwargs)


def private_storage():
    """Dossier documents (business registration, test results …) are not public: kept outside MEDIA_ROOT, which
    the web server may serve, and read only through the dossier's page (`views.attachment`)."""
    return FileSystemStorage(location=getattr(settings, "OCOP_PRIVATE_MEDIA_ROOT",
                                              settings.BASE_DIR / "var" / "private"), base_url=None)


class Attachment(models.Model):
    """A document of the dossier (business registration, test results, VietGAP …): a photo through the photo
    pipeline (re-encoded, metadata removed) or a PDF."""

    class Kind(models.TextChoices):
        BUSINESS_REGISTRATION = "business_registration", _("business registration")
        TEST_RESULTS = "test_results", _("product test results")
        CERTIFICATE = "certificate", _("quality certificate (VietGAP, HACCP …)")
        LABEL = "label", _("label and packaging")
        OTHER = "other", _("other document")

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE,
                                related_name="attachments")
    kind = models.CharField(_("kind of document"), max_length=32, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="dossiers/%Y/", storage=private_storage)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier attachment")
        verbose_name_plural = _("dossier attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.caption or self.file.name

    def save(self, *args, **kwargs):
        _check_open(self.dossier)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _check_open(self.dossier)
        return super().delete(*args, **kwargs)


class ScoreSheet(models.Model):
    """One council member's sheet for one dossier; closed, it is kept as it stands."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT,
                                related_name="score_sheets")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("council member"), on_delete=models.PROTECT,
                               related_name="score_sheets")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member's score sheet")
        verbose_name_plural = _("members' score sheets")
        constraints = [models.UniqueConstraint(fields=["dossier", "member"], name="scoresheet_one_per_member")]

    def __str__(self):
        return f"{self.dossier} · {self.member}"

    def points(self):
        return {line.criterion_id: line.option.points for line in self.lines.select_related("option")}

    def save(self, *args, **kwargs):
        if self.pk and type(self)._base_manager.filter(pk=self.pk, closed_at__isnull=False).exists():
            raise Locked(gettext("A closed score sheet cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.closed_at:
            raise Locked(gettext("A closed score sheet cannot be deleted."))
        return super().delete(*args, **kwargs)


class ScoreLine(models.Model):
    sheet = models.ForeignKey(ScoreSheet, verbose_name=_("score sheet"), on_delete=models.CASCADE,
                              related_name="lines")
    criterion = models.ForeignKey(SheetNode, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, verbose_name=_("option"), on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="scoreline_one_per_criterion")]

    def _check(self):
        if ScoreSheet.objects.filter(pk=self.sheet_id, closed_at__isnull=False).exists():
            raise Locked(gettext("A closed score sheet cannot be changed."))

    def save(self, *args, **kwargs):
        self._check()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check()
        return super().delete(*args, **kwargs)
