"""The OCOP registry: taxonomy, rule sets, producers, products, evaluations, craft villages, tourism sites."""

import datetime

from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gis_app.core.access import EDIT, VIEW, Access
from gis_app.core.constraints import GeometryCheckConstraint
from gis_app.core.geometry_limits import check_geometry_limits

# Moderation and the one visibility rule live in core; where a record lies in places. Importable from here too.
from gis_app.core.publishing import Publishable, PublishableQuerySet, StaleRecord, Status  # noqa: F401
from gis_app.core.spatial import count_of, in_area
from gis_app.core.text import NormalizedTextMixin
from gis_app.core.validity import UNTIL_END_OF, Validity, in_force, in_force_q
from gis_app.places.located import COMMUNES
from gis_app.places.models import AdminUnit
from gis_app.places.territory import PLACES_SQL, commune_at, fill_commune, places_of  # noqa: F401

from .recognition import current_stars_expression, min_recognised_stars
from .rules import add_months, is_decision_number, stars_expression, stars_of
from .validation import check_geometry_valid, check_inside_province, check_lon_lat


class BilingualName(models.Model):
    """A Vietnamese name (the official one) and its English rendering."""

    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    @property
    def name(self):
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi

    def __str__(self):
        return self.name


# --- Taxonomy and rule sets (data, versioned) ---------------------------------------------------


class TaxonomyVersion(NormalizedTextMixin, models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    title = models.CharField(_("title"), max_length=200)
    legal_document = models.CharField(_("legal document"), max_length=100)
    effective_from = models.DateField(_("effective from"))
    source = models.CharField(_("source"), max_length=255, blank=True,
                              help_text=_("the decision (and its annex) this classification is taken from"))

    class Meta:
        verbose_name = _("taxonomy version")
        verbose_name_plural = _("taxonomy versions")
        ordering = ["effective_from"]

    def __str__(self):
        return f"{self.code} ({self.legal_document})"


class ProductSector(NormalizedTextMixin, BilingualName):
    """A sector (ngành) of a classification with three levels (26/2026: 6 sectors → 17 groups → 26 product sets).

    The 2019 and 2023 classifications have two levels in this register (group → sub-group): their groups have no
    sector, so nothing of theirs changes.
    """

    version = models.ForeignKey(TaxonomyVersion, verbose_name=_("taxonomy version"), on_delete=models.PROTECT,
                                related_name="sectors")
    code = models.CharField(_("code"), max_length=32, unique=True)
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("product sector")
        verbose_name_plural = _("product sectors")
        ordering = ["version__effective_from", "code"]


class ProductGroup(NormalizedTextMixin, BilingualName):
    version = models.ForeignKey(TaxonomyVersion, verbose_name=_("taxonomy version"), on_delete=models.PROTECT,
                                related_name="groups")
    code = models.CharField(_("code"), max_length=32, unique=True)
    sector = models.ForeignKey(ProductSector, verbose_name=_("sector"), on_delete=models.PROTECT, null=True,
                               blank=True, related_name="groups",
                               help_text=_("only in classifications with sectors (26/2026)"))
    source = models.CharField(_("source"), max_length=255, blank=True, db_default="")

    access = Access(producer=VIEW, area_officer=VIEW)  # reference data: read by those who file records

    class Meta:
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")
        ordering = ["version__effective_from", "code"]

    def name_on(self, day, english=None):
        """The group's name on `day`: a later official renaming (e.g. 781/2020 for the 2019 tourism group)
        replaces the name from its date."""
        rename = self.renames.filter(valid_from__lte=day).order_by("-valid_from").first() if day else None
        english = (get_language() or "vi").startswith("en") if english is None else english
        source = rename or self
        return source.name_en if english else source.name_vi


class ProductGroupRename(NormalizedTextMixin, BilingualName):
    """An official new name of a group from a date, citing the amending decision (781/2020 renamed the 2019
    tourism group). The group, its code and its products stay the same."""

    group = models.ForeignKey(ProductGroup, verbose_name=_("group"), on_delete=models.CASCADE,
                              related_name="renames")
    valid_from = models.DateField(_("valid from"))
    source = models.CharField(_("source"), max_length=255)

    class Meta:
        verbose_name = _("product group renaming")
        verbose_name_plural = _("product group renamings")
        ordering = ["group__code", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["group", "valid_from"], name="productgrouprename_unique")]


class ProductSubgroup(NormalizedTextMixin, BilingualName):
    group = models.ForeignKey(ProductGroup, verbose_name=_("group"), on_delete=models.PROTECT,
                              related_name="subgroups")
    code = models.CharField(_("code"), max_length=32, unique=True)
    equivalents = models.ManyToManyField(
        "self", verbose_name=_("equivalent sub-groups in other versions"), blank=True, symmetrical=True
    )
    # An explicit "no equivalent" (2019 sales points; 2023 ornamental plants and animals), so that
    # cross-version reports show these products on a line of their own instead of dropping them.
    no_equivalent = models.BooleanField(_("no equivalent in the other version"), default=False)
    # The versions (codes) where this sub-group has, explicitly, no equivalent ("2023;2026" for 2019 sales points).
    no_equivalent_in = ArrayField(models.CharField(max_length=16), verbose_name=_("no equivalent in versions"),
                                  default=list, blank=True, db_default=models.Value(
                                      [], output_field=ArrayField(models.CharField(max_length=16))))
    source = models.CharField(_("source"), max_length=255, blank=True,
                              help_text=_("the decision this sub-group and its correspondence are taken from"))
    # 26/2026 product sets (bộ sản phẩm): their number in Phụ lục I, managing agency and whether the dossier
    # carries product samples. Blank/unknown for the 2019 and 2023 sub-groups.
    number = models.PositiveSmallIntegerField(_("number in the annex"), null=True, blank=True)
    managing_agency = models.CharField(_("managing agency"), max_length=200, blank=True, db_default="")
    samples_required = models.BooleanField(_("product samples required"), null=True, blank=True,
                                           help_text=_("with the dossier; blank: the rule set does not say"))

    access = Access(producer=VIEW, area_officer=VIEW)

    class Meta:
        verbose_name = _("product sub-group")
        verbose_name_plural = _("product sub-groups")
        ordering = ["group__code", "code"]


