from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from gis_app.events import api as events_api
from gis_app.sales import api as sales_api

from . import views, writes

urlpatterns = [
    path("api/v1/producers/", views.ProducerList.as_view(), name="api-producers"),
    path("api/v1/producers/<int:pk>/", views.ProducerDetail.as_view(), name="api-producer"),
    path("api/v1/products/", views.ProductList.as_view(), name="api-products"),
    path("api/v1/products/<int:pk>/", views.ProductDetail.as_view(), name="api-product"),
    path("api/v1/evaluations/", views.EvaluationList.as_view(), name="api-evaluations"),
    path("api/v1/evaluations/<int:pk>/revoke/", writes.EvaluationRevoke.as_view(), name="api-evaluation-revoke"),
    path("api/v1/evaluations/<int:pk>/", views.EvaluationDetail.as_view(), name="api-evaluation"),
    path("api/v1/sites/", views.SiteList.as_view(), name="api-sites"),
    path("api/v1/sites/<int:pk>/", views.SiteDetail.as_view(), name="api-site"),
    path("api/v1/villages/", views.VillageList.as_view(), name="api-villages"),
    path("api/v1/villages/<int:pk>/", views.VillageDetail.as_view(), name="api-village"),
    path("api/v1/units/", views.UnitList.as_view(), name="api-units"),
    path("api/v1/units/<int:pk>/", views.UnitDetail.as_view(), name="api-unit"),
    path("api/v1/aggregates/units/", views.UnitAggregates.as_view(), name="api-aggregates-units"),
    path("api/v1/aggregates/groups/", views.GroupAggregates.as_view(), name="api-aggregates-groups"),
    path("api/v1/points-of-sale/", sales_api.PointOfSaleList.as_view(), name="api-points-of-sale"),
    path("api/v1/points-of-sale/<int:pk>/", sales_api.PointOfSaleDetail.as_view(), name="api-point-of-sale"),
    path("api/v1/events/", events_api.EventList.as_view(), name="api-events"),
    path("api/v1/events/<int:pk>/", events_api.EventDetail.as_view(), name="api-event"),
    re_path(r"^api/v1/(?P<kind>producers|products|sites|villages|evaluations)/(?P<pk>[0-9]+)/(?P<action>submit|publish|reject)/$",
            writes.TransitionView.as_view(), name="api-transition"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
