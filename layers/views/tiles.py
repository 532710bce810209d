"""/tiles/{layer}/{z}/{x}/{y}.pbf (Mapbox vector tiles), /tiles/{layer}.json (TileJSON), /tiles/catalogue.json,
/tiles/style.json (MapLibre style) and its preview page /tiles/style-preview/.

Tiles are cached under (layer, data version, z/x/y, filters): an edit changes the
version, so the next request computes a fresh tile and old entries simply expire.
TileJSON hands out tile URLs carrying the version (`?v=`), which may then be
cached for a day; other requests revalidate with their ETag.
"""
import hashlib
import os
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gis_app.core.errors import InputError
from gis_app.core.params import parse_int
from gis_app.core.security import content_security_policy, tile_origin
from gis_app.places.dates import PARAMETER as UNITS_ON

from .. import mvt
from ..catalogue import all_layers, get_layer, legend
from ..features import extent
from ..query import layer_queryset, parse_layer_query
from ..style import map_style
from ..versions import data_version
from .errors import house_errors

MAX_ZOOM = 22
# Seconds a computed tile stays in the cache (OCOP_TILE_CACHE_SECONDS; 0: never cached, bench/peers
# measures uncached tiles that way).
CACHE_SECONDS = int(os.environ.get("OCOP_TILE_CACHE_SECONDS", "3600"))
VERSIONED_MAX_AGE = 86400
MVT_TYPE = "application/vnd.mapbox-vector-tile"


def _today_only(layer, params):
    """Tiles are cached per data version, not per day: they carry today's units only (#24); another day is an
    export's or the OGC items' `?units_on=`."""
    if UNITS_ON in params and UNITS_ON in layer.filter_names:
        raise InputError(UNITS_ON, _("Tiles show today's units only; ask an export or the OGC items for "
                                     "another day (units_on=YYYY-MM-DD)."))


def _tile_address(z, x, y):
    z = parse_int("z", z, 0, MAX_ZOOM)
    x = parse_int("x", x, 0, 2 ** z - 1)
    y = parse_int("y", y, 0, 2 ** z - 1)
    return z, x, y


_known_versions = {}  # layer id -> the data version this process saw last (a guess, always checked)


def _guess_version(layer):
    """The version this process saw last, else the one any worker saw last (shared cache): a recycled or new
    worker then finds the tiles the others computed instead of computing every tile again (#28)."""
    guess = _known_versions.get(layer.id)
    if guess is None:
        guess = cache.get(f"layers:known-version:{layer.id}")
    return guess


def _remember_version(layer, version, computed):
    # Shared on every computed tile (already a costly path), so that a cleared cache learns it again.
    if computed or _known_versions.get(layer.id) != version:
        cache.set(f"layers:known-version:{layer.id}", version, CACHE_SECONDS or None)
    _known_versions[layer.id] = version


def _etag(version, z, x, y, filters):
    return '"' + hashlib.sha1(f"{version}|{z}/{x}/{y}|{filters}".encode()).hexdigest()[:24] + '"'


@require_safe
@house_errors
def tile(request, layer_id, z, x, y):
    """One round trip to the database per request, cached or not (unless the data changed since the last one).

    A cached tile: the cache is looked up under the version seen last, then the version is read to confirm
    it. An uncached tile: version and tile come from one statement (mvt.versioned_tile).
    """
    layer = get_layer(layer_id)
    z, x, y = _tile_address(z, x, y)
    params = request.GET.copy()
    requested_version = params.pop("v", [None])[-1]
    _today_only(layer, params)
    queryset = layer_queryset(layer, params)
    filters = urlencode(sorted(params.items()))
    in_range = layer.min_zoom <= z <= layer.max_zoom
    conditional = "If-None-Match" in request.headers
    version = data_version(layer) if conditional or not in_range else None
    if conditional and _etag(version, z, x, y, filters) in request.headers["If-None-Match"]:
        response = HttpResponseNotModified()
    else:
        if not in_range:
            data = b""
        else:
            guess = version or _guess_version(layer)
            data = cache.get(f"layers:tile:{_etag(guess, z, x, y, filters)}") if guess else None
            if data is not None and version is None:
                version = data_version(layer)
                if version != guess:
                    data = cache.get(f"layers:tile:{_etag(version, z, x, y, filters)}")
            computed = data is None
            if computed:
                version, data = mvt.versioned_tile(layer, queryset, z, x, y, unfiltered=not params)
                cache.set(f"layers:tile:{_etag(version, z, x, y, filters)}", data, CACHE_SECONDS)
            _remember_version(layer, version, computed)
        response = HttpResponse(data, content_type=MVT_TYPE)
    response["ETag"] = _etag(version, z, x, y, filters)
    if requested_version == version:
        response["Cache-Control"] = f"public, max-age={VERSIONED_MAX_AGE}, immutable"
    else:
        response["Cache-Control"] = "public, no-cache"  # always revalidate: edits show at once
    return response


