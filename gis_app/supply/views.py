"""The supply page (/supply/): staff choose filters and see clusters, collection points and catchments."""
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from gis_app.accounts.permissions import programme_staff_required
from gis_app.core.basemap import map_config
from gis_app.places.models import AdminUnit
from gis_app.registry.models import ProductGroup


@method_decorator(programme_staff_required, name="dispatch")
class SupplyPage(TemplateView):
    template_name = "supply/page.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            groups=ProductGroup.objects.select_related("version").prefetch_related("subgroups"),
            districts=AdminUnit.objects.filter(level=AdminUnit.Level.DISTRICT).order_by("name"),
            # The map and the addresses the page's script (supply/page.js) calls.
            map_config=map_config(csrfToken=get_token(self.request), roadsUrl=reverse("ogc-items", args=["roads"]), api={
                "clusters": reverse("supply:clusters"), "points": reverse("supply:collection-points"),
                "catchment": reverse("supply:catchment"), "job": reverse("supply:clusters-job"),
                "geojson": reverse("supply:clusters-geojson"), "csv": reverse("supply:clusters-csv"),
            }),
            **kwargs,
        )
