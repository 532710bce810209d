from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplyConfig(AppConfig):
    name = "gis_app.supply"
    label = "supply"
    verbose_name = _("Supply areas and collection points")
