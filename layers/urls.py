from django.urls import path, re_path

from .views import exports

urlpatterns = [
    re_path(r"^export/(?P<layer_id>[\w-]+)\.(?P<suffix>[a-z.]+)$", exports.export, name="layers-export"),
]