class CouncilLevel(models.TextChoices):
    """Evaluation councils (hội đồng đánh giá, phân hạng). There are no commune councils."""

    DISTRICT = "district", _("District council")
    PROVINCE = "province", _("Provincial council")
    CENTRAL = "central", _("Central council")


class IssuingAuthority(models.TextChoices):
    """Who signs the recognition decision (quyết định công nhận)."""

    DISTRICT_COMMITTEE = "district_committee", _("District People's Committee")
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial People's Committee")
    MINISTRY = "ministry", _("Ministry of Agriculture")


# How a row known only from secondary sources says so, in its `source` (docs: DESIGN §7).
UNVERIFIED_MARK = "chưa đối chiếu văn bản gốc"


class RuleSetQuerySet(models.QuerySet):
    def in_force_on(self, day):
        """The rule sets whose period covers `day` (one, as the periods follow each other)."""
        return self.filter(in_force_q(day, validity=RuleSet.VALIDITY))


class RuleSet(NormalizedTextMixin, models.Model):
    """A legal basis for scoring: its part weights and the taxonomy it rates against."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    legal_document = models.CharField(_("legal document"), max_length=100)
    taxonomy = models.ForeignKey(TaxonomyVersion, verbose_name=_("taxonomy version"), on_delete=models.PROTECT)
    weight_a = models.PositiveSmallIntegerField(_("weight of part A (product and community strength)"))
    weight_b = models.PositiveSmallIntegerField(_("weight of part B (marketing)"))
    weight_c = models.PositiveSmallIntegerField(_("weight of part C (quality)"))
    validity_months = models.PositiveSmallIntegerField(_("recognition lasts (months)"), default=36)
    max_extension_days = models.PositiveSmallIntegerField(
        _("longest extension (days)"), null=True, blank=True,
        help_text=_("how far the rule set lets a recognition be extended past its months; blank: it states no "
                    "extension"))
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective until"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=255, blank=True, db_default="")
    decision_form = models.CharField(
        _("decision form"), max_length=255, blank=True, db_default="",
        help_text=_("what the recognising authority issues (decision, certificate)"))
    source = models.CharField(_("source"), max_length=500, blank=True, db_default="",
                              help_text=_("the articles stating the weights, validity and decision form"))

    class RenewalFrom(models.TextChoices):
        DECISION_DATE = "decision_date", _("from the renewal's decision date")
        PREVIOUS_EXPIRY = "previous_expiry", _("from the expiry of the recognition it renews")

    renewal_validity_from = models.CharField(
        _("a renewal's validity counts"), max_length=16, choices=RenewalFrom.choices,
        default=RenewalFrom.DECISION_DATE, db_default=RenewalFrom.DECISION_DATE,
        help_text=_("for a new recognition of a product decided while its previous one is in force (renewal, "
                    "re-rating): whether its months run from its own decision date or continue from the previous "
                    "expiry"))
    renewal_source = models.CharField(_("source of the renewal rule"), max_length=500, blank=True, db_default="")

    objects = RuleSetQuerySet.as_manager()

    VALIDITY = Validity("effective_from", "effective_to", end_included=True)  # effective_to: its last day

    access = Access(producer=VIEW, area_officer=VIEW)

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(weight_a=100 - F("weight_b") - F("weight_c")),
                                   name="ruleset_weights_sum_100"),
        ]

    def __str__(self):
        return self.code

    def covers(self, day):
        """Whether `day` lies in this rule set's period (both ends included)."""
        return in_force(self, day)

    @property
    def unverified(self):
        """Whether this rule set's row is known only from secondary sources (its `source` says so)."""
        return UNVERIFIED_MARK in self.source

    def period_label(self):
        end = self.effective_to.strftime("%d/%m/%Y") if self.effective_to else "…"
        return f"{self.effective_from:%d/%m/%Y} – {end}"


class RuleSetAmendment(NormalizedTextMixin, models.Model):
    """A decision amending a rule set from a date (781/2020 for 1048/2019; 1489/2025 for 148/2023)."""

    rule_set = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.CASCADE,
                                 related_name="amendments")
    legal_document = models.CharField(_("legal document"), max_length=100)
    effective_from = models.DateField(_("effective from"))
    summary = models.CharField(_("what it changes"), max_length=500)
    source = models.CharField(_("source"), max_length=500)

    class Meta:
        verbose_name = _("rule set amendment")
        verbose_name_plural = _("rule set amendments")
        ordering = ["effective_from"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "legal_document"], name="rulesetamendment_unique")]

    def __str__(self):
        return f"{self.legal_document} ({self.effective_from:%d/%m/%Y})"


class StarBand(NormalizedTextMixin, models.Model):
    """A star band of a rule set, as its text states it: `stars` from `min_total` points (inclusive)."""

    rule_set = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.CASCADE,
                                 related_name="star_bands")
    stars = models.PositiveSmallIntegerField(_("star rating"))
    min_total = models.PositiveSmallIntegerField(_("from (points)"))
    source = models.CharField(_("source"), max_length=500)

    class Meta:
        verbose_name = _("star band")
        verbose_name_plural = _("star bands")
        ordering = ["rule_set__effective_from", "-stars"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "stars"], name="starband_unique")]


