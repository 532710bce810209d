from django.urls import path, re_path

from .views import exports, tiles

urlpatterns = [
    path("tiles/catalogue.json", tiles.catalogue, name="layers-catalogue"),
    re_path(r"^tiles/(?P<layer_id>[\w-]+)\.json$", tiles.tilejson, name="layers-tilejson"),
    re_path(r"^tiles/(?P<layer_id>[\w-]+)/(?P<z>-?\d+)/(?P<x>-?\d+)/(?P<y>-?\d+)\.pbf$", tiles.tile,
            name="layers-tile"),
    re_path(r"^export/(?P<layer_id>[\w-]+)\.(?P<suffix>[a-z.]+)$", exports.export, name="layers-export"),
]
