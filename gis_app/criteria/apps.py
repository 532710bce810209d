from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "gis_app.criteria"
    label = "criteria"
    verbose_name = _("OCOP criteria sheets")
