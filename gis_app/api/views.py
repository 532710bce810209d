"""API views: parse the request, call query functions, return GeoJSON or JSON. No spatial logic here."""
import datetime

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from gis_app.core.errors import InputError
from gis_app.places.dates import units_on
from gis_app.places.models import AdminUnit
from gis_app.registry.models import Evaluation, Producer, Product, TaxonomyVersion

from . import filters, nearme, records, writes
from .aggregates import group_counts, unit_counts, units_of
from .filters import group_by_code
from .geojson import collection, feature, paginate
from .queries import resolve_unit
from .resources import Resource
from .spatial import OPENAPI_PARAMETERS, SpatialQuery

UNITS_ON_PARAMETER = OpenApiParameter("units_on", OpenApiTypes.DATE, description=(
    "day whose administrative units the `unit` of each record is given in (default: today, Asia/Ho_Chi_Minh); "
    "e.g. 2025-06-30 for the communes and districts before the 1 July 2025 reorganisation"))
FEATURE_COLLECTION = OpenApiResponse(OpenApiTypes.OBJECT, description="GeoJSON FeatureCollection (see docs/api.md)")
JSON_OBJECT = OpenApiResponse(OpenApiTypes.OBJECT, description="JSON object (see docs/api.md)")


# `units`: where a row is (commune, point or area): each answer gives its unit of the report day (#24).
PRODUCERS = Resource(records.producer_rows, records.producer_values, records.producer_properties,
                     units=("commune", "location", False))
PRODUCTS = Resource(records.product_rows, records.product_values, records.product_properties, "producer__location",
                    units=("producer__commune", "producer__location", False))
EVALUATIONS = Resource(records.evaluation_rows, records.evaluation_values, records.evaluation_properties,
                       "product__producer__location",
                       units=("product__producer__commune", "product__producer__location", False))
SITES = Resource(records.site_rows, records.site_values, records.site_properties, units=("commune", "location", False))
VILLAGES = Resource(records.village_rows, records.village_values, records.village_properties, None,
                    units=("commune", "area", True))
UNITS = Resource(records.unit_rows, records.unit_values, records.unit_properties, None)