class RoundDeadline(NormalizedTextMixin, models.Model):
    """A rule set's evaluation round: the council level evaluates at least once by this day of each year."""

    rule_set = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.CASCADE,
                                 related_name="round_deadlines")
    council_level = models.CharField(_("council level"), max_length=16, choices=CouncilLevel.choices)
    month = models.PositiveSmallIntegerField(_("month"))
    day = models.PositiveSmallIntegerField(_("day"))
    source = models.CharField(_("source"), max_length=500)

    class Meta:
        verbose_name = _("evaluation round deadline")
        verbose_name_plural = _("evaluation round deadlines")
        ordering = ["rule_set__effective_from", "council_level", "month"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "council_level", "month", "day"], name="rounddeadline_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12, day__gte=1, day__lte=31),
                                   name="rounddeadline_valid_day"),
        ]

    def __str__(self):
        return f"{self.rule_set} · {self.get_council_level_display()} · {self.day:02d}/{self.month:02d}"


class RecognitionRuleQuerySet(models.QuerySet):
    def applying(self, rule_set, day, stars):
        """The rows of `rule_set` in force on `day` for `stars`."""
        return self.filter(in_force_q(day, validity=RecognitionRule.VALIDITY), rule_set=rule_set, stars=stars)


class RecognitionRule(NormalizedTextMixin, models.Model):
    """Who rates and who recognises: rule set × period × stars → council level and issuing authority.

    A dated data row citing its decision; stars without a row (1★, 2★) get no recognition and no validity.
    """

    rule_set = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT,
                                 related_name="recognition_rules")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    stars = models.PositiveSmallIntegerField(_("star rating"))
    council_level = models.CharField(_("council level"), max_length=16, choices=CouncilLevel.choices)
    issuing_authority = models.CharField(_("issuing authority"), max_length=24, choices=IssuingAuthority.choices)
    decision_marker = models.CharField(
        _("decision number marker"), max_length=32, blank=True,
        help_text=_("text every decision number of this authority contains, e.g. “QĐ-UBND”"))
    source = models.CharField(_("source"), max_length=500, help_text=_("the decision (article) stating this rule"))

    objects = RecognitionRuleQuerySet.as_manager()

    VALIDITY = UNTIL_END_OF  # valid_to: the last day the rule applies, as the decisions state it

    class Meta:
        verbose_name = _("recognition rule")
        verbose_name_plural = _("recognition rules")
        ordering = ["rule_set__effective_from", "valid_from", "stars"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "valid_from", "stars"], name="recognitionrule_unique"),
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="recognitionrule_stars_1_5"),
        ]

    def __str__(self):
        return f"{self.rule_set} · {self.stars}★ · {self.valid_from:%d/%m/%Y}"


# --- Records with moderation ------------------------------------------------------------------------


class ProducerQuerySet(PublishableQuerySet):
    def inside(self, area):
        """Producers whose location lies in (or on the edge of) `area`, a polygon in EPSG:4326 or an OuterRef."""
        return in_area(self, area)


