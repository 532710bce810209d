"""Public catalogue pages: the catalogue, product and producer pages, QR labels, label sheets and the sitemap.

Only published products of published producers are public: anything else is a 404 on its page, its QR code
and its JSON-LD alike (they all go through `queries.public_product_or_404`).
"""
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_safe

from gis_app.api.filters import ProductFilter
from gis_app.core.basemap import map_config
from gis_app.core.errors import InputError
from gis_app.registry.models import Producer

from . import jsonld, qr, queries
from . import sitemap as sitemaps
from .text import localized

PAGE_SIZE = 24
# Every state of the catalogue is in its URL, so that a view can be shared.
STATE = ("q", "group", "min_stars", "unit", "legal_form", "scope", "view")


def _photo_urls(request, product):
    return [queries.absolute(request, photo.image.url) for photo in product.gallery.all()]


@require_GET
def product_detail(request, pk):
    product = queries.public_product_or_404(pk)
    recognition = product.recognition()
    page_url = queries.absolute(request, queries.product_url(product))
    outlets = queries.points_of_sale_of(product)
    location = product.producer.location
    image_urls = _photo_urls(request, product)
    data = jsonld.product_jsonld(product, page_url, image_urls, recognition,
                                 offers_from=[o["name"] for o in outlets])
    return render(request, "catalogue/product_detail.html", {
        "product": product,
        "name": localized(product, "name"),
        "recognition": recognition,
        # The group's official name on the day of the deciding decision (781/2020 renamed a 2019 group).
        "group_name": product.subgroup.group.name_on(recognition.decision_date or timezone.localdate()),
        "photos": list(product.gallery.all()),
        "canonical_url": page_url,
        "og_image": image_urls[0] if image_urls else "",
        "jsonld": jsonld.as_script(data),
        "outlets": outlets,
        "nearby_sites": queries.nearby_sites(location),
        "events": queries.upcoming_events(products=product),
        "certifications": [label for value, label in product._meta.get_field("certifications").base_field.choices
                           if value in product.certifications],
        "map_config": map_config(
            producer={"name": product.producer.name, "point": queries.lon_lat(location),
                      "url": reverse("catalogue:producer", args=[product.producer_id])},
            outlets=[o for o in outlets if o["point"]],
            nearestUrl=f"{reverse('api-points-of-sale')}?product={product.pk}",
        ),
    })


@require_GET
def product_qr(request, pk, fmt):
    """The QR code of the product page's address (SVG or PNG, `size` pixels wide)."""
    product = queries.public_product_or_404(pk)
    try:
        size = qr.parse_size(request.GET.get("size"))
    except InputError as error:
        return HttpResponse(str(error.detail), status=400, content_type="text/plain; charset=utf-8")
    url = queries.absolute(request, queries.product_url(product))
    if fmt == "svg":
        response = HttpResponse(qr.svg(url, size, title=product.name), content_type="image/svg+xml")
    else:
        response = HttpResponse(qr.png(url, size), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="ocop-{product.pk}-qr.{fmt}"'
    return response


@require_GET
def producer_detail(request, pk):
    producer = queries.public_producer_or_404(pk)
    products = queries.products_of(producer)
    return render(request, "catalogue/producer_detail.html", {
        "producer": producer,
        "products": [{"product": p, "name": localized(p, "name"), "recognition": p.recognition(),
                      "photo": next(iter(p.gallery.all()), None)} for p in products],
        "photos": list(producer.gallery.shown().order_by("position", "pk")),
        "og_image": next((queries.absolute(request, p.image.url) for p in producer.gallery.shown().order_by("position", "pk")),
                         ""),
        "villages": queries.villages_around(producer.location),
        "tours": queries.tours_stopping_at(producer),
        "events": queries.upcoming_events(producers=producer),
        "outlets": [queries.outlet_row(o) for o in producer.points_of_sale.published().order_by("name")],
        "canonical_url": queries.absolute(request, request.path),
        "jsonld": jsonld.as_script(jsonld.producer_jsonld(
            producer, queries.absolute(request, request.path),
            [queries.absolute(request, queries.product_url(p)) for p in products])),
        "map_config": map_config(producer={"name": producer.name, "point": queries.lon_lat(producer.location)},
                                 outlets=[]),
    })


@require_GET
def producer_labels(request, pk):
    """A printable sheet (A4, print CSS) of QR labels, one per published product of the producer."""
    producer = queries.public_producer_or_404(pk)
    labels = []
    for product in queries.products_of(producer):
        url = queries.absolute(request, queries.product_url(product))
        labels.append({"product": product, "name": localized(product, "name"), "url": url,
                       "svg": qr.inline_svg(url)})
    return render(request, "catalogue/labels.html", {"producer": producer, "labels": labels})


@require_GET
def catalogue(request):
    """The catalogue: search and facets (all in the URL), list or map, paged."""
    params = request.GET
    filterset = ProductFilter(data=queries.filter_data(params), queryset=queries.public_products(), request=request)
    error, products = None, queries.public_products().none()
    try:
        if not filterset.is_valid():
            field, messages = next(iter(filterset.errors.items()))
            raise InputError(field, " ".join(messages))
        products = queries.ordered_for_catalogue(filterset.qs)
    except InputError as problem:
        error = {"field": problem.field, "message": str(problem.detail)}
    counts = {} if error else _facet_counts(request, params)
    view = "map" if params.get("view") == "map" else "list"
    paginator = Paginator(queries.with_page_relations(products), PAGE_SIZE)
    page = paginator.get_page(params.get("page"))
    state = {name: params.get(name, "") for name in STATE}
    data = queries.filter_data(params)
    api_query = {k: data[k] for k in ("q", "group", "min_stars", "unit", "units_on", "legal_form", "ocop")
                 if data.get(k)}
    response = render(request, "catalogue/catalogue.html", {
        "page": page,
        "rows": [{"product": p, "name": localized(p, "name"), "recognition": p.recognition(),
                  "photo": next(iter(p.gallery.all()), None)} for p in page.object_list],
        "count": paginator.count,
        "state": state,
        "view": view,
        "error": error,
        "groups": [(version, [(group, counts.get("group", {}).get(group.code)) for group in groups])
                   for version, groups in queries.facet_groups()],
        "units": queries.facet_units(),
        "legal_forms": [(value, label, counts.get("legal_form", {}).get(value))
                        for value, label in Producer.LegalForm.choices],
        "star_choices": [(n, counts.get("min_stars", {}).get(n)) for n in (3, 4, 5)],
        "query_without_page": _query(state),
        "query_without_view": _query({k: v for k, v in state.items() if k != "view"}),
        "map_config": map_config(api=reverse("api-products"), query=api_query,
                                 productUrl=reverse("catalogue:product", args=[0])),
    }, status=400 if error else 200)
    return response


def _facet_counts(request, params):
    """For each facet, the counts its values would give with the other facets as they are."""
    counts = {}
    for facet in ("group", "min_stars", "legal_form"):
        others = params.copy()
        others.pop(facet, None)
        filterset = ProductFilter(data=queries.filter_data(others), queryset=queries.public_products(),
                                  request=request)
        try:
            if filterset.is_valid():
                counts[facet] = queries.facet_counts(filterset.qs)[facet]
        except InputError:
            pass
    return counts


def _query(state):
    return urlencode({k: v for k, v in state.items() if v})


@require_GET
def sitemap(request):
    return HttpResponse(sitemaps.xml(request), content_type="application/xml; charset=utf-8")


@require_safe
def robots(request):
    return HttpResponse(sitemaps.robots_txt(request), content_type="text/plain; charset=utf-8")
