from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "gis_app.imports"
    label = "imports"
    verbose_name = _("Data imports")

    def ready(self):
        from gis_app.core.access import register_app

        # Rights declared on this app's models (`access = Access(...)`), read by gis_app.accounts.
        register_app(self)