class Producer(Publishable):
    """An OCOP subject (chủ thể): the legal entity that owns products."""

    class LegalForm(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        COOPERATIVE = "cooperative", _("Cooperative")
        COOPERATIVE_GROUP = "coop_group", _("Cooperative group")
        HOUSEHOLD = "household", _("Household business")

    ref = models.CharField(_("registry code"), max_length=32, unique=True, null=True, blank=True,
                           help_text=_("the code officers use in their own lists; imports match on it"))
    legal_form = models.CharField(_("legal form"), max_length=16, choices=LegalForm.choices)
    name = models.CharField(_("name"), max_length=255)
    address = models.CharField(_("address"), max_length=255, blank=True)
    commune = models.ForeignKey(AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, null=True,
                                blank=True, limit_choices_to=COMMUNES, related_name="producers")
    location = models.PointField(_("location"), geography=True, srid=4326)
    representative = models.CharField(_("representative"), max_length=200, blank=True)
    public_phone = models.CharField(_("public phone"), max_length=32, blank=True)
    public_email = models.EmailField(_("public e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Households register with their own phone and e-mail: never shown to the public.
    private_phone = models.CharField(_("private phone"), max_length=32, blank=True)
    private_email = models.EmailField(_("private e-mail"), blank=True)

    objects = ProducerQuerySet.as_manager()
    history = HistoricalRecords()

    access = Access(area=("commune", "location"), own_producer="pk", producer=("view", "change"),
                    area_officer=EDIT, tourism_planner=VIEW, private=("private_phone", "private_email"))

    class Meta:
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        ordering = ["name"]
        # Pages in the API's order (name, then id) and the filters clients send with a box walk these
        # indexes and stop after about a page of rows where the box is dense, instead of sorting every
        # match (#28).
        indexes = [models.Index(fields=["name", "id"], name="producer_name_id_idx"),
                   models.Index(fields=["legal_form", "id"], name="producer_legal_form_id_idx")]

    def __str__(self):
        return self.name

    def clean(self):
        check_lon_lat("location", self.location)
        check_inside_province("location", self.location)
        fill_commune(self)

    def save(self, *args, **kwargs):
        fill_commune(self)
        super().save(*args, **kwargs)


class Certification(models.TextChoices):
    """Quality and food-safety certificates a product page lists (the ones OCOP dossiers cite most)."""

    VIETGAP = "vietgap", "VietGAP"
    GLOBALGAP = "globalgap", "GlobalGAP"
    HACCP = "haccp", "HACCP"
    ISO22000 = "iso22000", "ISO 22000"
    ISO9001 = "iso9001", "ISO 9001"
    ORGANIC = "organic", _("Organic")
    FOOD_SAFETY = "food_safety", _("Food-safety certificate")


class ProductQuerySet(PublishableQuerySet):
    def published(self):
        """A product is public only while its producer is too: a draft household's products stay hidden."""
        return self.filter(status=Status.PUBLISHED, producer__status=Status.PUBLISHED)

    def with_current_stars(self, on=None):
        """Annotate `current_stars`: the stars of the decision in force on `on` (default today), else None."""
        return self.annotate(current_stars=current_stars_expression(on or timezone.localdate()))

    def ocop(self, on=None):
        """Products that are OCOP products on `on` (default today): a recognition decision in force."""
        return self.with_current_stars(on).filter(current_stars__isnull=False)


class Stage(models.TextChoices):
    """The programme cycle: product idea → business plan → evaluation → rated (then promotion)."""

    IDEA = "idea", _("Product idea")
    BUSINESS_PLAN = "business_plan", _("Business plan")
    AWAITING_EVALUATION = "awaiting_evaluation", _("Awaiting evaluation")
    RATED = "rated", _("Rated")


class Product(Publishable):
    producer = models.ForeignKey(Producer, verbose_name=_("producer"), on_delete=models.CASCADE,
                                 related_name="products")
    ref = models.CharField(_("registry code"), max_length=32, unique=True, null=True, blank=True)
    name = models.CharField(_("name"), max_length=255)
    subgroup = models.ForeignKey(
        ProductSubgroup, verbose_name=_("sub-group"), on_delete=models.PROTECT, related_name="products",
        help_text=_("that of its latest recognition decision; for a product not yet rated, the one it is "
                    "prepared for"))
    description = models.TextField(_("description"), blank=True)
    stage = models.CharField(_("stage of the cycle"), max_length=24, choices=Stage.choices, default=Stage.IDEA,
                             db_default=Stage.IDEA, db_index=True)
    stage_since = models.DateField(_("in this stage since"), null=True, blank=True)
    pilot = models.BooleanField(_("pilot product"), default=False, db_default=False,
                                help_text=_("chosen by the province for pilot support (chỉ đạo điểm)"))
    # Descriptive and English fields of the public catalogue (issue 15): shown on product pages; the English
    # ones on English pages where filled, the Vietnamese text otherwise. Database defaults: bulk SQL inserts
    # (bench/generate.py) leave them out.
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True, db_default="")
    description_en = models.TextField(_("description (English)"), blank=True, db_default="")
    story = models.TextField(_("product story"), blank=True, db_default="")
    story_en = models.TextField(_("product story (English)"), blank=True, db_default="")
    ingredients = models.TextField(_("ingredients or materials"), blank=True, db_default="")
    ingredients_en = models.TextField(_("ingredients or materials (English)"), blank=True, db_default="")
    packaging = models.CharField(_("packaging"), max_length=255, blank=True, db_default="")
    shelf_life = models.CharField(_("shelf life"), max_length=100, blank=True, db_default="")
    certifications = ArrayField(models.CharField(max_length=16, choices=Certification.choices),
                                verbose_name=_("certifications"), default=list, blank=True,
                                db_default=models.Value([], output_field=ArrayField(models.CharField(max_length=16))))
    price_vnd = models.PositiveIntegerField(_("reference retail price (VND)"), null=True, blank=True)

    objects = ProductQuerySet.as_manager()
    history = HistoricalRecords()

    access = Access(area=("producer__commune", "producer__location"), own_producer="producer_id",
                    producer=EDIT, area_officer=EDIT)

    class Meta:
        verbose_name = _("OCOP product")
        verbose_name_plural = _("OCOP products")
        ordering = ["name"]
        indexes = [models.Index(fields=["name", "id"], name="product_name_id_idx")]  # API pages (#28)

    def __str__(self):
        return self.name

    def recognition(self, on=None):
        """This product's recognition on `on` (gis_app/registry/recognition.py holds the rule)."""
        from .recognition import recognition_of

        return recognition_of(self, on)

    def follow_decisions(self):
        """After a decision is recorded, changed or withdrawn: the product's classification is that of its latest
        decision, and a product with one is at the "rated" stage.

        A plain UPDATE, so that recording a decision does not collide with an officer editing the product.
        """
        latest = (Evaluation.objects.decisions().filter(product=self, subgroup__isnull=False)
                  .order_by("-decision_date", "-pk").first())
        if latest is None:
            return
        changes = {"subgroup": latest.subgroup_id}
        if self.stage != Stage.RATED or self.stage_since is None:
            changes.update(stage=Stage.RATED, stage_since=latest.decision_date)
        Product.objects.filter(pk=self.pk).update(**changes)
        for name, value in changes.items():
            setattr(self, "subgroup_id" if name == "subgroup" else name, value)


SCORE_TOTAL = F("score_a") + F("score_b") + F("score_c")


def rule_set_refusal(rule_set, day):
    """Why an evaluation dated `day` cannot be filed under `rule_set`: naming it and the rule set in force."""
    context = {"date": day.strftime("%d/%m/%Y"), "rule_set": rule_set.code,
               "start": rule_set.effective_from.strftime("%d/%m/%Y"),
               "end": rule_set.effective_to.strftime("%d/%m/%Y") if rule_set.effective_to else "…"}
    in_force = RuleSet.objects.in_force_on(day).first()
    if in_force is None:
        return gettext(
            "Decision date %(date)s lies outside the period of rule set %(rule_set)s (%(start)s – %(end)s)."
        ) % context
    return gettext(
        "Decision date %(date)s lies outside the period of rule set %(rule_set)s (%(start)s – %(end)s): on that "
        "date rule set %(in_force)s (%(document)s) is in force."
    ) % {**context, "in_force": in_force.code, "document": in_force.legal_document}


class EvaluationQuerySet(PublishableQuerySet):
    def decisions(self):
        """Published recognition decisions (3★ and more: only they carry a validity)."""
        return self.published().filter(valid_until__isnull=False)


class Evaluation(Publishable):
    """A council's scoring of a product and, from 3★, its recognition decision.

    Total and stars are derived by the database, never typed. The sub-group is the one the product was scored
    under, from the rule set's classification; council level and issuing authority follow the
    `RecognitionRule` rows for the decision date and the stars.
    """

    CouncilLevel = CouncilLevel

    # Only provincial officers and administrators (who may publish) enter decisions: published unless
    # they choose otherwise. Rows inserted by SQL (bulk loaders, benchmarks) are published too.
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PUBLISHED,
                              db_default=Status.PUBLISHED, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_default=Now())
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_default=Now())
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE,
                                related_name="evaluations")
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT)
    subgroup = models.ForeignKey(
        ProductSubgroup, verbose_name=_("sub-group"), on_delete=models.PROTECT, related_name="evaluations",
        null=True, help_text=_("the sub-group the product was scored under, from the rule set's classification"))
    score_a = models.DecimalField(_("part A score"), max_digits=5, decimal_places=2,
                                  validators=[MinValueValidator(0)])
    score_b = models.DecimalField(_("part B score"), max_digits=5, decimal_places=2,
                                  validators=[MinValueValidator(0)])
    score_c = models.DecimalField(_("part C score"), max_digits=5, decimal_places=2,
                                  validators=[MinValueValidator(0)])
    total = models.GeneratedField(expression=SCORE_TOTAL, db_persist=True,
                                  output_field=models.DecimalField(max_digits=5, decimal_places=2),
                                  verbose_name=_("total"))
    stars = models.GeneratedField(expression=stars_expression(SCORE_TOTAL), db_persist=True,
                                  output_field=models.SmallIntegerField(), verbose_name=_("stars"))
    council_level = models.CharField(_("council level"), max_length=16, choices=CouncilLevel.choices, blank=True,
                                     help_text=_("left blank: the level of the recognition rule"))
    issuing_authority = models.CharField(_("issuing authority"), max_length=24, choices=IssuingAuthority.choices,
                                         blank=True, default="", db_default="", help_text=_("left blank: the authority of the recognition rule"))
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True,
                                   help_text=_("left blank: decision date + the rule set's validity (36 months); "
                                               "none below 3 stars"))
    extension_reason = models.TextField(
        _("reason for the extension"), blank=True, default="", db_default="",
        help_text=_("only when the validity runs past the rule set's months: the decision extending it and why"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_number = models.CharField(_("revocation decision number"), max_length=64, blank=True,
                                         default="", db_default="")
    revocation_reason = models.TextField(_("reason for revocation"), blank=True, default="", db_default="")

    objects = EvaluationQuerySet.as_manager()
    # The database computes total and stars; a historical copy must not try to write them.
    history = HistoricalRecords(excluded_fields=["total", "stars"])

    access = Access(area=("product__producer__commune", "product__producer__location"), by_province=True,
                    area_officer=EDIT)

    class Meta:
        verbose_name = _("OCOP evaluation")
        verbose_name_plural = _("OCOP evaluations")
        ordering = ["-decision_date"]
        constraints = [
            models.CheckConstraint(condition=Q(score_a__gte=0, score_b__gte=0, score_c__gte=0),
                                   name="evaluation_scores_non_negative"),
            models.CheckConstraint(condition=Q(valid_until__gt=F("decision_date")),
                                   name="evaluation_valid_after_decision"),
            models.CheckConstraint(condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=F("decision_date")),
                                   name="evaluation_revoked_after_decision"),
        ]
        indexes = [models.Index(fields=["valid_until"], name="evaluation_valid_until_idx"),
                   models.Index(fields=["product", "-decision_date"], name="evaluation_product_day_idx")]

    def __str__(self):
        return f"{self.product} — {self.rule_set} ({self.decision_date})"

    def computed_stars(self):
        """Stars from the scores as they stand (the generated column is only read back after saving)."""
        if None in (self.score_a, self.score_b, self.score_c):
            return None
        return stars_of(self.score_a + self.score_b + self.score_c)

    def recognition_rule(self):
        """The `RecognitionRule` for this rule set, decision date and stars, or None (no recognition)."""
        stars = self.computed_stars()
        if not (self.rule_set_id and self.decision_date and stars):
            return None
        return RecognitionRule.objects.applying(self.rule_set, self.decision_date, stars).first()

    def clean(self):
        errors = {}
        rule_set = self.rule_set if self.rule_set_id else None
        if rule_set:
            for part in "abc":
                score, weight = getattr(self, f"score_{part}"), getattr(rule_set, f"weight_{part}")
                if score is not None and score > weight:
                    errors[f"score_{part}"] = gettext(
                        "Part %(part)s score %(score)s exceeds its weight of %(weight)s points under rule set "
                        "%(rule_set)s."
                    ) % {"part": part.upper(), "score": score, "weight": weight, "rule_set": rule_set}
            if self.subgroup_id is None:
                errors["subgroup"] = gettext("Give the sub-group the product was scored under.")
            elif self.subgroup.group.version_id != rule_set.taxonomy_id:
                errors["subgroup"] = gettext(
                    "Sub-group %(subgroup)s is not in the classification of rule set %(rule_set)s (%(taxonomy)s)."
                ) % {"subgroup": self.subgroup.code, "rule_set": rule_set.code, "taxonomy": rule_set.taxonomy}
            if self.decision_date and not rule_set.covers(self.decision_date):
                errors["decision_date"] = rule_set_refusal(rule_set, self.decision_date)
        today = timezone.localdate()
        if self.decision_date and self.decision_date > today and "decision_date" not in errors:
            errors["decision_date"] = gettext(
                "The decision date %(date)s is after today (%(today)s): record a decision once it is signed.") % {
                "date": self.decision_date.strftime("%d/%m/%Y"), "today": today.strftime("%d/%m/%Y")}
        if self.decision_number and not is_decision_number(self.decision_number):
            errors["decision_number"] = gettext(
                "“%(number)s” is not a decision number: write it as on the decision, “<number>/QĐ-<issuer code>” "
                "(1002/QĐ-UBND) or with the year, “26/2026/QĐ-TTg”.") % {"number": self.decision_number}
        if not errors:
            errors.update(self.recognition_errors())
        if self.decision_date and self.valid_until and self.valid_until <= self.decision_date:
            errors["valid_until"] = gettext("The validity must end after the decision date (%(date)s).") % {
                "date": self.decision_date.strftime("%d/%m/%Y")}
        if self.revoked_on and self.decision_date and self.revoked_on < self.decision_date:
            errors["revoked_on"] = gettext("A decision cannot be revoked before it was taken (%(date)s).") % {
                "date": self.decision_date.strftime("%d/%m/%Y")}
        if self.revoked_on and not self.revocation_number.strip():
            errors["revocation_number"] = gettext("Give the number of the decision revoking the recognition.")
        if self.revoked_on and not self.revocation_reason.strip():
            errors["revocation_reason"] = gettext("Say why the recognition is revoked.")
        if (self.revocation_number or self.revocation_reason) and not self.revoked_on:
            errors["revoked_on"] = gettext("Give the day the recognition is revoked.")
        if errors:
            raise ValidationError(errors)
        self.fill_recognition()

    def recognition_errors(self):
        """Council level, authority, decision number and validity against the recognition rule (field → message)."""
        errors, stars = {}, self.computed_stars()
        if not (self.rule_set_id and self.decision_date and stars):
            return errors
        rule = self.recognition_rule()
        if rule is None:  # 1★, 2★: recorded, never recognised
            if self.issuing_authority:
                errors["issuing_authority"] = gettext(
                    "A %(stars)d-star result receives no recognition decision: leave the issuing authority "
                    "blank.") % {"stars": stars}
            if self.valid_until:
                errors["valid_until"] = gettext(
                    "A %(stars)d-star result receives no recognition and no validity.") % {"stars": stars}
            if self.decision_number:
                errors["decision_number"] = gettext(
                    "A %(stars)d-star result receives no recognition decision: leave the decision number "
                    "blank.") % {"stars": stars}
            if self.extension_reason.strip():
                errors["extension_reason"] = gettext(
                    "A %(stars)d-star result receives no recognition and no extension.") % {"stars": stars}
            if self.revoked_on:
                errors["revoked_on"] = gettext("Only a recognition decision can be revoked.")
            return errors
        context = {"stars": stars, "date": self.decision_date.strftime("%d/%m/%Y"), "source": rule.source}
        if self.council_level and self.council_level != rule.council_level:
            errors["council_level"] = gettext(
                "On %(date)s a %(stars)d-star product is rated by the %(expected)s, not the %(given)s "
                "(%(source)s).") % {**context, "expected": rule.get_council_level_display(),
                                    "given": dict(CouncilLevel.choices).get(self.council_level, self.council_level)}
        if self.issuing_authority and self.issuing_authority != rule.issuing_authority:
            errors["issuing_authority"] = gettext(
                "On %(date)s a %(stars)d-star product is recognised by the %(expected)s, not the %(given)s "
                "(%(source)s).") % {**context, "expected": rule.get_issuing_authority_display(),
                                    "given": dict(IssuingAuthority.choices).get(self.issuing_authority,
                                                                              self.issuing_authority)}
        if self.decision_number and rule.decision_marker and rule.decision_marker not in self.decision_number:
            errors["decision_number"] = gettext(
                "A decision of the %(authority)s is numbered “…/%(marker)s…”, not “%(number)s”.") % {
                "authority": rule.get_issuing_authority_display(), "marker": rule.decision_marker,
                "number": self.decision_number}
        errors.update(self.validity_errors())
        return errors

    def validity_errors(self):
        """The validity is the decision date plus the rule set's months, unless an extension is recorded with its
        reason, within the longest extension the rule set states (both numbers are the rule set's data)."""
        rule_set, reason = self.rule_set, self.extension_reason.strip()
        expected = self.expected_validity()
        context = {"given": self.valid_until.strftime("%d/%m/%Y") if self.valid_until else "",
                   "expected": expected.strftime("%d/%m/%Y"), "months": rule_set.validity_months,
                   "rule_set": rule_set.code}
        renewed = self.renewed_recognition()
        if renewed is not None and self.valid_until not in (None, expected) and not reason:
            return {"valid_until": renewal_refusal(self, renewed, expected)}
        if self.valid_until is None or self.valid_until == expected:
            if reason:
                return {"extension_reason": gettext(
                    "The validity is that of rule set %(rule_set)s (%(months)d months, until %(expected)s): there is "
                    "no extension to explain. Give the extended validity, or leave the reason blank.") % context}
            return {}
        if self.valid_until < expected:
            return {"valid_until": gettext(
                "Valid until %(given)s ends before the %(months)d months of rule set %(rule_set)s (%(expected)s). A "
                "recognition ends early only by revocation: leave the validity blank and record the "
                "revocation.") % context}
        if not reason:
            return {"valid_until": gettext(
                "Valid until %(given)s is not the decision date plus the %(months)d months of rule set "
                "%(rule_set)s (%(expected)s). Leave it blank to have it computed, or record the extension with its "
                "reason.") % context}
        if rule_set.max_extension_days is None:
            return {"valid_until": gettext(
                "Rule set %(rule_set)s states no extension of a recognition: its validity ends on %(expected)s. If "
                "the decision you hold extends it, the rule set's data needs correcting first.") % context}
        longest = expected + datetime.timedelta(days=rule_set.max_extension_days)
        if self.valid_until > longest:
            return {"valid_until": gettext(
                "Rule set %(rule_set)s lets a recognition be extended by %(days)d days at most, until %(longest)s; "
                "%(given)s is later.") % {**context, "days": rule_set.max_extension_days,
                                          "longest": longest.strftime("%d/%m/%Y")}}
        return {}

    def fill_recognition(self):
        """Council level and authority from the rule row; validity from 3★ only."""
        rule = self.recognition_rule()
        if rule is None:
            self.valid_until = None
            return
        self.council_level = self.council_level or rule.council_level
        self.issuing_authority = self.issuing_authority or rule.issuing_authority
        if self.valid_until is None:
            self.valid_until = self.expected_validity()

    def renewed_recognition(self):
        """The recognition of the same product this one renews: published, decided before it and still in force
        on its decision date (`valid_until` is the last day in force; not revoked by then). None otherwise."""
        if not (self.product_id and self.decision_date):
            return None
        return (Evaluation.objects.filter(product_id=self.product_id, status=Status.PUBLISHED,
                                          decision_date__lt=self.decision_date, valid_until__gte=self.decision_date)
                .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=self.decision_date))
                .exclude(pk=self.pk).order_by("-decision_date", "-pk").first())

    def validity_start(self):
        """The day its months run from: the decision date, or for a renewal, where its rule set says so
        (`RuleSet.renewal_validity_from`, data), the expiry of the recognition it renews."""
        if self.rule_set.renewal_validity_from == RuleSet.RenewalFrom.PREVIOUS_EXPIRY:
            renewed = self.renewed_recognition()
            if renewed is not None:
                return renewed.valid_until
        return self.decision_date

    def expected_validity(self):
        return add_months(self.validity_start(), self.rule_set.validity_months)

    def save(self, *args, **kwargs):
        self.fill_recognition()
        super().save(*args, **kwargs)
        self.product.follow_decisions()

    def delete(self, *args, **kwargs):
        product = self.product
        result = super().delete(*args, **kwargs)
        product.follow_decisions()
        return result

    @property
    def is_recognised(self):
        threshold = min_recognised_stars()
        return (self.valid_until is not None and self.stars is not None and threshold is not None
                and self.stars >= threshold)


