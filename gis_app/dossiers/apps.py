from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "gis_app.dossiers"
    label = "dossiers"
    verbose_name = _("OCOP dossiers and evaluation rounds")

    def ready(self):
        # Rights declared once (gis_app/core/access.py): provincial officers read these records in the admin;
        # every write goes through the pages and their workflow.
        from gis_app.core.access import VIEW, register_app

        register_app(self, provincial_officer=VIEW)
