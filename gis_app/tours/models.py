"""Saved tours: a route on the map and its ordered stops with planned times."""
import datetime

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gis_app.accounts.rules import sees_unpublished
from gis_app.core.constraints import GeometryCheckConstraint
from gis_app.core.text import NormalizedTextMixin
from gis_app.registry.models import BilingualName, Producer, TourismSite


class TourTheme(NormalizedTextMixin, BilingualName):
    """A theme a tour may have (craft villages, orchards, OCOP food…): reference data from
    fixtures/tour_themes.csv, loaded by `load_demo` (also with --reference-only); its code goes in the address
    of the catalogue (/tours/?theme=…)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("tour theme")
        verbose_name_plural = _("tour themes")
        ordering = ["position", "code"]


class TourQuerySet(models.QuerySet):
    def published(self):
        """The public tours: the one rule every public list (catalogue, site and producer pages, sitemap) uses."""
        return self.filter(status=Tour.Status.PUBLISHED)

    def visible_to(self, user):
        """Published tours, plus the user's own drafts (all drafts for staff)."""
        if sees_unpublished(user):
            return self
        if user.is_authenticated:
            return self.filter(Q(status=Tour.Status.PUBLISHED) | Q(created_by=user))
        return self.published()


class Tour(NormalizedTextMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class End(models.TextChoices):
        OPEN = "open", _("Ends at the last stop")
        FIXED = "fixed", _("Ends at the stop given last")
        ROUND = "round", _("Round trip")

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    route = models.LineStringField(_("route"), srid=4326)
    drawn = models.BooleanField(_("drawn by hand"), default=False)
    end = models.CharField(_("end"), max_length=8, choices=End.choices, default=End.OPEN)
    start_at = models.DateTimeField(_("starts at"))
    distance_m = models.FloatField(_("distance (m)"))
    drive_seconds = models.FloatField(_("driving time (s)"))
    visit_seconds = models.FloatField(_("visiting time (s)"))
    total_seconds = models.FloatField(_("total time (s)"))
    themes = models.ManyToManyField(TourTheme, verbose_name=_("themes"), blank=True, related_name="tours")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="tours")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TourQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes])  # a change of themes is in the history too

    class Meta:
        verbose_name = _("tour")
        verbose_name_plural = _("tours")
        ordering = ["-updated_at"]
        constraints = [GeometryCheckConstraint(condition=Q(route__isvalid=True), name="tour_route_valid")]

    def __str__(self):
        return self.name

    def stops_shown_to(self, user):
        return self.stops.shown_to(user).order_by("position")

    def private_stops(self):
        """Stops at a site or producer that is not published (a tour showing them may not be published)."""
        return self.stops.with_public().filter(public=False).order_by("position")

    @property
    def finish_at(self):
        """When the tour ends: after the last visit, or back at the start for a round trip.

        From the last stop's departure, since a tour of several days pauses overnight."""
        stops = list(self.stops.all())
        if not stops:
            return self.start_at + datetime.timedelta(seconds=self.total_seconds)
        back = self.drive_seconds - sum(s.leg_seconds for s in stops) if self.end == self.End.ROUND else 0
        return stops[-1].departure + datetime.timedelta(seconds=max(back, 0))


class TourStopQuerySet(models.QuerySet):
    def with_public(self):
        """Annotate `public`: the stop's site or producer (if any) is published, by the registry's own rule.

        A stop given by coordinates is the planner's own text and always public.
        """
        sites = TourismSite.objects.published()
        producers = Producer.objects.published().filter(pk=OuterRef("producer_id"))
        return self.annotate(public=(Q(site__isnull=True) | Exists(sites.filter(pk=OuterRef("site_id"))))
                             & (Q(producer__isnull=True) | Exists(producers)),
                             overnight_public=Exists(sites.filter(pk=OuterRef("overnight_id"))))

    def shown_to(self, user):
        """The stops `user` may see: all (each with `public`) for staff, the public ones for everybody else.

        A tour keeps its stops when a site or producer is unpublished later; visitors then no longer see it.
        """
        stops = self.with_public()
        if sees_unpublished(user):
            return stops.annotate(overnight_shown=ExpressionWrapper(Q(overnight__isnull=False),
                                                                    output_field=BooleanField()))
        # The night's lodging (tours of several days) follows the same rule: shown only while published.
        return stops.filter(public=True).annotate(overnight_shown=ExpressionWrapper(
            Q(overnight__isnull=False, overnight_public=True), output_field=BooleanField()))


class TourStop(NormalizedTextMixin, models.Model):
    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="stops")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=255)
    site = models.ForeignKey(TourismSite, verbose_name=_("tourism site"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="tour_stops")
    producer = models.ForeignKey(Producer, verbose_name=_("producer"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="tour_stops")
    location = models.PointField(_("location"), srid=4326)
    visit_minutes = models.PositiveSmallIntegerField(_("visit (minutes)"), default=0)
    arrival = models.DateTimeField(_("arrival"))
    departure = models.DateTimeField(_("departure"))
    leg_seconds = models.FloatField(_("driving time from the previous stop (s)"), default=0)
    leg_metres = models.FloatField(_("distance from the previous stop (m)"), default=0)
    warnings = models.TextField(_("warnings"), blank=True)
    day = models.PositiveSmallIntegerField(_("day"), default=1)
    overnight = models.ForeignKey(TourismSite, verbose_name=_("night after this stop at"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+",
                                  help_text=_("the homestay or lodging where the day that ends here sleeps"))

    objects = TourStopQuerySet.as_manager()

    class Meta:
        verbose_name = _("tour stop")
        verbose_name_plural = _("tour stops")
        ordering = ["tour", "position"]
        constraints = [models.UniqueConstraint(fields=["tour", "position"], name="tourstop_unique_position")]

    def __str__(self):
        return f"{self.position}. {self.name}"
