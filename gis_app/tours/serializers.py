"""Request and response shapes of the tours API (also what the OpenAPI schema shows)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gis_app.core import geojson

from .along import MAX_ALONG_M
from .models import Tour, TourStop, TourTheme


class StopInputSerializer(serializers.Serializer):
    site = serializers.IntegerField(required=False, help_text=_("id of a tourism site"))
    producer = serializers.IntegerField(required=False, help_text=_("id of a producer"))
    name = serializers.CharField(required=False, max_length=200, help_text=_("name of a stop given by coordinates"))
    lon = serializers.FloatField(required=False)
    lat = serializers.FloatField(required=False)
    visit_minutes = serializers.IntegerField(required=False, min_value=0, max_value=24 * 60)


class PlanRequestSerializer(serializers.Serializer):
    stops = serializers.ListField(child=StopInputSerializer(), help_text=_("2 to 25 stops; the first is the start"))
    end = serializers.ChoiceField(choices=Tour.End.choices, default=Tour.End.OPEN,
                                  help_text=_("open: end anywhere; fixed: end at the last stop given; round: "
                                              "come back to the start"))
    optimize = serializers.BooleanField(default=True, help_text=_("find the best visiting order"))
    start_at = serializers.DateTimeField(required=False, help_text=_("departure time (default: tomorrow 08:00)"))
    route = serializers.JSONField(required=False, help_text=_("a route drawn by hand (GeoJSON LineString): "
                                                              "no road routing, stops in the given order"))


class SaveRequestSerializer(PlanRequestSerializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    themes = serializers.SlugRelatedField(
        slug_field="code", queryset=TourTheme.objects.all(), many=True, required=False,
        help_text=_("codes of the tour's themes (GET /api/v1/tours/themes/ lists them); on a save over a tour, "
                    "left out keeps its themes"),
        error_messages={"does_not_exist": _("No tour theme has the code “{value}”."),
                        "invalid": _("A theme is given by its code.")})


class ThemeSerializer(serializers.ModelSerializer):
    """A theme: its code, its Vietnamese and English names, and `name` in the request's language."""

    name = serializers.CharField(read_only=True, help_text=_("the name in the language of the request"))

    class Meta:
        model = TourTheme
        fields = ["code", "name", "name_vi", "name_en"]


class AlongRequestSerializer(serializers.Serializer):
    route = serializers.JSONField(help_text=_("GeoJSON LineString"))
    distance_m = serializers.FloatField(default=1000, min_value=1, max_value=MAX_ALONG_M)
    exclude_sites = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    exclude_producers = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class AlongItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["site", "producer"])
    id = serializers.IntegerField()
    name = serializers.CharField()
    lon = serializers.FloatField()
    lat = serializers.FloatField()
    distance_m = serializers.FloatField(help_text=_("distance from the route"))
    position = serializers.FloatField(help_text=_("where along the route: 0 start, 1 end"))


class OvernightSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    lon = serializers.FloatField()
    lat = serializers.FloatField()
    distance_m = serializers.FloatField(help_text=_("straight-line distance from the stop"))


class PlannedStopSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    kind = serializers.CharField()
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    lon = serializers.FloatField()
    lat = serializers.FloatField()
    visit_minutes = serializers.IntegerField()
    arrival = serializers.DateTimeField()
    departure = serializers.DateTimeField()
    leg_seconds = serializers.FloatField()
    leg_metres = serializers.FloatField()
    warnings = serializers.ListField(child=serializers.CharField())
    day = serializers.IntegerField(help_text=_("day of the tour (1 for a one-day tour)"))
    overnight = OvernightSerializer(allow_null=True, help_text=_("where the night after this stop is spent, "
                                                                 "when a day ends here"))


class PlanSerializer(serializers.Serializer):
    stops = PlannedStopSerializer(many=True)
    end = serializers.CharField()
    optimized = serializers.BooleanField()
    exact = serializers.BooleanField(help_text=_("the order is the proven optimum (up to 10 stops)"))
    drawn = serializers.BooleanField()
    distance_m = serializers.FloatField()
    drive_seconds = serializers.FloatField()
    visit_seconds = serializers.FloatField()
    total_seconds = serializers.FloatField()
    day_count = serializers.IntegerField()
    start_at = serializers.DateTimeField()
    return_at = serializers.DateTimeField(allow_null=True)
    route = serializers.JSONField(help_text=_("GeoJSON LineString"))


def plan_data(plan):
    """The plan as PlanSerializer's data."""
    stops = [{**stop.as_dict(), "position": n, "arrival": t["arrival"], "departure": t["departure"],
              "leg_seconds": s, "leg_metres": m, "warnings": [str(w) for w in t["warnings"]],
              "day": t["day"], "overnight": plan.overnights.get(n - 1)}
             for n, (stop, t, s, m) in enumerate(zip(plan.stops, plan.timings, plan.leg_seconds, plan.leg_metres),
                                                 start=1)]
    return PlanSerializer({
        "stops": stops, "end": plan.end, "optimized": plan.optimized, "exact": plan.exact, "drawn": plan.drawn,
        "distance_m": plan.distance_m, "drive_seconds": plan.drive_seconds, "visit_seconds": plan.visit_seconds,
        "total_seconds": plan.total_seconds, "day_count": plan.day_count, "start_at": plan.start_at, "return_at": plan.return_at,
        "route": geojson.from_geos(plan.route),
    }).data


class TourStopSerializer(serializers.ModelSerializer):
    lon = serializers.FloatField(source="location.x")
    lat = serializers.FloatField(source="location.y")
    overnight = serializers.SerializerMethodField(help_text=_("the lodging site of the night after this stop, "
                                                              "while it is published"))
    public = serializers.BooleanField(read_only=True, default=True,
                                      help_text=_("false: the site or producer is not published (staff only see "
                                                  "such stops; visitors do not)"))

    class Meta:
        model = TourStop
        fields = ["position", "name", "site", "producer", "lon", "lat", "visit_minutes", "arrival", "departure",
                  "leg_seconds", "leg_metres", "warnings", "day", "overnight", "public"]

    def get_overnight(self, stop) -> int | None:
        return stop.overnight_id if getattr(stop, "overnight_shown", stop.overnight_id) else None


class TourSerializer(serializers.ModelSerializer):
    """A tour as `context["user"]` may see it: its stops through `TourStop.objects.shown_to` (the visibility
    rule of the registry), without its author (a user name is nobody else's business)."""

    stops = serializers.SerializerMethodField()
    route = serializers.SerializerMethodField()
    themes = ThemeSerializer(many=True, read_only=True)

    class Meta:
        model = Tour
        fields = ["id", "name", "description", "status", "drawn", "end", "start_at", "distance_m", "drive_seconds",
                  "visit_seconds", "total_seconds", "created_at", "updated_at", "themes", "route", "stops"]

    def get_route(self, tour) -> dict:
        return geojson.from_geos(tour.route)

    @extend_schema_field(TourStopSerializer(many=True))
    def get_stops(self, tour):
        return TourStopSerializer(tour.stops_shown_to(self.context.get("user")), many=True).data


class TourSummarySerializer(serializers.ModelSerializer):
    themes = ThemeSerializer(many=True, read_only=True)

    class Meta:
        model = Tour
        fields = ["id", "name", "status", "distance_m", "total_seconds", "start_at", "updated_at", "themes"]


def local(moment):
    return timezone.localtime(moment) if moment else moment
