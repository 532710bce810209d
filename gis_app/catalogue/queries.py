"""What the public catalogue shows: only published products of published producers, with their recognition
today (gis_app/registry/recognition.py), where to buy them, nearby sites, events and tours."""
from collections import Counter

from django.contrib.gis.measure import D
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse

from gis_app.api.queries import nearest
from gis_app.core.links import absolute, lon_lat  # noqa: F401 (the catalogue's pages use queries.absolute/lon_lat)
from gis_app.events.models import Event
from gis_app.photos.models import Photo
from gis_app.places.area import area_units
from gis_app.places.dates import registry_units_on, report_day
from gis_app.places.models import AdminUnit
from gis_app.registry.models import CraftVillage, Producer, Product, ProductGroup, Status, TourismSite
from gis_app.sales.models import PointOfSale
from gis_app.tours.models import Tour

from .text import localized

NEARBY_SITES = 5
NEARBY_METRES = 15_000


def public_producers():
    return Producer.objects.published()


ALL_PRODUCTS = "all"


def public_products():
    """The products anyone may see: published, of a published producer (the API's rule, gis_app/api/records)."""
    return Product.objects.published()


def with_page_relations(products):
    return (products.select_related("producer__commune__parent", "subgroup__group__version")
            .prefetch_related("evaluations", Prefetch("gallery", queryset=Photo.objects.shown().order_by("position", "pk"))))


def public_product_or_404(pk):
    return get_object_or_404(with_page_relations(public_products()), pk=pk)


def public_producer_or_404(pk):
    return get_object_or_404(public_producers().select_related("commune__parent"), pk=pk)


def product_url(product_or_pk):
    return reverse("catalogue:product", args=[getattr(product_or_pk, "pk", product_or_pk)])


def directions_url(point):
    return f"https://www.google.com/maps/dir/?api=1&destination={point.y:.6f},{point.x:.6f}"


def points_of_sale_of(product):
    """Published points of sale that sell `product`, with what a page lists about each."""
    outlets = (PointOfSale.objects.published().filter(products=product).select_related("commune", "site")
               .order_by("name"))
    # places first (they go on the map), online shops after
    return [outlet_row(outlet) for outlet in sorted(outlets, key=lambda o: o.location is None)]


def outlet_row(outlet):
    return {
        "id": outlet.pk, "name": localized(outlet, "name"), "kind": outlet.get_kind_display(),
        "kind_code": outlet.kind, "address": outlet.address, "url": outlet.url, "phone": outlet.phone,
        "opening_time": outlet.opening_time, "closing_time": outlet.closing_time,
        "opening_note": outlet.opening_note, "point": lon_lat(outlet.location),
        "directions_url": directions_url(outlet.location) if outlet.location else "",
        "site_url": reverse("web:site-detail", args=[outlet.site_id])
        if outlet.site_id and outlet.site.status == Status.PUBLISHED else "",
    }


def nearby_sites(point, limit=NEARBY_SITES, metres=NEARBY_METRES):
    """Published tourism sites within `metres` of `point`, nearest first (KNN on the index), with distance."""
    sites = TourismSite.objects.published().filter(location__dwithin=(point, D(m=metres)))
    return list(nearest(sites, point, limit, "location")[:limit])


def upcoming_events(**related):
    """Published events not over yet that list this product or producer (`product=` or `producer=`)."""
    return list(Event.objects.published().upcoming().filter(**related).distinct())


def villages_around(point):
    """Published craft villages whose area covers `point`."""
    return list(CraftVillage.objects.published().filter(area__covers=point))


def tours_stopping_at(producer):
    return list(Tour.objects.published().filter(stops__producer=producer).distinct()
                .order_by("name"))


def products_of(producer):
    return list(with_page_relations(public_products().filter(producer=producer)).order_by("name"))


# --- The catalogue's facets --------------------------------------------------------------------------------


def facet_groups():
    """Product groups of both taxonomy versions, by version (the page shows one optgroup per version)."""
    versions = {}
    for group in ProductGroup.objects.select_related("version").order_by("version__effective_from", "code"):
        versions.setdefault(group.version, []).append(group)
    return list(versions.items())


def facet_units():
    """(label, units) lists: the programme area's wards and communes of today (places/area.py) and, as history,
    the districts and communes the registry is filed under; `unit=<code>` accepts either
    (gis_app/api/queries.resolve_unit). Each unit carries its label with kind and parent (`label_on`)."""
    old = area_units(registry_units_on()).with_labels(registry_units_on())
    new = area_units(report_day(), AdminUnit.Level.COMMUNE).with_labels(report_day())
    # Today's units first (#24); the pre-2025 ones as history, each with its kind and parent so no two read alike.
    return [
        ("new_communes", new.order_by("name")),
        ("districts", old.filter(level=AdminUnit.Level.DISTRICT).order_by("name")),
        ("communes", old.filter(level=AdminUnit.Level.COMMUNE).order_by("name")),
    ]


def facet_counts(products):
    """How many of `products` (the selection made by the other facets) each facet value would keep:
    {"group": {code: n}, "min_stars": {3: n, 4: n, 5: n}, "legal_form": {value: n}}. A product counts in its
    own group and in the groups of its sub-group's equivalents (the other classification), as the filter does.
    Three queries of (id, value) rows; a province has a few thousand products at most."""
    selected = Product.objects.filter(pk__in=products.order_by().values("pk")).order_by()
    members = {}
    for path in ("subgroup__group__code", "subgroup__equivalents__group__code"):
        for pk, code in selected.values_list("pk", path):
            if code:
                members.setdefault(code, set()).add(pk)
    stars = [s for s in selected.with_current_stars().values_list("current_stars", flat=True) if s]
    forms = Counter(selected.values_list("producer__legal_form", flat=True))
    return {"group": {code: len(pks) for code, pks in members.items()},
            "min_stars": {floor: sum(1 for s in stars if s >= floor) for floor in (3, 4, 5)},
            "legal_form": dict(forms)}


NEW_UNIT = "new:"


def filter_data(params):
    """The catalogue's URL parameters as the API's product filter reads them. Post-2025 communes reuse some
    pre-2025 codes, so the page marks them `unit=new:<code>`, which means that code among today's units."""
    data = params.copy()
    # The catalogue lists OCOP products (recognised, in force today) unless asked for every product in the
    # programme (`scope=all`): a product that is not an OCOP product is not in the default "Danh mục sản phẩm OCOP".
    if data.get("scope") != ALL_PRODUCTS:
        data["ocop"] = "true"
    unit = data.get("unit", "")
    if unit.startswith(NEW_UNIT):
        data["unit"] = unit[len(NEW_UNIT):]
        data["units_on"] = report_day().isoformat()
    elif unit:  # a pre-2025 unit: the API's codes mean today's units unless told the day (#24)
        data["units_on"] = registry_units_on().isoformat()
    else:
        data.pop("units_on", None)
    return data


def ordered_for_catalogue(products):
    """Best stars in force first, then by name; a total order so that pages neither repeat nor skip."""
    return (products.with_current_stars()
            .order_by(F("current_stars").desc(nulls_last=True), "name", "pk"))