class FeatureList(GenericAPIView):
    """A paginated GeoJSON FeatureCollection, filtered by attributes and (for points) by place."""

    resource: Resource = None
    filter_backends = [DjangoFilterBackend]
    pagination_class = None

    def get_queryset(self):
        return self.resource.rows(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        # The public near-me request of producers skips the framework: a prepared statement (api/nearme.py).
        if self.resource is PRODUCERS:
            fast = nearme.response(request)
            if fast is not None:
                return fast
        return super().dispatch(request, *args, **kwargs)

    def selection(self, request):
        """(queryset, rows, limit): the records the request's filters and spatial parameters select, as the
        caller may see them, in the list's order; `rows` their values (`resource.values`), `limit` the length
        of a nearest answer (None: every row, in pages). The officer map's files use it too
        (gis_app/web/selection.py), so that a file holds exactly what the list answers."""
        day = timezone.localdate()
        units_day = units_on(request.query_params.get("units_on"))
        queryset = self.filter_queryset(self.get_queryset())
        spatial = SpatialQuery.parse(request.query_params) if self.resource.location_field else SpatialQuery()
        queryset, limit = spatial.apply(queryset, self.resource.location_field)
        if not spatial.ranked:  # a total order, so that pages neither repeat nor skip rows
            queryset = queryset.order_by(*queryset.model._meta.ordering, "pk")
        extra = ("distance_m",) if spatial.ranked else ()
        rows = records.with_unit_of_day(self.resource.values(queryset, request.user, day, extra),
                                        self.resource.units, units_day)
        return queryset, rows, limit

    def get(self, request):
        queryset, rows, limit = self.selection(request)
        units_day = units_on(request.query_params.get("units_on"))  # (read again: a bad one was refused above)
        properties = records.unit_of_day_properties(self.resource.properties)
        if limit is not None:  # nearest: one short ranked answer, no pages
            page = list(rows[:limit])
            paging = {"count": len(page)}
        else:
            page, paging = paginate(request, rows, countable=queryset.values("pk"))
        features = [feature(row, properties) for row in page]
        if self.resource.units:
            paging["units_on"] = units_day.isoformat()
        return Response(collection(features, **paging))


class FeatureDetail(GenericAPIView):
    """One record as plain JSON: its properties, its geometry (GeoJSON) and related lists."""

    resource: Resource = None
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return self.resource.rows(self.request.user)

    def related(self, pk, body):
        return body

    def get(self, request, pk):
        units_day = units_on(request.query_params.get("units_on"))
        rows = records.with_unit_of_day(
            self.resource.values(self.get_queryset().filter(pk=pk), request.user, timezone.localdate()),
            self.resource.units, units_day)
        row = rows.first()
        if row is None:
            raise Http404
        body = feature(row, records.unit_of_day_properties(self.resource.properties))
        extra = {"units_on": units_day.isoformat()} if self.resource.units else {}
        return Response(self.related(pk, {**body["properties"], **extra, "geometry": body["geometry"]}))


def list_view(name, resource, filterset, summary):
    """The list view class of `resource`: GeoJSON, paging, spatial parameters, `filterset`, documented."""
    def get(self, request):
        return FeatureList.get(self, request)

    parameters = OPENAPI_PARAMETERS if resource.location_field else OPENAPI_PARAMETERS[-2:]
    get = extend_schema(operation_id=f"{name}_list", summary=summary, parameters=parameters, filters=True,
                        responses=FEATURE_COLLECTION)(get)
    return type(f"{name.title()}List", (FeatureList,), {"resource": resource, "filterset_class": filterset,
                                                       "get": get})


def detail_view(name, resource, summary, related=None):
    """The detail view class of `resource`; `related(user, pk, body)` adds related lists."""
    def get(self, request, pk):
        return FeatureDetail.get(self, request, pk)

    parameters = [UNITS_ON_PARAMETER] if resource.units else []
    attrs = {"resource": resource, "get": extend_schema(operation_id=f"{name}_detail", summary=summary,
                                                        parameters=parameters, responses=JSON_OBJECT)(get)}
    if related:
        attrs["related"] = lambda self, pk, body: related(self.request.user, pk, body)
    return type(f"{name.title()}Detail", (FeatureDetail,), attrs)


# Older names, kept for branches that still import them; new code registers through gis_app.api.resources.
_list, _detail = list_view, detail_view


def registered_views(endpoint):
    """(list view, detail view) of a resource registered with gis_app.api.resources.register."""
    listing = list_view(endpoint.name, endpoint.resource, endpoint.filterset, endpoint.list_summary)
    if endpoint.create is not None:  # POST on the list creates a record (the registering app's rules)
        listing = type(listing.__name__, (listing,), {"post": endpoint.create})
    return listing, detail_view(endpoint.name, endpoint.resource, endpoint.detail_summary, endpoint.related)


def _producer_related(user, pk, body):
    products = records.product_values(records.product_rows(user).filter(producer_id=pk), user,
                                      timezone.localdate())
    body["products"] = [feature(row, records.product_properties)["properties"] for row in products]
    return body


def _product_related(user, pk, body):
    evaluations = records.evaluation_values(records.evaluation_rows(user).filter(product_id=pk), user,
                                            timezone.localdate())
    body["evaluations"] = [feature(row, records.evaluation_properties)["properties"] for row in evaluations]
    return body


ProducerList = list_view("producers", PRODUCERS, filters.ProducerFilter, "Producers (GeoJSON)")
ProducerDetail = writes.editable_detail(
    detail_view("producers", PRODUCERS, "Producer with its products", _producer_related),
    Producer, writes.ProducerEdit, "producers")
ProductList = list_view("products", PRODUCTS, filters.ProductFilter,
                    "OCOP products at their producer's location (GeoJSON)")
ProductDetail = writes.editable_detail(
    detail_view("products", PRODUCTS, "Product with its evaluations", _product_related),
    Product, writes.ProductEdit, "products")
EvaluationList = list_view("evaluations", EVALUATIONS, filters.EvaluationFilter,
                       "Evaluations (GeoJSON, producer's location)")
# POST on the list records an evaluation (writes.EvaluationCreate: provincial officers and administrators).
EvaluationList = type("EvaluationsList", (EvaluationList,), {"post": writes.EvaluationCreate.post})
EvaluationDetail = writes.editable_detail(detail_view("evaluations", EVALUATIONS, "Evaluation"),
                                          Evaluation, writes.EvaluationEdit, "evaluations")
SiteList = list_view("sites", SITES, filters.SiteFilter, "Tourism sites (GeoJSON)")
SiteDetail = detail_view("sites", SITES, "Site")
VillageList = list_view("villages", VILLAGES, filters.VillageFilter, "Craft villages with member counts (GeoJSON)")
VillageDetail = detail_view("villages", VILLAGES, "Village")
UnitList = list_view("units", UNITS, filters.UnitFilter, "Administrative units, pre- and post-2025 (GeoJSON)")
UnitDetail = detail_view("units", UNITS, "Unit")


def parse_date(name, value, default):
    if value in (None, ""):
        return default
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InputError(name, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value})


