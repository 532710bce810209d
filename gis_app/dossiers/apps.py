from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "gis_app.dossiers"
    label = "dossiers"
    verbose_name = _("OCOP dossiers and evaluation rounds")
