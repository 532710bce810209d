from django.urls import path, re_path

from .views import exports, ogc, tiles

urlpatterns = [
    path("tiles/catalogue.json", tiles.catalogue, name="layers-catalogue"),
    re_path(r"^tiles/(?P<layer_id>[\w-]+)\.json$", tiles.tilejson, name="layers-tilejson"),
    re_path(r"^tiles/(?P<layer_id>[\w-]+)/(?P<z>-?\d+)/(?P<x>-?\d+)/(?P<y>-?\d+)\.pbf$", tiles.tile,
            name="layers-tile"),
    path("ogc/", ogc.landing, name="ogc-landing"),
    path("ogc/api", ogc.api, name="ogc-api"),
    path("ogc/conformance", ogc.conformance, name="ogc-conformance"),
    path("ogc/collections", ogc.collections, name="ogc-collections"),
    path("ogc/collections/<str:layer_id>", ogc.collection, name="ogc-collection"),
    path("ogc/collections/<str:layer_id>/items", ogc.items, name="ogc-items"),
    path("ogc/collections/<str:layer_id>/items/<str:feature_id>", ogc.item, name="ogc-item"),
    re_path(r"^export/(?P<layer_id>[\w-]+)\.(?P<suffix>[a-z.]+)$", exports.export, name="layers-export"),
    re_path(r"^export/(?P<layer_id>[\w-]+)\.(?P<suffix>[a-z.]+)/job$", exports.export_job, name="layers-export-job"),
]
