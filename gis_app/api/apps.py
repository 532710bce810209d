from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gis_app.api"
    label = "api"