def renewal_refusal(record, renewed, expected):
    """Why a renewal's validity is not the one its rule set gives (naming the rule set's field and source)."""
    rule_set = record.rule_set
    context = {"given": record.valid_until.strftime("%d/%m/%Y"), "expected": expected.strftime("%d/%m/%Y"),
               "date": record.decision_date.strftime("%d/%m/%Y"),
               "previous": renewed.decision_date.strftime("%d/%m/%Y"),
               "previous_until": renewed.valid_until.strftime("%d/%m/%Y"), "months": rule_set.validity_months,
               "rule_set": rule_set.code, "source": rule_set.renewal_source or "—"}
    if rule_set.renewal_validity_from == RuleSet.RenewalFrom.PREVIOUS_EXPIRY:
        return gettext(
            "This recognition of %(date)s renews the one of %(previous)s, in force until %(previous_until)s: rule set "
            "%(rule_set)s continues its validity from that expiry (a renewal's validity counts: from the expiry; "
            "%(source)s), so it is valid until %(expected)s, not %(given)s.") % context
    return gettext(
        "This recognition of %(date)s renews the one of %(previous)s, in force until %(previous_until)s: under rule "
        "set %(rule_set)s its %(months)d months run from its own decision date (a renewal's validity counts: from "
        "the decision date; %(source)s), so it is valid until %(expected)s, not %(given)s.") % context


