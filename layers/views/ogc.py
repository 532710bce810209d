"""OGC API – Features (Part 1 Core + GeoJSON + OAS 3.0, Part 2 CRS, Part 3 Filtering with CQL2) and the
OGC API – Tiles landing of the vector tiles, served from the layer catalogue under /ogc/.

Views are thin: parse (layers.ogc_params), count and fetch (layers.features, SQL in PostGIS), then wrap the
GeoJSON text that PostGIS built in the OGC envelope. Only when the client asks for another CRS is the page
parsed, to reproject its (at most `limit`) geometries with pyproj (layers.crs).
"""
import json
from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gis_app.core import geojson
from gis_app.core.errors import InputError, error_body

from .. import cql2, ogc_tiles
from ..catalogue import all_layers, get_layer
from ..crs import CRS84, CRS_URIS, SUPPORTED, get_crs, reproject_features
from ..features import BIGINT_MAX, extent, feature_json, page
from ..ogc_params import DEFAULT_LIMIT, MAX_LIMIT, parse_items
from ..openapi import definition
from .errors import house_errors

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    *cql2.CONFORMANCE,
    *ogc_tiles.CONFORMANCE,
]
GEOJSON = "application/geo+json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
SCHEMA = "application/schema+json"
QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"


def _json(data, content_type="application/json", status=200):
    return JsonResponse(data, status=status, content_type=content_type, json_dumps_params={"ensure_ascii": False})


def _url(request, path, params=None):
    query = ("?" + urlencode(params)) if params else ""
    return request.build_absolute_uri("/ogc" + path) + query


def _links(request, path, rel_type="application/json", params=None, title=None):
    """`self` (JSON) and `alternate` (HTML) links of the document at `path`."""
    return [
        {"href": _url(request, path, params), "rel": "self", "type": rel_type, "title": str(title or _("this document"))},
        {"href": _url(request, path, {**(params or {}), "f": "html"}), "rel": "alternate", "type": HTML,
         "title": str(_("this document as HTML"))},
    ]


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
    response = _negotiated(request, data, content_type, text, title)
    patch_vary_headers(response, ["Accept"])  # the same URL answers JSON or HTML
    return response


def _negotiated(request, data, content_type, text, title):
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
            *_links(request, "/"),
            {"href": _url(request, "/api"), "rel": "service-desc", "type": OPENAPI, "title": _("the API definition")},
            {"href": _url(request, "/conformance"), "rel": "conformance", "type": "application/json",
             "title": _("conformance classes")},
            {"href": _url(request, "/collections"), "rel": "data", "type": "application/json",
             "title": _("the layers")},
            {"href": _url(request, "/tileMatrixSets"), "rel": "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes",
             "type": "application/json", "title": _("tile matrix sets")},
        ],
    })


@require_safe
@house_errors
def conformance(request):
    _check_format(request)
    return _respond(request, {"title": _("conformance classes"), "conformsTo": CONFORMANCE,
                              "links": _links(request, "/conformance")})


def _collection(request, layer):
    bbox = extent(layer) or [-180, -90, 180, 90]
    path = f"/collections/{layer.id}"
    return {
        "id": layer.id,
        "title": str(layer.title),
        "description": str(layer.description),
        "itemType": "feature",
        "crs": CRS_URIS,
        "storageCrs": CRS84,
        "extent": {"spatial": {"bbox": [bbox], "crs": CRS84}},
        "links": [
            *_links(request, path),
            {"href": _url(request, f"{path}/items"), "rel": "items", "type": GEOJSON,
             "title": str(_("the features"))},
            {"href": _url(request, f"{path}/items", {"f": "html"}), "rel": "items", "type": HTML,
             "title": str(_("the features as HTML"))},
            {"href": _url(request, f"{path}/queryables"), "rel": QUERYABLES_REL,
             "type": SCHEMA, "title": str(_("queryables"))},
            {"href": _url(request, f"{path}/tiles"), "rel": "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector",
             "type": "application/json", "title": str(_("vector tilesets"))},
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
        "links": _links(request, "/collections"),
        "crs": CRS_URIS,
        "collections": [_collection(request, layer) for layer in all_layers()],
    })


@require_safe
@house_errors
def collection(request, layer_id):
    _check_format(request)
    return _respond(request, _collection(request, get_layer(layer_id, field="collectionId")))


def _features_text(layer, features, crs):
    """The page's features text, reprojected into `crs` when it is not CRS84."""
    if crs.is_crs84:
        return features
    return json.dumps(reproject_features(json.loads(features), crs), ensure_ascii=False)


def _with_crs(response, crs):
    response["Content-Crs"] = f"<{crs.uri}>"
    return response


