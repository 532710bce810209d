from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gis_app.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from .roles import ensure_groups_after_migrate

        # Groups hold model permissions, which exist only once every app has migrated.
        post_migrate.connect(ensure_groups_after_migrate, dispatch_uid="ocop_ensure_role_groups")
