"""The MapLibre style (style specification v8) of the public layers, built from their declared `Style`.

One source of colours: each layer's `Style` in the catalogue (layers/catalogue.py, gis_app/sales/layers.py …),
the same entries the site's legend reads (`catalogue.legend`). Each layer's source is the project's own
TileJSON (/tiles/{layer}.json). Symbols are simple: circles for points (aggregated cells grow with their
`count`), fill and outline for polygons, lines for lines. There are no text labels: they would need glyphs
(font PBFs) from a font server, and the project serves none. The basemap (OCOP_TILES_URL) is a raster layer
under the data, left out when that setting is empty.
"""
from django.conf import settings
from django.utils.translation import gettext as _

from gis_app.core.basemap import tiles_attribution

from .catalogue import all_layers, legend

STYLE_VERSION = 8
POINT_RADIUS = 5  # pixels, a single point
CELL_RADIUS = 14  # pixels, an aggregated cell of CELL_RADIUS_AT points or more
CELL_RADIUS_AT = 100
LINE_WIDTH = {"MultiPolygon": 1.5, "Polygon": 1.5, "LineString": 2.5, "MultiLineString": 2.5}


def base_url(request):
    """The public address of the site without a final slash: OCOP_PUBLIC_URL when set, else the request's."""
    base = getattr(settings, "OCOP_PUBLIC_URL", "") or request.build_absolute_uri("/")
    return base.rstrip("/")


def _basemap():
    """(sources, layers) of the raster basemap, or empty ones when OCOP_TILES_URL is empty."""
    url = getattr(settings, "OCOP_TILES_URL", "")
    if not url:
        return {}, []
    tiles = [url.replace("{s}", s) for s in "abc"] if "{s}" in url else [url]
    source = {"type": "raster", "tiles": tiles, "tileSize": 256, "maxzoom": 19,
              "attribution": tiles_attribution()}
    return {"basemap": source}, [{"id": "basemap", "type": "raster", "source": "basemap"}]


def _symbols(entry, layer):
    """The style layers drawing one catalogue layer, from its legend entry (colour, fill opacity, label)."""
    common = {"source": layer.id, "source-layer": layer.id, "minzoom": layer.min_zoom,
              "metadata": {"ocop:layer": layer.id, "ocop:legend": entry["label"]}}
    colour = entry["colour"]
    if layer.is_point:
        count = ["coalesce", ["get", "count"], 1]
        return [{**common, "id": layer.id, "type": "circle", "paint": {
            "circle-color": colour,
            "circle-radius": ["interpolate", ["linear"], count, 1, POINT_RADIUS, CELL_RADIUS_AT, CELL_RADIUS],
            "circle-opacity": 0.85,
            "circle-stroke-color": "#ffffff",
            "circle-stroke-width": 1,
        }}]
    width = LINE_WIDTH.get(layer.geometry_type, 2)
    line = {**common, "id": f"{layer.id}-line", "type": "line",
            "layout": {"line-join": "round", "line-cap": "round"},
            "paint": {"line-color": colour, "line-width": width}}
    if "Polygon" not in layer.geometry_type:
        return [line]
    symbols = []
    if entry["fill_opacity"]:
        symbols.append({**common, "id": f"{layer.id}-fill", "type": "fill",
                        "paint": {"fill-color": colour, "fill-opacity": entry["fill_opacity"]}})
    return [*symbols, line]


def _drawing_order(pair):
    """Polygons under lines under points."""
    layer = pair[1]
    return 2 if layer.is_point else 0 if "Polygon" in layer.geometry_type else 1


def map_style(request):
    """The style document (a dict) of every public layer, with absolute addresses, in the request's language."""
    base = base_url(request)
    sources, style_layers = _basemap()
    pairs = sorted(zip(legend(), all_layers()), key=_drawing_order)  # sorted() keeps catalogue order in a rank
    for entry, layer in pairs:
        sources[layer.id] = {"type": "vector", "url": f"{base}/tiles/{layer.id}.json"}
        style_layers += _symbols(entry, layer)
    latitude, longitude = settings.LEAFLET_CONFIG["DEFAULT_CENTER"]
    return {
        "version": STYLE_VERSION,
        "name": _("OCOP-GIS public layers"),
        "metadata": {"ocop:legend": [{"id": e["id"], "label": e["label"], "colour": e["colour"],
                                      "geometry_type": e["geometry_type"]} for e, _layer in pairs],
                     "ocop:labels": "none (no glyph server)"},
        "center": [longitude, latitude],
        "zoom": settings.LEAFLET_CONFIG["DEFAULT_ZOOM"],
        "sources": sources,
        "layers": [{"id": "background", "type": "background", "paint": {"background-color": "#f8f9fa"}},
                   *style_layers],
    }
