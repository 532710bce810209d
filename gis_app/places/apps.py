from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "gis_app.places"
    label = "places"
    verbose_name = _("Administrative units")

    def ready(self):
        from gis_app.core.access import VIEW, register_app

        # Rights declared on this app's models (`access = Access(...)`), read by gis_app.accounts.
        register_app(self, provincial_officer=VIEW)
