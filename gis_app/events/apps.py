from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "gis_app.events"
    label = "events"
    verbose_name = _("Fairs and promotion events")

    def ready(self):
        # The record type declared once, here: its rights (Event.access) and its API resource.
        from gis_app.core.access import register_app

        from .api import register_api

        register_app(self)
        register_api()
