from django.apps import AppConfig


class ToursConfig(AppConfig):
    name = "gis_app.tours"
    label = "tours"