@require_safe
@house_errors
def items(request, layer_id):
    _check_format(request)
    layer = get_layer(layer_id, field="collectionId")
    query = parse_items(layer, request.GET)
    limit, offset = query.limit, query.offset
    # PostgreSQL's OFFSET is a bigint: an offset beyond it is read as the last one it can hold (nothing is there).
    result = page(layer, query.queryset, limit, min(offset, BIGINT_MAX - limit), params=query.filters)
    matched = result.matched if result.matched is not None else offset

    base = {k: v for k, v in request.GET.items() if k not in ("limit", "offset", "f")}
    path = f"/collections/{layer.id}/items"
    links = [
        *_links(request, path, GEOJSON, {**base, "limit": limit, "offset": offset}),
        {"href": _url(request, f"/collections/{layer.id}"), "rel": "collection", "type": "application/json"},
    ]
    if result.has_next:
        links.append({"href": _url(request, path, {**base, "limit": limit, "offset": offset + limit}),
                      "rel": "next", "type": GEOJSON})
    if offset > 0:
        links.append({"href": _url(request, path, {**base, "limit": limit, "offset": max(0, min(offset, matched) - limit)}),
                      "rel": "prev", "type": GEOJSON})
    counts = {"numberMatched": result.matched} if result.matched is not None else {}  # optional beyond a bound
    members = {**counts, "numberReturned": result.returned,
               "timeStamp": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"), "links": links}
    # The features are GeoJSON text built by PostGIS: spliced in, not parsed and dumped again (unless
    # another CRS was asked for).
    body = geojson.text(geojson.Raw(_features_text(layer, result.features, query.crs)), members)
    response = _with_crs(_respond(request, None, GEOJSON, text=body, title=layer.title), query.crs)
    # The same self/alternate links and the queryables as an HTTP Link header (Part 3 finds queryables there);
    # plain URLs, so the header never holds a comma inside a URL.
    header_links = [(_url(request, path), "self", GEOJSON), (_url(request, path, {"f": "html"}), "alternate", HTML),
                    (_url(request, f"/collections/{layer.id}/queryables"), QUERYABLES_REL, SCHEMA)]
    response["Link"] = ", ".join(f'<{href}>; rel="{rel}"; type="{kind}"' for href, rel, kind in header_links)
    return response


@require_safe
@house_errors
def item(request, layer_id, feature_id):
    _check_format(request)
    layer = get_layer(layer_id, field="collectionId")
    crs = get_crs("crs", request.GET["crs"]) if request.GET.get("crs") else SUPPORTED[CRS84]
    try:
        pk = int(feature_id)
    except ValueError:
        pk = None
    text = feature_json(layer, pk) if pk is not None and 0 < pk < 2 ** 63 else None
    if text is None:
        raise InputError("featureId", _("No public feature “%(id)s” in %(layer)s.")
                         % {"id": feature_id, "layer": layer.id}, status_code=404)
    if not crs.is_crs84:
        text = json.dumps(reproject_features([json.loads(text)], crs)[0], ensure_ascii=False)
    params = {"crs": request.GET["crs"]} if request.GET.get("crs") else None
    links = [
        *_links(request, f"/collections/{layer.id}/items/{pk}", GEOJSON, params),
        {"href": _url(request, f"/collections/{layer.id}"), "rel": "collection", "type": "application/json"},
    ]
    body = text[:-1] + ', "links": ' + json.dumps(links, ensure_ascii=False) + "}"
    return _with_crs(_respond(request, None, GEOJSON, text=body, title=f"{layer.title} {pk}"), crs)


@require_safe
@house_errors
def queryables(request, layer_id):
    """The JSON Schema of what a CQL2 filter may name in this collection (Part 3)."""
    _check_format(request)
    layer = get_layer(layer_id, field="collectionId")
    document = cql2.queryables(layer, _url(request, f"/collections/{layer.id}/queryables"))
    if _wants_html(request):
        return _respond(request, {**document, "links": _links(request, f"/collections/{layer.id}/queryables",
                                                              SCHEMA)})
    return _json(document, content_type=SCHEMA)


@require_safe
@house_errors
def api(request):
    """The OpenAPI definition of this service."""
    document = definition(request.build_absolute_uri("/ogc").rstrip("/"), all_layers(), MAX_LIMIT, DEFAULT_LIMIT)
    return _json(document, content_type=OPENAPI)


def not_found(request, rest=""):
    """Any other /ogc/… path: the house JSON error, as the rest of the API answers.

    A known path written with a trailing slash (…/collections/) is redirected to it, with an absolute
    Location (QGIS 3.22 does not follow relative ones).
    """
    bare = request.path.rstrip("/")
    if request.path.endswith("/") and bare != "/ogc":
        try:
            match = resolve(bare)
        except Resolver404:
            match = None
        if match is not None and match.url_name != "ogc-not-found":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.build_absolute_uri(bare) + ("?" + query if query else ""))
    return JsonResponse(error_body(None, _("Not found.")), status=404, json_dumps_params={"ensure_ascii": False})
