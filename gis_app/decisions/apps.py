from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "gis_app.decisions"
    label = "decisions"
    verbose_name = _("Recognition and revocation decisions")

    def ready(self):
        # Rights declared once, on the models (gis_app/core/access.py): provincial officers keep the decisions;
        # the issuers and the reasons are reference data others read. No API resource, layer or page yet.
        from gis_app.core.access import register_app

        register_app(self)
