from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("gis_app.accounts.urls")),  # /accounts/ login, logout, password change and reset
    path("admin/", admin.site.urls),
    path("", include("gis_app.photos.urls")),   # /media/…: photo files, by their record's visibility
    path("", include("gis_app.api.urls")),      # /api/v1/, /api/schema/, /api/docs/
    path("", include("gis_app.tours.urls")),    # /tours/ and /api/v1/tours/
    path("", include("gis_app.supply.urls")),   # /supply/ and /api/v1/supply/
    path("", include("gis_app.imports.urls")),  # import pages
    path("", include("gis_app.jobs.urls")),    # /jobs/<id>/ state of a background job
    path("", include("layers.urls")),           # /tiles/, /ogc/, /export/
    path("", include("gis_app.catalogue.urls")),  # /products/, /producers/, QR labels, /sitemap.xml, /robots.txt
    path("", include("gis_app.events.urls")),     # /events/, /events.ics
    path("", include("gis_app.dossiers.urls")),   # /dossiers/, /rounds/ (Form 01, Form 02, pre-check, council)
    path("", include("gis_app.web.urls")),      # /, /map/, /dashboard/, site pages
]

# No stack traces to users: the house JSON error under /api/, a plain page elsewhere.
handler500 = "gis_app.core.error_views.server_error"
handler404 = "gis_app.core.error_views.not_found"
