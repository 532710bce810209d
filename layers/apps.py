from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_version_triggers(sender, using="default", **kwargs):
    from django.db import connections

    from .catalogue import all_layers
    from .versions import install_triggers

    if "layers_datachange" in connections[using].introspection.table_names():
        install_triggers(all_layers())


class LayersConfig(AppConfig):
    name = "layers"
    label = "layers"
    verbose_name = _("Public layers")

    def ready(self):
        # After every migrate, so that a layer added to the catalogue gets its trigger without a migration.
        post_migrate.connect(_install_version_triggers, sender=self)
