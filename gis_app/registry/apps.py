from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "gis_app.registry"
    label = "registry"
    verbose_name = _("OCOP registry")

    def ready(self):
        from gis_app.core import sqlfiles
        from gis_app.core.access import register_app

        # Rights declared on this app's models (`access = Access(...)`), read by gis_app.accounts.
        register_app(self)
        # The recognition rule's SQL functions (sql/*.sql), replaced after every migrate; the threshold Python
        # read from them is forgotten when the rules change.
        sqlfiles.connect(self)
        from django.db.models.signals import post_delete, post_migrate, post_save

        from .models import RecognitionRule
        from .recognition import forget_threshold

        post_migrate.connect(forget_threshold, sender=self, dispatch_uid="ocop_forget_recognition_threshold")
        for signal in (post_save, post_delete):
            signal.connect(forget_threshold, sender=RecognitionRule, dispatch_uid=f"ocop_forget_threshold_{signal}")
