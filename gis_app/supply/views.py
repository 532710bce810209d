"""The supply page (/supply/): staff choose filters and see clusters, collection points and catchments."""
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
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
            labels={  # words the page's script writes
                "cluster": _("Cluster"), "clusters": _("clusters"), "noise": _("Noise (no cluster)"),
                "noise_points": _("producers outside any cluster"), "loading": _("Computing…"),
                "collection_point": _("Collection point"), "centroid": _("Centroid"),
                "reached": _("producers reachable within"), "min": _("min"),
                "noise_title": _("Producers outside any cluster (%(count)s)"),
                "loading_points": _("Looking for the best collection points on the roads…"),
                "start": _("Start of the catchment"), "roads": _("Roads used for routing"),
                "snapped": _("The point clicked is %(distance)s m from the nearest road: the trip starts from that "
                             "road (dashed line)."),
                "click_near_road": _("Click closer to a road (grey lines)."),
                "required": _("%(field)s: enter a number."),
                "range": _("%(field)s: enter a number from %(min)s to %(max)s, in steps of %(step)s."),
            },
            **kwargs,
        )
