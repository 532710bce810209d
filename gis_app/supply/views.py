"""The supply page (/supply/): staff choose filters and see clusters, collection points and catchments."""
import datetime

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from gis_app.accounts.permissions import programme_staff_required
from gis_app.core.basemap import map_config
from gis_app.core.errors import InputError
from gis_app.places.dates import units_on
from gis_app.places.models import REFORM_2025, AdminUnit
from gis_app.places.naming import units_of_day
from gis_app.registry.models import ProductGroup

# The page's filters kept in its address (the units' day switch carries them; a unit code is of one day only)
KEPT = ("group", "min_stars", "method", "eps", "min_points", "k", "hull", "concavity", "minutes")


@method_decorator(programme_staff_required, name="dispatch")
class SupplyPage(TemplateView):
    """?units_on=DAY: the unit choices are those of that day (today's wards and communes by default; 30/06/2025
    for the 91 old communes and 9 districts), #24; ?unit=, ?group=, ?min_stars= preselect the filters."""

    template_name = "supply/page.html"

    def get(self, request, *args, **kwargs):
        try:
            # an old link's ?district= (deprecated) is an old district: the units of 30/06/2025
            old_link = request.GET.get("district") and not request.GET.get("units_on")
            self.day = units_on(REFORM_2025 - datetime.timedelta(days=1) if old_link else request.GET.get("units_on"))
        except InputError as error:  # the field named, in the request's language
            return HttpResponse(f"units_on: {error.detail}", status=400, content_type="text/plain; charset=utf-8")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        day, query = self.day, self.request.GET
        other = (REFORM_2025 - datetime.timedelta(days=1)) if day >= REFORM_2025 else None
        switch = query.copy()
        for name in list(switch):
            if name not in KEPT:
                del switch[name]
        if other:
            switch["units_on"] = other.isoformat()
        return super().get_context_data(
            groups=ProductGroup.objects.select_related("version").prefetch_related("subgroups"),
            # each with its kind and parent ("phường An Bình, Thành phố Hồ Chí Minh"), so that no two read alike
            unit_levels=[(AdminUnit.Level(level).label, units) for level in (AdminUnit.Level.DISTRICT,
                                                                             AdminUnit.Level.COMMUNE)
                         if (units := units_of_day(day, level))],
            units_on=day,
            units_on_asked=query.get("units_on") or ("" if day >= REFORM_2025 else day.isoformat()),
            other_units_on=other,
            switch_url="?" + switch.urlencode(),
            chosen={"group": query.get("group", ""), "min_stars": query.get("min_stars", ""),
                    "unit": query.get("unit") or query.get("district") or ""},
            # The map and the addresses the page's script (supply/page.js) calls.
            map_config=map_config(csrfToken=get_token(self.request), roadsUrl=reverse("ogc-items", args=["roads"]), api={
                "clusters": reverse("supply:clusters"), "points": reverse("supply:collection-points"),
                "catchment": reverse("supply:catchment"), "job": reverse("supply:clusters-job"),
                "geojson": reverse("supply:clusters-geojson"), "csv": reverse("supply:clusters-csv"),
            }),
            **kwargs,
        )
