"""Administrative units (province, district, commune) with their validity in time.

Vietnam reorganised its units on 1 July 2025 (districts abolished, communes
merged, Bình Dương joined Hồ Chí Minh City). Both generations are kept: a unit
is valid from `valid_from` until the day before `valid_to` (half-open, `gis_app.core.validity.UNTIL_BEFORE`), and
`UnitSuccession` maps each old commune to the new one(s).
"""
import datetime

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gis_app.core.access import VIEW, Access
from gis_app.core.constraints import GeometryCheckConstraint
from gis_app.core.text import NormalizedTextMixin, strip_accents
from gis_app.core.validity import UNTIL_BEFORE, in_force_q

REFORM_2025 = datetime.date(2025, 7, 1)


class DateRange(models.Func):
    """daterange(valid_from, valid_to, '[)'): a unit's days, for the no-overlap constraint (NULL end = open)."""

    function = "DATERANGE"
    output_field = DateRangeField()


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Units in force on `day`."""
        return self.filter(in_force_q(day, validity=AdminUnit.VALIDITY))

    def current(self):
        return self.valid_on(timezone.localdate())

    def programme_province(self):
        """The province-level unit this deployment serves (OCOP_PROVINCE_CODE, 79 today) and its predecessors
        (74 until 30/06/2025, through the unit successions): add `.valid_on(day)` for the one of a day."""
        code = settings.OCOP_PROVINCE_CODE
        return self.filter(Q(code=code) | Q(successors__new_unit__code=code,
                                            successors__new_unit__level=AdminUnit.Level.PROVINCE),
                           level=AdminUnit.Level.PROVINCE).distinct()

    def with_names_on(self, day):
        """Annotate `kind_on` and `name_on`: the kind and name in force on `day` (history row, else the unit's own)."""
        from django.db.models import OuterRef, Subquery
        from django.db.models.functions import Coalesce

        rows = UnitName.objects.valid_on(day).filter(unit=OuterRef("pk")).order_by("-valid_from")
        return self.annotate(kind_on=Coalesce(Subquery(rows.values("kind")[:1]), models.F("kind")),
                             name_on=Coalesce(Subquery(rows.values("name")[:1]), models.F("name")))

    def with_labels(self, day):
        """Annotate `label_on`: "phường An Bình (thành phố Dĩ An)", the unit's kind and name and its parent's on
        `day`, in SQL (one query): what choice lists show (places/naming.py: choice_label), so that no two
        entries read alike. A province's kind is part of its name ("Thành phố Hồ Chí Minh")."""
        from django.db.models import OuterRef, Subquery, Value
        from django.db.models.functions import Concat

        def text():
            own = Concat("kind_on", Value(" "), "name_on", output_field=models.CharField())
            return models.Case(
                models.When(level=AdminUnit.Level.PROVINCE, then=Concat(
                    models.Func(models.Func(own, Value(1), function="LEFT", output_field=models.CharField()),
                                function="UPPER", output_field=models.CharField()),
                    models.Func(own, Value(2), function="SUBSTR", output_field=models.CharField()),
                    output_field=models.CharField())),
                default=own, output_field=models.CharField())

        parent = AdminUnit.objects.filter(pk=OuterRef("parent_id")).with_names_on(day).annotate(
            text=text()).values("text")[:1]
        return self.with_names_on(day).annotate(parent_on=Subquery(parent)).annotate(label_on=models.Case(
            models.When(parent_on__isnull=True, then=text()),
            default=Concat(text(), Value(" ("), "parent_on", Value(")"), output_field=models.CharField()),
            output_field=models.CharField()))

    def containing(self, point):
        """Units whose area covers `point` (a GEOS geometry in EPSG:4326)."""
        return self.filter(geom__covers=point)


class AdminUnit(NormalizedTextMixin, models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")

    code = models.CharField(_("official code"), max_length=16)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    kind = models.CharField(
        _("kind"), max_length=32, blank=True, help_text=_("e.g. city, district, ward, commune, township")
    )
    name = models.CharField(_("name"), max_length=200)
    name_ascii = models.CharField(_("name without diacritics"), max_length=200, editable=False)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("in force before"), null=True, blank=True, help_text=_("first day it no longer exists"))
    geom = models.MultiPolygonField(_("boundary"), srid=4326)
    # Where the boundary comes from, shown beside the unit wherever its shape is drawn: the demo's shapes are
    # drawn from the official centres, not surveyed, and say so here, never inside the official name (#24).
    shape_source = models.CharField(_("source of the boundary"), max_length=255, blank=True, default="",
                                    db_default="")

    objects = UnitQuerySet.as_manager()

    VALIDITY = UNTIL_BEFORE  # valid_to: the first day the unit no longer exists

    access = Access(producer=VIEW, area_officer=VIEW)  # reference data: read by those who file records

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="adminunit_code_valid_from_uniq"),
            GeometryCheckConstraint(condition=Q(geom__isvalid=True), name="adminunit_geom_valid"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="adminunit_validity_ordered",
            ),
            # Code plus validity identify a unit: one code names at most one unit of a level on any day.
            ExclusionConstraint(
                name="adminunit_code_validity_no_overlap",
                expressions=[("code", RangeOperators.EQUAL), ("level", RangeOperators.EQUAL),
                             (DateRange("valid_from", "valid_to", RangeBoundary()), RangeOperators.OVERLAPS)],
            ),
        ]
        indexes = [models.Index(fields=["level", "code"], name="adminunit_level_code_idx")]

    def __str__(self):
        # In choice lists the unit comes annotated (`with_labels`): kind, name and parent, never a bare name.
        return getattr(self, "label_on", None) or self.name

    def save(self, *args, **kwargs):
        self.name_ascii = strip_accents(self.name)
        super().save(*args, **kwargs)

    def as_of(self, day):
        """(kind, name) in force on `day`: the history row covering it, else the unit's own."""
        row = self.history_rows.valid_on(day).first()
        return (row.kind, row.name) if row else (self.kind, self.name)

    @property
    def validity(self):
        """Code plus validity dates: what identifies a unit (a new unit may carry an old part's code)."""
        return f"{self.code} ({self.valid_from.isoformat()}–{self.valid_to.isoformat() if self.valid_to else ''})"

    @property
    def district(self):
        """The district-level ancestor of a commune (itself for a district)."""
        unit = self
        while unit is not None and unit.level != self.Level.DISTRICT:
            unit = unit.parent
        return unit


