from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "gis_app.inspections"
    label = "inspections"
    verbose_name = _("Post-recognition inspections")

    def ready(self):
        # Rights declared once, on the models (gis_app/core/access.py). Staff only: no API resource, no layer,
        # no export and no page is registered, so nothing of an inspection reaches the public.
        from gis_app.core.access import register_app

        register_app(self)
