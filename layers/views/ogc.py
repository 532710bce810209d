"""OGC API – Features, Part 1 Core + GeoJSON, CRS84, served from the layer catalogue under /ogc/.

Views are thin: parse (layers.query), count and fetch (layers.features, SQL in
PostGIS), then wrap the GeoJSON text that PostGIS built in the OGC envelope.
"""
import json
from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gis_app.core.errors import InputError
from gis_app.core.params import parse_int

from ..catalogue import all_layers, get_layer
from ..features import extent, feature_json, page
from ..openapi import definition
from ..query import layer_queryset
from .errors import house_errors

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
DEFAULT_LIMIT, MAX_LIMIT = 10, 10_000
GEOJSON = "application/geo+json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
# Parameters every items request may carry besides the layer's filters and bbox. `datetime` is part of
# Core; no layer has a temporal extent, so it is accepted and, as Core allows, ignored.
ITEMS_PARAMS = ("limit", "offset", "f", "datetime")


def _json(data, content_type="application/json", status=200):
    return JsonResponse(data, status=status, content_type=content_type, json_dumps_params={"ensure_ascii": False})


def _url(request, path, params=None):
    query = ("?" + urlencode(params)) if params else ""
    return request.build_absolute_uri("/ogc" + path) + query


def _check_format(request):
    if request.GET.get("f", "json") not in ("json", "geojson", "html"):
        raise InputError("f", _("Formats offered: f=json, f=html."), status_code=400)


def _wants_html(request):
    """HTML for f=html, or for a browser asking for HTML and not JSON; JSON for every other client."""
    if "f" in request.GET:
        return request.GET["f"] == "html"
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and "json" not in accept


def _as_html_link(link):
    """The same link, leading to the page rather than the JSON when it points inside /ogc/ (not the API definition)."""
    href = link["href"]
    if "/ogc/" in href and not href.endswith("/api") and "f=" not in href:
        href += ("&" if "?" in href else "?") + "f=html"
    return {**link, "href": href}


def _respond(request, data, content_type="application/json", text=None, title=None):
    """`data` (or the JSON `text` already built) as JSON, or as a page for people when they ask for HTML."""
    if not _wants_html(request):
        return HttpResponse(text, content_type=content_type) if text is not None else _json(data, content_type)
    doc = json.loads(text) if text is not None else data
    page = {"doc": doc, "title": title or doc.get("title") or doc.get("id") or "OGC API – Features",
            "links": [_as_html_link(link) for link in doc.get("links", [])]}
    page["collections"] = [{**c, "links": [_as_html_link(link) for link in c["links"]]}
                           for c in doc.get("collections", [])]
    features = doc.get("features") or ([doc] if doc.get("type") == "Feature" else [])
    if features:
        page["columns"] = list(features[0]["properties"])  # every layer declares "id" among its fields
        page["rows"] = [list(f["properties"].values()) for f in features]
    return render(request, "layers/ogc.html", page)


@require_safe
@house_errors
def landing(request):
    _check_format(request)
    return _respond(request, {
        "title": _("OCOP-GIS public layers"),
        "description": _("Producers, OCOP products, craft villages, tourism sites and administrative units of "
                         "the OCOP programme, as OGC API – Features."),
        "links": [
            {"href": _url(request, "/"), "rel": "self", "type": "application/json", "title": _("this document")},
            {"href": _url(request, "/api"), "rel": "service-desc", "type": OPENAPI, "title": _("the API definition")},
            {"href": _url(request, "/conformance"), "rel": "conformance", "type": "application/json",
             "title": _("conformance classes")},
            {"href": _url(request, "/collections"), "rel": "data", "type": "application/json",
             "title": _("the layers")},
        ],
    })


@require_safe
@house_errors
def conformance(request):
    _check_format(request)
    return _respond(request, {"title": _("conformance classes"), "conformsTo": CONFORMANCE})