class PlanTargetQuerySet(models.QuerySet):
    pass


class PlanTarget(NormalizedTextMixin, models.Model):
    """A line of a commune's or district's yearly OCOP plan: how many products to rate, by group and stars."""

    unit = models.ForeignKey(AdminUnit, verbose_name=_("administrative unit"), on_delete=models.PROTECT,
                             related_name="ocop_targets",
                             limit_choices_to={"level__in": [AdminUnit.Level.DISTRICT, AdminUnit.Level.COMMUNE]})
    year = models.PositiveSmallIntegerField(_("year"))
    group = models.ForeignKey(ProductGroup, verbose_name=_("product group"), on_delete=models.PROTECT,
                              null=True, blank=True, help_text=_("blank: every group"))
    stars = models.PositiveSmallIntegerField(_("star rating"), null=True, blank=True,
                                             help_text=_("blank: 3 stars or more"))
    target = models.PositiveSmallIntegerField(_("target number of products"))
    source = models.CharField(_("source"), max_length=255, blank=True, help_text=_("the plan this target is from"))

    objects = PlanTargetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly plan target")
        verbose_name_plural = _("yearly plan targets")
        ordering = ["year", "unit__code", "group__code", "stars"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "group", "stars"], nulls_distinct=False,
                                    name="plantarget_unique"),
            models.CheckConstraint(condition=Q(stars__isnull=True) | Q(stars__gte=3, stars__lte=5),
                                   name="plantarget_stars_3_5"),
        ]

    def __str__(self):
        return f"{self.unit} · {self.year}"


