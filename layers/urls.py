from django.urls import path, re_path

from .views import exports, ogc, ogc_tiles, tiles

# Every route here serves public, read-only data: their reads carry CORS (gis_app/core/cors.py, a middleware).
urlpatterns = [
    path("tiles/catalogue.json", tiles.catalogue, name="layers-catalogue"),
    path("tiles/style.json", tiles.style, name="layers-style"),  # before the TileJSON pattern, which it matches
    path("tiles/style-preview/", tiles.style_preview, name="layers-style-preview"),
    re_path(r"^tiles/(?P<layer_id>[\w-]+)\.json$", tiles.tilejson, name="layers-tilejson"),
    re_path(r"^tiles/(?P<layer_id>[\w-]+)/(?P<z>-?\d+)/(?P<x>-?\d+)/(?P<y>-?\d+)\.pbf$", tiles.tile,
            name="layers-tile"),
    # The landing page answers with and without the slash: QGIS 3.22 cannot follow a relative redirect.
    path("ogc", ogc.landing, name="ogc-landing-bare"),
    path("ogc/", ogc.landing, name="ogc-landing"),
    path("ogc/api", ogc.api, name="ogc-api"),
    path("ogc/conformance", ogc.conformance, name="ogc-conformance"),
    path("ogc/collections", ogc.collections, name="ogc-collections"),
    path("ogc/collections/<str:layer_id>", ogc.collection, name="ogc-collection"),
    path("ogc/collections/<str:layer_id>/items", ogc.items, name="ogc-items"),
    path("ogc/collections/<str:layer_id>/items/<str:feature_id>", ogc.item, name="ogc-item"),
    path("ogc/collections/<str:layer_id>/queryables", ogc.queryables, name="ogc-queryables"),
    path("ogc/collections/<str:layer_id>/tiles", ogc_tiles.collection_tilesets, name="ogc-tilesets"),
    path("ogc/collections/<str:layer_id>/tiles/<str:tms_id>", ogc_tiles.collection_tileset, name="ogc-tileset"),
    path("ogc/tileMatrixSets", ogc_tiles.tile_matrix_sets, name="ogc-tile-matrix-sets"),
    path("ogc/tileMatrixSets/<str:tms_id>", ogc_tiles.tile_matrix_set, name="ogc-tile-matrix-set"),
    # Any other path under /ogc/ is the house JSON 404, not Django's HTML page.
    re_path(r"^ogc/(?P<rest>.*)$", ogc.not_found, name="ogc-not-found"),
    re_path(r"^export/(?P<layer_id>[\w-]+)\.(?P<suffix>[a-z.]+)$", exports.export, name="layers-export"),
    re_path(r"^export/(?P<layer_id>[\w-]+)\.(?P<suffix>[a-z.]+)/job$", exports.export_job, name="layers-export-job"),
]

