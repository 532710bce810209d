"""Criteria sheets (phiếu đánh giá) as data: per rule set and product set, parts A/B/C → sections → criteria →
options with points; criteria mandatory from a star level; eliminating conditions; the council's method.

Every row says where it comes from (`source`) and how far that was checked (`provenance`): a row not checked
against the official text is marked, in data and on every page that shows it, never passed off as the law.
"""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gis_app.core.text import NormalizedTextMixin
from gis_app.registry.models import ProductSubgroup, RuleSet


class Provenance(models.TextChoices):
    OFFICIAL = "official", _("checked against the official text")
    SECONDARY = "secondary", _("from secondary sources; not checked against the original text")
    DEMO = "demo", _("illustrative data, not checked against the original text")


class CriteriaSheet(NormalizedTextMixin, models.Model):
    """The criteria of one product set (sub-group) under one rule set."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT,
                                 related_name="criteria_sheets")
    subgroup = models.ForeignKey(ProductSubgroup, verbose_name=_("product set"), on_delete=models.PROTECT,
                                 related_name="criteria_sheets")
    title = models.CharField(_("title"), max_length=255)
    source = models.CharField(_("source"), max_length=500)
    provenance = models.CharField(_("provenance"), max_length=16, choices=Provenance.choices)
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)

    class Meta:
        verbose_name = _("criteria sheet")
        verbose_name_plural = _("criteria sheets")
        ordering = ["rule_set__effective_from", "subgroup__code"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "subgroup"], name="criteriasheet_one_per_set")]

    def __str__(self):
        return f"{self.rule_set} · {self.subgroup.code}"

    @property
    def is_demo(self):
        """Whether any row of the sheet is illustrative (the page then says so)."""
        return (self.provenance == Provenance.DEMO or self.nodes.filter(provenance=Provenance.DEMO).exists()
                or self.eliminating_conditions.filter(provenance=Provenance.DEMO).exists())

    def criteria(self):
        """The scorable rows (criteria), in sheet order."""
        return self.nodes.filter(kind=SheetNode.Kind.CRITERION).order_by("position")


class SheetNode(NormalizedTextMixin, models.Model):
    """A part (A, B, C), a section (1, 1.1 …) or a criterion; a criterion's points are those of its options."""

    class Kind(models.TextChoices):
        PART = "part", _("part")
        SECTION = "section", _("section")
        CRITERION = "criterion", _("criterion")

    class OnFailure(models.TextChoices):
        CAP = "cap", _("the star level is capped below the level it is mandatory for")
        REFUSE = "refuse", _("the product is not rated")

    sheet = models.ForeignKey(CriteriaSheet, verbose_name=_("criteria sheet"), on_delete=models.CASCADE,
                              related_name="nodes")
    parent = models.ForeignKey("self", verbose_name=_("parent"), on_delete=models.CASCADE, null=True, blank=True,
                               related_name="children")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=32)
    title = models.CharField(_("title"), max_length=500)
    max_points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    position = models.PositiveIntegerField(_("order"))
    mandatory_from_stars = models.PositiveSmallIntegerField(
        _("mandatory from (stars)"), null=True, blank=True,
        help_text=_("a product below this criterion's required points cannot reach this star level"))
    required_points = models.DecimalField(_("points required"), max_digits=5, decimal_places=2, null=True,
                                          blank=True, help_text=_("blank: any option worth more than 0 points"))
    on_failure = models.CharField(_("when not met"), max_length=8, choices=OnFailure.choices, blank=True)
    source = models.CharField(_("source"), max_length=500)
    provenance = models.CharField(_("provenance"), max_length=16, choices=Provenance.choices)

    class Meta:
        verbose_name = _("sheet row")
        verbose_name_plural = _("sheet rows")
        ordering = ["sheet", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "code"], name="sheetnode_code_unique"),
            models.CheckConstraint(condition=Q(mandatory_from_stars__isnull=True)
                                   | Q(mandatory_from_stars__gte=2, mandatory_from_stars__lte=5, kind="criterion"),
                                   name="sheetnode_mandatory_on_criteria"),
            models.CheckConstraint(condition=Q(mandatory_from_stars__isnull=True) | ~Q(on_failure=""),
                                   name="sheetnode_mandatory_says_effect"),
        ]

    def __str__(self):
        return f"{self.code}. {self.title}"

    @property
    def part(self):
        return self.code.split(".")[0]

    @property
    def depth(self):
        return self.code.count(".")

    def is_met_by(self, option):
        """Whether `option` (or None: unanswered) meets this criterion's mandatory requirement."""
        if option is None:
            return False
        if self.required_points is None:
            return option.points > 0
        return option.points >= self.required_points


class Option(NormalizedTextMixin, models.Model):
    criterion = models.ForeignKey(SheetNode, verbose_name=_("criterion"), on_delete=models.CASCADE,
                                  related_name="options", limit_choices_to={"kind": SheetNode.Kind.CRITERION})
    label = models.CharField(_("option"), max_length=500)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    position = models.PositiveIntegerField(_("order"))
    source = models.CharField(_("source"), max_length=500)
    provenance = models.CharField(_("provenance"), max_length=16, choices=Provenance.choices)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["criterion", "position"]
        constraints = [models.CheckConstraint(condition=Q(points__gte=0), name="option_points_non_negative")]

    def __str__(self):
        return f"{self.label} ({self.points})"


class EliminatingCondition(NormalizedTextMixin, models.Model):
    """A condition that, when found, ends the dossier's evaluation (no stars)."""

    sheet = models.ForeignKey(CriteriaSheet, verbose_name=_("criteria sheet"), on_delete=models.CASCADE,
                              related_name="eliminating_conditions")
    code = models.CharField(_("code"), max_length=32)
    title = models.CharField(_("condition"), max_length=500)
    position = models.PositiveIntegerField(_("order"))
    source = models.CharField(_("source"), max_length=500)
    provenance = models.CharField(_("provenance"), max_length=16, choices=Provenance.choices)

    class Meta:
        verbose_name = _("eliminating condition")
        verbose_name_plural = _("eliminating conditions")
        ordering = ["sheet", "position"]
        constraints = [models.UniqueConstraint(fields=["sheet", "code"], name="eliminating_code_unique")]

    def __str__(self):
        return f"{self.code}. {self.title}"


class CouncilMethod(NormalizedTextMixin, models.Model):
    """How a council turns its members' sheets into one result, under a rule set (a dated data row)."""

    class Method(models.TextChoices):
        AVERAGE = "average", _("average of the members' scores")
        MEDIAN = "median", _("median of the members' scores")

    rule_set = models.OneToOneField(RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT,
                                    related_name="council_method")
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    source = models.CharField(_("source"), max_length=500)
    provenance = models.CharField(_("provenance"), max_length=16, choices=Provenance.choices)

    class Meta:
        verbose_name = _("council scoring method")
        verbose_name_plural = _("council scoring methods")

    def __str__(self):
        return f"{self.rule_set} · {self.get_method_display()}"
