"""Tours API (/api/v1/tours/): compute, save, publish, along, export. Views parse, call, serialise."""
from django.contrib.gis.geos import LineString
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from gis_app.accounts.rules import can_edit, may_plan_tours, sees_unpublished
from gis_app.core.errors import InputError
from gis_app.core.params import parse_float

from . import serializers as s
from .along import MAX_ALONG_M, along_route
from .export import FORMATS, ExportError, export_tour
from .geometry import parse_drawn_route
from .models import Tour, TourTheme
from .planning import plan_along_drawn, plan_on_roads
from .saving import save_plan, update_plan
from .stops import resolve_stops

ERROR = OpenApiResponse(description='{"error": {"field": …, "message": …}}')


def compute_plan(request, data):
    """The Plan for validated PlanRequestSerializer data."""
    stops = resolve_stops(data["stops"], include_unpublished=sees_unpublished(request.user))
    if data.get("route") is not None:
        return plan_along_drawn(stops, parse_drawn_route("route", data["route"]), data.get("start_at"))
    return plan_on_roads(stops, data["end"], data["optimize"], data.get("start_at"))


class ComputeView(APIView):
    @extend_schema(operation_id="tours_compute", request=s.PlanRequestSerializer,
                   responses={200: s.PlanSerializer, 400: ERROR, 404: ERROR, 422: ERROR, 503: ERROR},
                   summary="Best order, road route, timings and opening-hour warnings for a set of stops")
    def post(self, request):
        serializer = s.PlanRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(s.plan_data(compute_plan(request, serializer.validated_data)))


class ToursView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    @extend_schema(operation_id="tours_list", responses={200: s.TourSummarySerializer(many=True)},
                   summary="Published tours, and your own drafts")
    def get(self, request):
        tours = Tour.objects.visible_to(request.user).prefetch_related("themes")
        return Response(s.TourSummarySerializer(tours, many=True).data)

    @extend_schema(operation_id="tours_save", request=s.SaveRequestSerializer,
                   responses={201: s.TourSerializer, 400: ERROR, 422: ERROR, 503: ERROR},
                   summary="Compute and save a tour as a draft")
    def post(self, request):
        if not may_plan_tours(request.user):
            raise InputError("tour", _("Only tourism planners and provincial officers may save tours."),
                             status_code=403)
        serializer = s.SaveRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        tour = save_plan(compute_plan(request, data), data["name"], data.get("description", ""), request.user,
                         themes=data.get("themes"))
        return Response(s.TourSerializer(tour, context={"user": request.user}).data, status=status.HTTP_201_CREATED)


class ThemesView(APIView):
    @extend_schema(operation_id="tours_themes", responses={200: s.ThemeSerializer(many=True)},
                   summary="The themes a tour may have (their codes filter /tours/?theme=…)")
    def get(self, request):
        return Response(s.ThemeSerializer(TourTheme.objects.all(), many=True).data)


class TourView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    @extend_schema(operation_id="tours_detail", responses={200: s.TourSerializer, 404: ERROR})
    def get(self, request, pk):
        tour = get_object_or_404(Tour.objects.visible_to(request.user), pk=pk)
        return Response(s.TourSerializer(tour, context={"user": request.user}).data)

    @extend_schema(operation_id="tours_update", request=s.SaveRequestSerializer,
                   responses={200: s.TourSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 422: ERROR, 503: ERROR},
                   summary="Recompute and save over a tour (its author or staff); its status stays")
    def put(self, request, pk):
        tour = get_object_or_404(Tour.objects.visible_to(request.user), pk=pk)
        if not may_plan_tours(request.user) or not can_edit(request.user, tour):
            raise InputError("tour", _("Only the planner who made a tour, or a provincial officer, may change it."),
                             status_code=403)
        serializer = s.SaveRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        tour = update_plan(tour, compute_plan(request, data), data["name"], data.get("description", ""),
                           request.user, themes=data.get("themes"))
        return Response(s.TourSerializer(tour, context={"user": request.user}).data)


class PublishView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(operation_id="tours_publish", request=None, responses={200: s.TourSerializer, 400: ERROR,
                                                                          403: ERROR, 404: ERROR},
                   summary="Publish a tour for visitors (its author or staff)")
    def post(self, request, pk):
        tour = get_object_or_404(Tour.objects.visible_to(request.user), pk=pk)
        if not may_plan_tours(request.user) or not can_edit(request.user, tour):
            raise InputError("tour", _("Only the planner who made a tour, or a provincial officer, may publish it."),
                             status_code=403)
        private = list(tour.private_stops())
        if private:
            raise InputError("stops", _("Stops %(stops)s are at sites or producers that are not published: remove "
                                        "them or have them published first.")
                             % {"stops": ", ".join(f"{stop.position}. {stop.name}" for stop in private)})
        tour.status = Tour.Status.PUBLISHED
        tour._history_user = request.user
        tour.save(update_fields=["status", "updated_at"])
        return Response(s.TourSerializer(tour, context={"user": request.user}).data)


class AlongView(APIView):
    @extend_schema(operation_id="tours_along", request=s.AlongRequestSerializer,
                   responses={200: s.AlongItemSerializer(many=True), 400: ERROR},
                   summary="Published sites and producers within distance_m of a route, in route order")
    def post(self, request):
        serializer = s.AlongRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        route = parse_drawn_route("route", data["route"])
        found = along_route(route, data["distance_m"], data["exclude_sites"], data["exclude_producers"])
        return Response(s.AlongItemSerializer(found, many=True).data)


class TourAlongView(APIView):
    @extend_schema(operation_id="tours_detail_along",
                   parameters=[OpenApiParameter("distance_m", OpenApiTypes.FLOAT, description="default 1000")],
                   responses={200: s.AlongItemSerializer(many=True), 400: ERROR, 404: ERROR},
                   summary="What lies along a saved tour, except its own stops")
    def get(self, request, pk):
        tour = get_object_or_404(Tour.objects.visible_to(request.user), pk=pk)
        distance = parse_float("distance_m", request.query_params.get("distance_m", 1000), 1, MAX_ALONG_M)
        stops = list(tour.stops.all())
        found = along_route(LineString(tour.route.coords, srid=4326), distance,
                            [x.site_id for x in stops if x.site_id], [x.producer_id for x in stops if x.producer_id])
        return Response(s.AlongItemSerializer(found, many=True).data)


class ExportView(APIView):
    @extend_schema(operation_id="tours_export",
                   parameters=[OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=list(FORMATS))],
                   responses={(200, "application/gpx+xml"): OpenApiTypes.BINARY,
                              (200, "application/vnd.google-earth.kml+xml"): OpenApiTypes.BINARY,
                              400: ERROR, 404: ERROR},
                   summary="The tour as GPX (waypoints and a track) or KML, for GPS devices and map apps")
    def get(self, request, pk, fmt):
        if fmt not in FORMATS:
            raise InputError("format", _("Unknown format “%(value)s”: use gpx or kml.") % {"value": fmt})
        tour = get_object_or_404(Tour.objects.visible_to(request.user), pk=pk)
        try:
            content, content_type = export_tour(tour, fmt, tour.stops_shown_to(request.user))
        except ExportError as error:
            raise InputError("format", _("The file could not be written: %(reason)s") % {"reason": error},
                             status_code=503)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="tour-{tour.pk}.{fmt}"'
        return response
