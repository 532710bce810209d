from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "gis_app.registry"
    label = "registry"
    verbose_name = _("OCOP registry")

    def ready(self):
        from gis_app.core.access import register_app

        # Rights declared on this app's models (`access = Access(...)`), read by gis_app.accounts.
        register_app(self)
