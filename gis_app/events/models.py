"""Fairs and promotion events: OCOP weeks, exhibitions, livestream sales, with the producers and products there."""
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gis_app.places.models import AdminUnit
from gis_app.registry.models import (COMMUNES, Producer, Product, Publishable, PublishableQuerySet, TourismSite,
                                     fill_commune)
from gis_app.registry.validation import check_inside_province, check_lon_lat


class EventQuerySet(PublishableQuerySet):
    def overlapping(self, start, end):
        """Events running on at least one day of [start, end] (either may be None: open-ended)."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(ends_on__gte=start)
        if end is not None:
            queryset = queryset.filter(starts_on__lte=end)
        return queryset

    def upcoming(self, day=None):
        """Events not over yet on `day` (default today in Vietnam), soonest first."""
        return self.overlapping(day or timezone.localdate(), None).order_by("starts_on", "name")


class Event(Publishable):
    """A trade-promotion event (xúc tiến thương mại): a fair, an OCOP week, an exhibition or a livestream sale."""

    class Kind(models.TextChoices):
        FAIR = "fair", _("Fair")
        OCOP_WEEK = "ocop_week", _("OCOP week")
        EXHIBITION = "exhibition", _("Exhibition")
        LIVESTREAM = "livestream", _("Livestream sale")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    site = models.ForeignKey(TourismSite, verbose_name=_("at tourism site"), on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="events")
    commune = models.ForeignKey(AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, null=True,
                                blank=True, limit_choices_to=COMMUNES, related_name="events")
    # A livestream sale has no place; a fair has one.
    location = models.PointField(_("location"), geography=True, srid=4326, null=True, blank=True)
    url = models.URLField(_("web address"), blank=True)
    producers = models.ManyToManyField(Producer, verbose_name=_("participating producers"), blank=True,
                                       related_name="events")
    products = models.ManyToManyField(Product, verbose_name=_("products shown"), blank=True, related_name="events")

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[producers, products])

    class Meta:
        verbose_name = _("promotion event")
        verbose_name_plural = _("promotion events")
        ordering = ["starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="event_ends_after_start"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        check_lon_lat("location", self.location)
        check_inside_province("location", self.location)
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": gettext("The event must end on or after its first day (%(date)s).")
                                   % {"date": self.starts_on.strftime("%d/%m/%Y")}})
        if self.location is None and self.site_id:
            self.location = self.site.location
        fill_commune(self)

    def save(self, *args, **kwargs):
        if self.location is None and self.site_id:
            self.location = self.site.location
        fill_commune(self)
        super().save(*args, **kwargs)
