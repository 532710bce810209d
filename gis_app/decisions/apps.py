from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "gis_app.decisions"
    label = "decisions"
    verbose_name = _("Recognition and revocation decisions")

    def ready(self):
        # Rights declared once, on the models (gis_app/core/access.py): provincial officers keep the decisions;
        # the issuers and the reasons are reference data others read. The API's revoke records its revocation
        # decision through gis_app.api.hooks (the api imports nothing from here). No API resource or page yet.
        from django.db.models.signals import post_save

        from gis_app.api import hooks
        from gis_app.core.access import register_app
        from gis_app.registry.models import Evaluation

        from .api_hooks import revocation_decision
        from .models import follow_evaluation

        register_app(self)
        post_save.connect(follow_evaluation, sender=Evaluation, dispatch_uid="decisions_certificate_validity")
        hooks.attach("evaluation_revoked", revocation_decision)  # the API's revoke records its decision