@require_safe
@house_errors
def tilejson(request, layer_id):
    """TileJSON 3.0.0 of one layer."""
    layer = get_layer(layer_id)
    filters, _bbox = parse_layer_query(layer, request.GET)
    _today_only(layer, filters)
    if _bbox is not None:
        raise InputError("bbox", _("Tiles are not cut by a box; pan the map instead."))
    version = data_version(layer)
    query = urlencode({**filters, "v": version})
    template = request.build_absolute_uri(f"/tiles/{layer.id}/") + "{z}/{x}/{y}.pbf?" + query
    bounds = extent(layer) or [-180, -85.0511, 180, 85.0511]
    fields = {f.name: str(f.title) for f in layer.tile_fields if f.name != "id"}
    if layer.is_point:
        fields["count"] = _("number of points in the cell (aggregated tiles)")
        # Aggregated cells holding one point carry its id as a property (elsewhere it is the feature id).
        fields["id"] = _("identifier of the point, in a cell holding a single point (aggregated tiles)")
    return JsonResponse({
        "tilejson": "3.0.0",
        "name": str(layer.title),
        "description": str(layer.description),
        "version": "1.0.0",
        "scheme": "xyz",
        "tiles": [template],
        "minzoom": layer.min_zoom,
        "maxzoom": min(layer.max_zoom, MAX_ZOOM),
        "bounds": bounds,
        "center": [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, max(layer.min_zoom, 10)],
        "vector_layers": [{"id": layer.id, "description": str(layer.description), "minzoom": layer.min_zoom,
                           "maxzoom": min(layer.max_zoom, MAX_ZOOM), "fields": fields}],
        "ocop:style": {"colour": layer.style.colour, "icon": layer.style.icon,
                       "fill_opacity": layer.style.fill_opacity, "legend": str(layer.style.legend),
                       "cluster_below_zoom": layer.cluster_below_zoom if layer.is_point else None},
    }, json_dumps_params={"ensure_ascii": False})


@require_safe
def catalogue(request):
    """Every public layer with its legend entry and the addresses of its tiles, features and exports."""
    entries = []
    for entry, layer in zip(legend(), all_layers()):
        entries.append({**entry, "description": str(layer.description),
                        "tilejson": request.build_absolute_uri(f"/tiles/{layer.id}.json"),
                        "features": request.build_absolute_uri(f"/ogc/collections/{layer.id}/items"),
                        "export": request.build_absolute_uri(f"/export/{layer.id}.geojson")})
    return JsonResponse({"layers": entries}, json_dumps_params={"ensure_ascii": False})


@require_safe
def style(request):
    """The MapLibre style of every public layer (layers/style.py), for web maps and QGIS."""
    response = JsonResponse(map_style(request), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, no-cache"  # small; the legend's language and the sources' host vary
    return response


@require_safe
def style_preview(request):
    """A page drawing /tiles/style.json with MapLibre GL JS (node_modules, served as static files)."""
    response = render(request, "layers/style_preview.html", {"style_url": reverse("layers-style")})
    # MapLibre fetches the basemap's raster tiles (connect-src, not img-src): this page alone lets it reach the
    # tile server; the other pages keep connect-src to their own origin.
    tiles = tile_origin(getattr(settings, "OCOP_TILES_URL", ""))
    if tiles:
        response["Content-Security-Policy"] = content_security_policy().replace(
            "connect-src 'self'", f"connect-src 'self' {tiles}")
    return response
