from django.urls import path

from . import api, views

app_name = "tours"

urlpatterns = [
    path("api/v1/tours/", api.ToursView.as_view(), name="api-list"),
    path("api/v1/tours/compute/", api.ComputeView.as_view(), name="api-compute"),
    path("api/v1/tours/themes/", api.ThemesView.as_view(), name="api-themes"),
    path("api/v1/tours/along/", api.AlongView.as_view(), name="api-along"),
    path("api/v1/tours/<int:pk>/", api.TourView.as_view(), name="api-detail"),
    path("api/v1/tours/<int:pk>/publish/", api.PublishView.as_view(), name="api-publish"),
    path("api/v1/tours/<int:pk>/along/", api.TourAlongView.as_view(), name="api-detail-along"),
    path("api/v1/tours/<int:pk>/export/<str:fmt>/", api.ExportView.as_view(), name="api-export"),
    path("tours/", views.catalogue, name="catalogue"),
    path("tours/plan/", views.planner, name="planner"),
    path("tours/<int:pk>/", views.tour_page, name="tour"),
    path("tours/<int:pk>/print/", views.tour_print, name="print"),
    path("tours/<int:pk>/edit/", views.planner, name="edit"),
]
