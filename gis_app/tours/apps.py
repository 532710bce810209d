from django.apps import AppConfig


class ToursConfig(AppConfig):
    name = "gis_app.tours"
    label = "tours"

    def ready(self):
        from gis_app.core.access import ALL, register_app

        # Rights declared on this app's models (`access = Access(...)`), read by gis_app.accounts.
        register_app(self, tourism_planner=ALL)