# --- Places of the programme ------------------------------------------------------------------------


class CraftVillageQuerySet(PublishableQuerySet):
    def with_member_count(self):
        """Annotate `member_count`: the producers inside each village area (one scalar subquery, no query per row)."""
        return self.annotate(member_count=count_of(Producer.objects.inside(models.OuterRef("area"))))


class CraftVillage(Publishable):
    """A recognised craft village (làng nghề); its members are the producers inside its area."""

    name = models.CharField(_("name"), max_length=255)
    craft = models.CharField(_("craft"), max_length=200)
    recognition_year = models.PositiveSmallIntegerField(_("recognition year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True, db_default="")
    description_en = models.TextField(_("description (English)"), blank=True, db_default="")
    commune = models.ForeignKey(AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, null=True,
                                blank=True, limit_choices_to=COMMUNES, related_name="craft_villages")
    area = models.MultiPolygonField(_("area"), srid=4326)

    objects = CraftVillageQuerySet.as_manager()

    history = HistoricalRecords()

    access = Access(area=("commune", "area"), area_officer=EDIT)

    class Meta:
        verbose_name = _("craft village")
        verbose_name_plural = _("craft villages")
        ordering = ["name"]
        constraints = [GeometryCheckConstraint(condition=Q(area__isvalid=True), name="craftvillage_area_valid")]

    def __str__(self):
        return self.name

    def clean(self):
        check_geometry_limits("area", self.area)
        check_geometry_valid("area", self.area)
        check_inside_province("area", self.area)

    def members(self):
        """The producers located inside the village area."""
        return Producer.objects.inside(self.area)


class TourismSite(Publishable):
    class Kind(models.TextChoices):
        ORCHARD = "orchard", _("Orchard")
        ECOTOURISM = "ecotourism", _("Eco-tourism site")
        HOMESTAY = "homestay", _("Homestay")
        SHOWROOM = "showroom", _("OCOP showroom")
        CRAFT_VILLAGE = "craft_village", _("Craft-village visit")
        HERITAGE = "heritage", _("Heritage site")

    class Service(models.TextChoices):
        PARKING = "parking", _("Parking")
        FOOD = "food", _("Food and drink")
        GUIDE = "guide", _("Guided tour")
        SHOP = "shop", _("Shop")
        TOILETS = "toilets", _("Toilets")
        LODGING = "lodging", _("Lodging")
        FRUIT_PICKING = "fruit_picking", _("Fruit picking")
        WORKSHOP = "workshop", _("Hands-on workshop")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True, db_default="")
    description_en = models.TextField(_("description (English)"), blank=True, db_default="")
    address = models.CharField(_("address"), max_length=255, blank=True)
    commune = models.ForeignKey(AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, null=True,
                                blank=True, limit_choices_to=COMMUNES, related_name="tourism_sites")
    location = models.PointField(_("location"), geography=True, srid=4326)
    area = models.MultiPolygonField(_("area"), srid=4326, null=True, blank=True)
    opening_time = models.TimeField(_("opens at"), null=True, blank=True)
    closing_time = models.TimeField(_("closes at"), null=True, blank=True)
    open_weekdays = ArrayField(models.PositiveSmallIntegerField(), verbose_name=_("open on weekdays"),
                               default=list, blank=True, help_text=_("0 = Monday … 6 = Sunday; empty = every day"))
    opening_note = models.CharField(_("opening hours note"), max_length=255, blank=True)
    services = ArrayField(models.CharField(max_length=32, choices=Service.choices), verbose_name=_("services"),
                          default=list, blank=True)
    visit_minutes = models.PositiveSmallIntegerField(_("typical visit (minutes)"), default=60)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    website = models.URLField(_("website"), blank=True)
    products = models.ManyToManyField(Product, verbose_name=_("products sold"), blank=True,
                                      related_name="sold_at")

    history = HistoricalRecords()

    access = Access(area=("commune", "location"), area_officer=EDIT, tourism_planner=VIEW)

    class Meta:
        verbose_name = _("tourism site")
        verbose_name_plural = _("tourism sites")
        ordering = ["name"]
        constraints = [
            GeometryCheckConstraint(condition=Q(area__isnull=True) | Q(area__isvalid=True),
                                   name="tourismsite_area_valid"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        check_lon_lat("location", self.location)
        check_inside_province("location", self.location)
        check_geometry_limits("area", self.area)
        check_geometry_valid("area", self.area)
        if any(day > 6 for day in self.open_weekdays or []):
            raise ValidationError({"open_weekdays": gettext("Weekdays are numbered 0 (Monday) to 6 (Sunday).")})
        fill_commune(self)

    def save(self, *args, **kwargs):
        fill_commune(self)
        super().save(*args, **kwargs)


def decision_fields(day, product="pk"):
    """Annotations for a product queryset annotated with `decision_id` (recognition.decision_expression): the
    facts of its deciding decision on `day`. Here, not in recognition.py, so that module imports no model."""
    decision = Evaluation.objects.filter(pk=OuterRef("decision_id"))
    return {
        "decision_stars": Subquery(decision.values("stars")[:1]),
        "decision_number": Subquery(decision.values("decision_number")[:1]),
        "decision_date": Subquery(decision.values("decision_date")[:1]),
        "decision_valid_until": Subquery(decision.values("valid_until")[:1]),
        "decision_revoked_on": Subquery(decision.values("revoked_on")[:1]),
    }
