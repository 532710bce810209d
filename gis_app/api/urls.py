from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import resources, views, writes


def registered_routes():
    """List and detail routes of the resources other apps registered (gis_app/api/resources.py)."""
    routes = []
    for endpoint in resources.endpoints():
        list_class, detail_class = views.registered_views(endpoint)
        routes += [path(f"api/v1/{endpoint.path}/", list_class.as_view(), name=endpoint.list_url_name),
                   path(f"api/v1/{endpoint.path}/<int:pk>/", detail_class.as_view(), name=endpoint.detail_url_name)]
    return routes


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
    # Record types of other apps, registered from their AppConfig.ready() (gis_app/api/resources.py).
    *registered_routes(),
    re_path(r"^api/v1/(?P<kind>producers|products|sites|villages|evaluations)/(?P<pk>[0-9]+)/(?P<action>submit|publish|reject)/$",
            writes.TransitionView.as_view(), name="api-transition"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
