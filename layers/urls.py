from django.urls import path, re_path

from .cors import public_read_only as cors
from .views import exports, ogc, ogc_tiles, tiles

# Every route here serves public, read-only data: all carry CORS (layers/cors.py).
urlpatterns = [
    path("tiles/catalogue.json", cors(tiles.catalogue), name="layers-catalogue"),
    re_path(r"^tiles/(?P<layer_id>[\w-]+)\.json$", cors(tiles.tilejson), name="layers-tilejson"),
    re_path(r"^tiles/(?P<layer_id>[\w-]+)/(?P<z>-?\d+)/(?P<x>-?\d+)/(?P<y>-?\d+)\.pbf$", cors(tiles.tile),
            name="layers-tile"),
    # The landing page answers with and without the slash: QGIS 3.22 cannot follow a relative redirect.
    path("ogc", cors(ogc.landing), name="ogc-landing-bare"),
    path("ogc/", cors(ogc.landing), name="ogc-landing"),
    path("ogc/api", cors(ogc.api), name="ogc-api"),
    path("ogc/conformance", cors(ogc.conformance), name="ogc-conformance"),
    path("ogc/collections", cors(ogc.collections), name="ogc-collections"),
    path("ogc/collections/<str:layer_id>", cors(ogc.collection), name="ogc-collection"),
    path("ogc/collections/<str:layer_id>/items", cors(ogc.items), name="ogc-items"),
    path("ogc/collections/<str:layer_id>/items/<str:feature_id>", cors(ogc.item), name="ogc-item"),
    path("ogc/collections/<str:layer_id>/queryables", cors(ogc.queryables), name="ogc-queryables"),
    path("ogc/collections/<str:layer_id>/tiles", cors(ogc_tiles.collection_tilesets), name="ogc-tilesets"),
    path("ogc/collections/<str:layer_id>/tiles/<str:tms_id>", cors(ogc_tiles.collection_tileset), name="ogc-tileset"),
    path("ogc/tileMatrixSets", cors(ogc_tiles.tile_matrix_sets), name="ogc-tile-matrix-sets"),
    path("ogc/tileMatrixSets/<str:tms_id>", cors(ogc_tiles.tile_matrix_set), name="ogc-tile-matrix-set"),
    # Any other path under /ogc/ is the house JSON 404, not Django's HTML page.
    re_path(r"^ogc/(?P<rest>.*)$", cors(ogc.not_found), name="ogc-not-found"),
    re_path(r"^export/(?P<layer_id>[\w-]+)\.(?P<suffix>[a-z.]+)$", cors(exports.export), name="layers-export"),
    re_path(r"^export/(?P<layer_id>[\w-]+)\.(?P<suffix>[a-z.]+)/job$", exports.export_job, name="layers-export-job"),
]

