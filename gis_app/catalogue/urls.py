from django.urls import path, re_path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("products/", views.catalogue, name="products"),
    path("products/<int:pk>/", views.product_detail, name="product"),
    re_path(r"^products/(?P<pk>[0-9]+)/qr\.(?P<fmt>svg|png)$", views.product_qr, name="product-qr"),
    path("producers/<int:pk>/", views.producer_detail, name="producer"),
    path("producers/<int:pk>/labels/", views.producer_labels, name="producer-labels"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
]
