from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "gis_app.web"
    label = "web"
