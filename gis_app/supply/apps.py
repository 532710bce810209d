from django.apps import AppConfig


class SupplyConfig(AppConfig):
    name = "gis_app.supply"
    label = "supply"
