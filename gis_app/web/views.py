"""Pages: the visitor map, the officer map, the programme dashboard and site pages."""
import datetime

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language

from gis_app.accounts.permissions import programme_staff_required
from gis_app.accounts.rules import sees_unpublished
from gis_app.core.bilingual import localized
from gis_app.core.errors import InputError
from gis_app.core.links import absolute
from gis_app.core.security import content_security_policy
from gis_app.places.dates import units_on
from gis_app.places.models import REFORM_2025, AdminUnit
from gis_app.places.naming import units_of_day
from gis_app.registry.models import Stage, TourismSite

from . import map_config, queries


def visitor_map(request):
    return render(request, "web/visitor_map.html", {"config": map_config.visitor_map()})


def officer_map(request):
    # ?units_on=DAY: the units of that day (today's wards and communes by default; 30/06/2025 for the 91 communes
    # and 9 districts); filters, choropleth and counts are by them (#24)
    try:
        day = units_on(request.GET.get("units_on"))
    except InputError as error:  # the field named, in the request's language
        return HttpResponse(f"units_on: {error.detail}", status=400, content_type="text/plain; charset=utf-8")
    districts = units_of_day(day, AdminUnit.Level.DISTRICT)
    embed = request.GET.get("embed") == "1"
    full = request.GET.copy()
    full.pop("embed", None)
    response = render(request, "web/officer_map.html", {
        "config": map_config.officer_map(day, has_districts=bool(districts)),
        "groups": map_config.groups(),
        # each with its kind and parent ("xã An Bình, huyện Phú Giáo"), so that no two read alike
        "districts": districts,
        "communes": units_of_day(day, AdminUnit.Level.COMMUNE),
        "units_on": day,
        "units_on_asked": request.GET.get("units_on") or "",
        "other_units_on": (REFORM_2025 - datetime.timedelta(days=1)) if day >= REFORM_2025 else None,
        "legal_forms": map_config.legal_forms(),
        "stages": Stage.choices,
        "star_choices": range(1, 6),
        "expiring_days": map_config.EXPIRING_DAYS,
        "embed": embed,
        "full_url": request.path + (f"?{full.urlencode()}" if full else ""),
    })
    if embed:
        allow_framing(response)
    return response


def allow_framing(response):
    """Let the embed view be framed by the sites in OCOP_EMBED_ANCESTORS (every other page refuses framing)."""
    ancestors = settings.OCOP_EMBED_ANCESTORS
    policy = [part.strip() for part in content_security_policy().split(";")]
    policy = [f"frame-ancestors {ancestors}" if part.startswith("frame-ancestors") else part for part in policy]
    response.headers["Content-Security-Policy"] = "; ".join(policy)
    response.xframe_options_exempt = True


def site_detail(request, pk):
    sites = TourismSite.objects.all() if sees_unpublished(request.user) else TourismSite.objects.published()
    site = get_object_or_404(sites.select_related("commune__parent"), pk=pk)
    details = queries.site_details(site)
    photo = next(iter(details["photos"]), None)
    return render(request, "web/site_detail.html", {
        "site": site,
        "title": localized(site, "name"),
        "canonical_url": absolute(request, reverse("web:site-detail", args=[site.pk])),
        "og_image": absolute(request, photo.image.url) if photo else "",
        "map_config": map_config.site_map(site),
        **details,
    })


@programme_staff_required
def dashboard(request):
    english = (get_language() or "vi").startswith("en")
    # ?units_on=DAY: the units of that day (today's 36 by default; 30/06/2025 for the 91 communes and 9 districts)
    try:
        day = units_on(request.GET.get("units_on"))
    except InputError as error:  # the field named, in the request's language
        return HttpResponse(f"units_on: {error.detail}", status=400, content_type="text/plain; charset=utf-8")
    return render(request, "web/dashboard.html", queries.dashboard(days=map_config.EXPIRING_DAYS, english=english,
                                                                   units_on=day))
