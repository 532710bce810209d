from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "gis_app.sales"
    label = "sales"
    verbose_name = _("Points of sale")

    def ready(self):
        # The record type declared once, here: its rights (PointOfSale.access), its API resource and its layer.
        from gis_app.core.access import register_app
        from layers.catalogue import register as register_layer

        from .api import register_api
        from .layers import points_of_sale

        register_app(self)
        register_api()
        register_layer(points_of_sale)
