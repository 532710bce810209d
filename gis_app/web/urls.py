from django.urls import path, re_path
from django.views.i18n import JavaScriptCatalog

from . import pwa, selection, views

app_name = "web"
urlpatterns = [
    path("", views.visitor_map, name="visitor-map"),
    path("map/", views.officer_map, name="officer-map"),
    # The map's selection as a file, from the API's producer filters (selection.py).
    re_path(r"^map/producers\.(?P<suffix>xlsx|csv|geojson)$", selection.OfficerMapExport.as_view(),
            name="officer-map-export"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("sites/<int:pk>/", views.site_detail, name="site-detail"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("offline/<str:language>/", pwa.offline, name="offline"),
    path("icons/<int:size>.png", pwa.icon, name="icon"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["gis_app.web", "gis_app.catalogue", "gis_app.tours", "gis_app.supply"]), name="jsi18n"),
]
