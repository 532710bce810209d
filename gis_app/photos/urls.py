"""MEDIA_URL is served by a view that applies the records' visibility rule, DEBUG on or off (docs/media.md)."""
from django.conf import settings
from django.urls import path

from . import views

app_name = "photos"
urlpatterns = [
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media, name="media"),
] if settings.MEDIA_URL.startswith("/") else []  # a MEDIA_URL on another host is that host's to serve
