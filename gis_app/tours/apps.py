from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToursConfig(AppConfig):
    name = "gis_app.tours"
    label = "tours"
    verbose_name = _("Tour routes")

    def ready(self):
        from gis_app.core.access import ALL, register_app
        from layers.catalogue import register as register_layer

        from .layers import tours

        # Rights declared on this app's models (`access = Access(...)`), read by gis_app.accounts.
        register_app(self, tourism_planner=ALL)
        register_layer(tours)
