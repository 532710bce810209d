from django.urls import path
from django.views.i18n import JavaScriptCatalog

from . import views

app_name = "web"
urlpatterns = [
    path("", views.visitor_map, name="visitor-map"),
    path("map/", views.officer_map, name="officer-map"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("sites/<int:pk>/", views.site_detail, name="site-detail"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["gis_app.web"]), name="jsi18n"),
]
