"""Fairs and promotion events: OCOP weeks, exhibitions, livestream sales, with the producers and products there."""
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gis_app.core.access import EDIT, Access
from gis_app.core.bilingual import Bilingual
from gis_app.core.publishing import Publishable, PublishableQuerySet
from gis_app.places.located import Located, commune_link
from gis_app.registry.models import Producer, Product, TourismSite


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


class Event(Located, Bilingual, Publishable):
    """A trade-promotion event (xúc tiến thương mại): a fair, an OCOP week, an exhibition or a livestream sale.

    A livestream sale has no place (`location` NULL); a fair has one.
    """

    class Kind(models.TextChoices):
        FAIR = "fair", _("Fair")
        OCOP_WEEK = "ocop_week", _("OCOP week")
        EXHIBITION = "exhibition", _("Exhibition")
        LIVESTREAM = "livestream", _("Livestream sale")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    site = models.ForeignKey(TourismSite, verbose_name=_("at tourism site"), on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="events")
    commune = commune_link("events")
    url = models.URLField(_("web address"), blank=True)
    producers = models.ManyToManyField(Producer, verbose_name=_("participating producers"), blank=True,
                                       related_name="events")
    products = models.ManyToManyField(Product, verbose_name=_("products shown"), blank=True, related_name="events")
    proposed_by = models.ForeignKey(
        Producer, verbose_name=_("proposed by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="proposed_events",
        help_text=_("The producer whose account proposed the event: that account may change it, and a provincial "
                    "officer publishes it."))

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[producers, products])
    # Area officers manage the events of their area; a producer account proposes events for its own producer
    # (`proposed_by`), which wait for a provincial officer's review (gis_app/core/access.py, accounts/rules.py).
    access = Access(area=("commune", "location"), own_producer="proposed_by_id", area_officer=EDIT, producer=EDIT)

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
        self.check_location()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": gettext("The event must end on or after its first day (%(date)s).")
                                   % {"date": self.starts_on.strftime("%d/%m/%Y")}})
        self.place_at_site()
        self.fill_commune()

    def place_at_site(self):
        """An event at a tourism site and without a point of its own takes the site's point."""
        if self.location is None and self.site_id:
            self.location = self.site.location

    def include_proposer(self):
        """The proposing producer takes part in its event (after a save: the admin's and the API's)."""
        if self.proposed_by_id and not self.producers.filter(pk=self.proposed_by_id).exists():
            self.producers.add(self.proposed_by_id)

    def save(self, *args, **kwargs):
        self.place_at_site()
        super().save(*args, **kwargs)  # Located.save fills the commune from the point
