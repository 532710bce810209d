"""Administrative units (province, district, commune) with their validity in time.

Vietnam reorganised its units on 1 July 2025 (districts abolished, communes
merged, Bình Dương joined Hồ Chí Minh City). Both generations are kept: a unit
is valid from `valid_from` until the day before `valid_to`, and
`UnitSuccession` maps each old commune to the new one(s).
"""
import datetime

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gis_app.core.constraints import GeometryCheckConstraint
from gis_app.core.text import NormalizedTextMixin, strip_accents

REFORM_2025 = datetime.date(2025, 7, 1)


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Units in force on `day`."""
        return self.filter(Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day)))

    def current(self):
        return self.valid_on(timezone.localdate())

    def programme_province(self):
        """The province-level unit of this deployment (pre-2025 code from settings)."""
        return self.filter(level=AdminUnit.Level.PROVINCE, code=settings.OCOP_PROVINCE_CODE)

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
    valid_to = models.DateField(_("valid until"), null=True, blank=True, help_text=_("first day it no longer exists"))
    geom = models.MultiPolygonField(_("boundary"), srid=4326)

    objects = UnitQuerySet.as_manager()

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
        ]
        indexes = [models.Index(fields=["level", "code"], name="adminunit_level_code_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_ascii = strip_accents(self.name)
        super().save(*args, **kwargs)

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

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [models.UniqueConstraint(fields=["old_unit", "new_unit"], name="unitsuccession_pair_uniq")]

    def __str__(self):
        return f"{self.old_unit} → {self.new_unit}"