def _collection(request, layer):
    bbox = extent(layer) or [-180, -90, 180, 90]
    return {
        "id": layer.id,
        "title": str(layer.title),
        "description": str(layer.description),
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {"spatial": {"bbox": [bbox], "crs": CRS84}},
        "links": [
            {"href": _url(request, f"/collections/{layer.id}"), "rel": "self", "type": "application/json"},
            {"href": _url(request, f"/collections/{layer.id}/items"), "rel": "items", "type": GEOJSON},
            {"href": request.build_absolute_uri(f"/tiles/{layer.id}.json"), "rel": "tiles",
             "type": "application/json", "title": "TileJSON"},
            *({"href": request.build_absolute_uri(f"/export/{layer.id}.{suffix}"), "rel": "enclosure",
               "type": content_type} for suffix, content_type in
              (("gpkg", "application/geopackage+sqlite3"), ("csv", "text/csv"))),
        ],
    }


@require_safe
@house_errors
def collections(request):
    _check_format(request)
    return _respond(request, {
        "title": _("the layers"),
        "links": [{"href": _url(request, "/collections"), "rel": "self", "type": "application/json"}],
        "collections": [_collection(request, layer) for layer in all_layers()],
    })


@require_safe
@house_errors
def collection(request, layer_id):
    _check_format(request)
    return _respond(request, _collection(request, get_layer(layer_id, field="collectionId")))


@require_safe
@house_errors
def items(request, layer_id):
    _check_format(request)
    layer = get_layer(layer_id, field="collectionId")
    limit = min(parse_int("limit", request.GET.get("limit", DEFAULT_LIMIT), minimum=1), MAX_LIMIT)
    offset = parse_int("offset", request.GET.get("offset", 0), minimum=0)
    queryset = layer_queryset(layer, request.GET, others=ITEMS_PARAMS)
    result = page(layer, queryset, limit, offset)

    base = {k: v for k, v in request.GET.items() if k not in ("limit", "offset")}
    path = f"/collections/{layer.id}/items"
    links = [
        {"href": _url(request, path, {**base, "limit": limit, "offset": offset}), "rel": "self", "type": GEOJSON},
        {"href": _url(request, f"/collections/{layer.id}"), "rel": "collection", "type": "application/json"},
    ]
    if result.has_next:
        links.append({"href": _url(request, path, {**base, "limit": limit, "offset": offset + limit}),
                      "rel": "next", "type": GEOJSON})
    if offset > 0:
        links.append({"href": _url(request, path, {**base, "limit": limit, "offset": max(0, offset - limit)}),
                      "rel": "prev", "type": GEOJSON})
    counts = {"numberMatched": result.matched} if result.matched is not None else {}  # optional beyond a bound
    envelope = json.dumps({"type": "FeatureCollection", **counts, "numberReturned": result.returned,
                           "timeStamp": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"), "links": links},
                          ensure_ascii=False)
    # The features are GeoJSON text built by PostGIS: spliced in, not parsed and dumped again.
    body = envelope[:-1] + ', "features": ' + result.features + "}"
    return _respond(request, None, GEOJSON, text=body, title=layer.title)


@require_safe
@house_errors
def item(request, layer_id, feature_id):
    _check_format(request)
    layer = get_layer(layer_id, field="collectionId")
    try:
        pk = int(feature_id)
    except ValueError:
        pk = None
    text = feature_json(layer, pk) if pk is not None and 0 < pk < 2 ** 63 else None
    if text is None:
        raise InputError("featureId", _("No public feature “%(id)s” in %(layer)s.")
                         % {"id": feature_id, "layer": layer.id}, status_code=404)
    links = [
        {"href": _url(request, f"/collections/{layer.id}/items/{pk}"), "rel": "self", "type": GEOJSON},
        {"href": _url(request, f"/collections/{layer.id}"), "rel": "collection", "type": "application/json"},
    ]
    body = text[:-1] + ', "links": ' + json.dumps(links) + "}"
    return _respond(request, None, GEOJSON, text=body, title=f"{layer.title} {pk}")


@require_safe
@house_errors
def api(request):
    """The OpenAPI definition of this service."""
    document = definition(request.build_absolute_uri("/ogc").rstrip("/"), all_layers(), MAX_LIMIT, DEFAULT_LIMIT)
    return _json(document, content_type=OPENAPI)
