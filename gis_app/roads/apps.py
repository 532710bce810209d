from django.apps import AppConfig


class RoadsConfig(AppConfig):
    name = "gis_app.roads"
    label = "roads"
