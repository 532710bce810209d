from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gis_app.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from gis_app.core.access import register_app
        from gis_app.core.publishing import set_viewer_rule

        from .models import Profile
        from .roles import ensure_groups_after_migrate, sync_profile_groups
        from .rules import sees_unpublished

        # Publishable.visible_to(user) asks the roles who sees drafts (core sits below accounts).
        set_viewer_rule(sees_unpublished)
        register_app(self, provincial_officer=("view", "change"))  # pending changes: accepted or rejected
        post_save.connect(sync_profile_groups, sender=Profile, dispatch_uid="ocop_profile_groups")
        # Groups hold model permissions, which exist only once every app has migrated.
        post_migrate.connect(ensure_groups_after_migrate, dispatch_uid="ocop_ensure_role_groups")