class UnitSuccession(models.Model):
    """An old unit whose territory went (wholly or partly) into a new unit on `effective`."""

    old_unit = models.ForeignKey(
        AdminUnit, verbose_name=_("old unit"), on_delete=models.CASCADE, related_name="successors"
    )
    new_unit = models.ForeignKey(
        AdminUnit, verbose_name=_("new unit"), on_delete=models.CASCADE, related_name="predecessors"
    )
    effective = models.DateField(_("effective date"), default=REFORM_2025)
    is_main_successor = models.BooleanField(
        _("main successor"), default=True, help_text=_("where an old unit was divided, the part that took its seat")
    )
    area_share = models.DecimalField(
        _("share of the old unit's area"), max_digits=5, decimal_places=4, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("between 0 and 1; 1 when the old unit went wholly into the new one"),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True, default="", db_default="",
                                   help_text=_("the resolution that made the change; what was not checked "
                                               "against its text says so"))

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [models.UniqueConstraint(fields=["old_unit", "new_unit"], name="unitsuccession_pair_uniq")]

    def __str__(self):
        return f"{self.old_unit} → {self.new_unit}"


class UnitNameQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(in_force_q(day, validity=UnitName.VALIDITY))


class UnitName(models.Model):
    """The kind and name a unit had over a period (thị xã → thành phố …), citing the decision that changed it."""

    unit = models.ForeignKey(AdminUnit, verbose_name=_("unit"), on_delete=models.CASCADE,
                             related_name="history_rows")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("in force before"), null=True, blank=True, help_text=_("first day it no longer applies"))
    kind = models.CharField(_("kind"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    decision = models.CharField(_("decision"), max_length=200, blank=True)

    objects = UnitNameQuerySet.as_manager()

    VALIDITY = UNTIL_BEFORE

    class Meta:
        verbose_name = _("unit kind and name over time")
        verbose_name_plural = _("unit kinds and names over time")
        ordering = ["unit", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="unitname_unit_from_uniq"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="unitname_validity_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.name} ({self.valid_from:%d/%m/%Y})"
