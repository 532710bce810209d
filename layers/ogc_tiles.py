"""OGC API – Tiles (Part 1) landing for the vector tiles: the WebMercatorQuad tile matrix set (OGC TMS 2.0) and,
per collection, a tileset list and the tileset whose templated `item` link points at the existing tile URLs
(`/tiles/{layer}/{z}/{x}/{y}.pbf`, z/x/y = tileMatrix/tileCol/tileRow). Documents only: tiles are still
served by layers.views.tiles.
"""
from django.utils.translation import gettext as _

from .crs import CRS84, epsg_uri

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
    "http://www.opengis.net/spec/tms/2.0/conf/tilematrixset",
    "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset",
]
TMS_ID = "WebMercatorQuad"
TMS_URI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
TILING_SCHEME_REL = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
MVT = "application/vnd.mapbox-vector-tile"
HALF_WORLD = 20037508.342789244
TILE_PX = 256
PIXEL_MM = 0.28  # the standardised rendering pixel (OGC WMTS/TMS) that ties cell size to scale denominator
MAX_ZOOM = 22  # as layers.views.tiles


def tile_matrix_set():
    """The WebMercatorQuad definition (OGC TMS 2.0, JSON encoding), zooms 0–22."""
    matrices = []
    for z in range(MAX_ZOOM + 1):
        cell = 2 * HALF_WORLD / TILE_PX / 2 ** z
        matrices.append({"id": str(z), "scaleDenominator": cell / (PIXEL_MM / 1000), "cellSize": cell,
                         "cornerOfOrigin": "topLeft", "pointOfOrigin": [-HALF_WORLD, HALF_WORLD],
                         "tileWidth": TILE_PX, "tileHeight": TILE_PX, "matrixWidth": 2 ** z, "matrixHeight": 2 ** z})
    return {"id": TMS_ID, "title": "Google Maps Compatible for the World", "uri": TMS_URI, "crs": epsg_uri(3857),
            "orderedAxes": ["X", "Y"], "wellKnownScaleSet": "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
            "tileMatrices": matrices}


def _geometry_dimension(layer):
    return 0 if layer.is_point else 1 if "Line" in layer.geometry_type else 2


def tileset(layer, urls, bounds):
    """The tileset document of `layer` in WebMercatorQuad; `urls` maps names to absolute URLs."""
    fields = {f.name: {"type": "integer" if f.type == "integer" else "number" if f.type == "number" else "string",
                       "title": str(f.title or f.name)} for f in layer.tile_fields}
    if layer.is_point:
        fields["count"] = {"type": "integer", "title": str(_("number of points in the cell (aggregated tiles)"))}
    return {
        "title": str(layer.title),
        "description": str(layer.description),
        "dataType": "vector",
        "crs": epsg_uri(3857),
        "tileMatrixSetURI": TMS_URI,
        "links": [
            {"rel": "self", "type": "application/json", "href": urls["self"], "title": str(_("this document"))},
            {"rel": TILING_SCHEME_REL, "type": "application/json", "href": urls["tms"],
             "title": str(_("the tile matrix set"))},
            {"rel": "item", "type": MVT, "href": urls["tiles"], "templated": True,
             "title": str(_("vector tiles"))},
            {"rel": "describedby", "type": "application/json", "href": urls["tilejson"], "title": "TileJSON"},
        ],
        "tileMatrixSetLimits": [{"tileMatrix": str(z), "minTileRow": 0, "maxTileRow": 2 ** z - 1,
                                 "minTileCol": 0, "maxTileCol": 2 ** z - 1}
                                for z in range(layer.min_zoom, min(layer.max_zoom, MAX_ZOOM) + 1)],
        "boundingBox": {"lowerLeft": bounds[:2], "upperRight": bounds[2:], "crs": CRS84},
        "layers": [{"id": layer.id, "title": str(layer.title), "dataType": "vector",
                    "geometryDimension": _geometry_dimension(layer), "minTileMatrix": str(layer.min_zoom),
                    "maxTileMatrix": str(min(layer.max_zoom, MAX_ZOOM)),
                    "propertiesSchema": {"type": "object", "properties": fields}}],
    }
