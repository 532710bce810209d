from django.urls import path

from . import api, views

app_name = "supply"

urlpatterns = [
    path("supply/", views.SupplyPage.as_view(), name="page"),
    path("api/v1/supply/clusters/", api.ClustersView.as_view(), name="clusters"),
    path("api/v1/supply/clusters/export.geojson", api.ClustersExportView.as_view(export_format="geojson"),
         name="clusters-geojson"),
    path("api/v1/supply/clusters/export.csv", api.ClustersExportView.as_view(export_format="csv"),
         name="clusters-csv"),
    path("api/v1/supply/clusters/job/", api.ClustersJobView.as_view(), name="clusters-job"),
    path("api/v1/supply/collection-points/", api.CollectionPointsView.as_view(), name="collection-points"),
    path("api/v1/supply/catchment/", api.CatchmentView.as_view(), name="catchment"),
]
