from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "gis_app.decisions"
    label = "decisions"
    verbose_name = _("Recognition and revocation decisions")

    def ready(self):
        # Rights declared once, on the models (gis_app/core/access.py): provincial officers keep the decisions;
        # the issuers and the reasons are reference data others read. No API resource, layer or page yet.
        from django.db.models.signals import post_save

        from gis_app.core.access import register_app
        from gis_app.registry.models import Evaluation

        from .models import follow_evaluation

        register_app(self)
        post_save.connect(follow_evaluation, sender=Evaluation, dispatch_uid="decisions_certificate_validity")
