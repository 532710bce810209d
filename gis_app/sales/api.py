"""GET /api/v1/points-of-sale/ (GeoJSON, the API's paging and spatial parameters) and its detail."""
import django_filters as filters
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.utils.translation import gettext_lazy

from gis_app.api.filters import RegistryFilterSet
from gis_app.api.records import GEOJSON_DIGITS, unit_fields, visible_products
from gis_app.api.resources import Resource, register
from gis_app.core.geojson import AsGeoJSON  # RFC 7946 ring order

from .models import PointOfSale


def outlet_rows(user):
    return PointOfSale.objects.visible_to(user)


def outlet_values(queryset, user, day, extra=()):
    sold = visible_products(user).filter(points_of_sale=OuterRef("pk")).order_by("pk").values("pk")
    return queryset.values(
        *extra, "id", "name", "name_en", "status", "kind", "address", "url", "phone", "opening_time",
        "closing_time", "open_weekdays", "opening_note", "site_id", "producer_id", **unit_fields(),
        geometry=AsGeoJSON("location", precision=GEOJSON_DIGITS),
        product_ids=ArraySubquery(sold),
    )


def outlet_properties(row):
    row["kind_label"] = str(PointOfSale.Kind(row["kind"]).label)
    for key in ("opening_time", "closing_time"):
        row[key] = row[key].strftime("%H:%M") if row[key] else None
    return row


class PointOfSaleFilter(RegistryFilterSet):
    kind = filters.ChoiceFilter(choices=PointOfSale.Kind.choices)
    product = filters.NumberFilter(method="filter_product", label=gettext_lazy("sells this product (id)"))
    producer = filters.NumberFilter(method="filter_producer",
                                    label=gettext_lazy("sells products of this producer (id)"))
    site = filters.NumberFilter(field_name="site_id", label=gettext_lazy("at this tourism site (id)"))
    search_fields = ("name", "name_en", "address")

    class Meta:
        model = PointOfSale
        fields = []

    def filter_product(self, queryset, name, value):
        products = visible_products(getattr(self.request, "user", None)).filter(pk=value)
        return queryset.filter(pk__in=PointOfSale.products.through.objects.filter(
            product__in=products).values("pointofsale_id"))

    def filter_producer(self, queryset, name, value):
        products = visible_products(getattr(self.request, "user", None)).filter(producer_id=value)
        return queryset.filter(pk__in=PointOfSale.products.through.objects.filter(
            product__in=products).values("pointofsale_id"))


POINTS_OF_SALE = Resource(outlet_rows, outlet_values, outlet_properties)


def register_api():
    """Called from SalesConfig.ready(): /api/v1/points-of-sale/ and its detail."""
    register("points-of-sale", POINTS_OF_SALE, PointOfSaleFilter,
             list_summary="Points of sale of OCOP products, with the products each sells (GeoJSON)",
             detail_summary="Point of sale", list_url_name="api-points-of-sale",
             detail_url_name="api-point-of-sale")