class UnitAggregates(APIView):
    @extend_schema(summary="Counts per commune or district with the unit polygons (choropleths)", parameters=[
        OpenApiParameter("level", OpenApiTypes.STR, enum=["commune", "district"], description="default commune"),
        OpenApiParameter("units_on", OpenApiTypes.DATE,
                         description="units in force on this day (default: today, Asia/Ho_Chi_Minh)"),
        OpenApiParameter("on", OpenApiTypes.DATE, description="older name of units_on"),
        OpenApiParameter("parent", OpenApiTypes.STR, description="only the communes of this district code"),
        OpenApiParameter("group", OpenApiTypes.STR, description="count only products of this group"),
        OpenApiParameter("stars_on", OpenApiTypes.DATE, description="stars in force on this day (default today)"),
    ], responses=FEATURE_COLLECTION)
    def get(self, request):
        params = request.query_params
        level = params.get("level") or AdminUnit.Level.COMMUNE
        if level not in (AdminUnit.Level.COMMUNE, AdminUnit.Level.DISTRICT):
            raise InputError("level", _("“%(value)s” is not one of: %(choices)s.")
                             % {"value": level, "choices": "commune, district"})
        # `units_on` (the name every page and list uses; `on`, its older name): today's units by default (#24)
        field = "units_on" if params.get("units_on") not in (None, "") or not params.get("on") else "on"
        on = units_on(params.get(field), field)
        day = parse_date("stars_on", params.get("stars_on"), timezone.localdate())
        parent = None
        if params.get("parent"):
            try:
                parent = resolve_unit(params["parent"], on)
            except InputError as error:
                raise InputError("parent", error.detail)
        group = group_by_code(params["group"]) if params.get("group") else None
        return Response({**unit_counts(units_of(level, on, parent), request.user, day, on, group),
                         "units_on": on.isoformat()})


class GroupAggregates(APIView):
    @extend_schema(summary="Counts per product group of one taxonomy version", parameters=[
        OpenApiParameter("version", OpenApiTypes.STR, description="taxonomy version code (default the latest)"),
        OpenApiParameter("stars_on", OpenApiTypes.DATE, description="stars in force on this day (default today)"),
    ], responses=JSON_OBJECT)
    def get(self, request):
        latest = TaxonomyVersion.objects.order_by("-effective_from").first()
        version = request.query_params.get("version") or (latest.code if latest else "")
        if not TaxonomyVersion.objects.filter(code=version).exists():
            raise InputError("version", _("Unknown taxonomy version “%(code)s”.") % {"code": version})
        day = parse_date("stars_on", request.query_params.get("stars_on"), timezone.localdate())
        return Response({"version": version, "groups": group_counts(version, request.user, day)})
