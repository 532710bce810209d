from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gis_app.core"
    label = "core"
    verbose_name = "OCOP-GIS core"
