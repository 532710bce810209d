from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "gis_app.imports"
    label = "imports"
