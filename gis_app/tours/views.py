"""Pages: the visitors' catalogue (/tours/), the staff planner (/tours/plan/, /tours/<id>/edit/), a tour for
visitors (/tours/<id>/) and its print view."""
import json

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import ensure_csrf_cookie

from gis_app.accounts.rules import can_edit, may_plan_tours
from gis_app.core import geojson
from gis_app.core.basemap import map_config
from gis_app.core.dates import local_input
from gis_app.core.errors import InputError
from gis_app.core.links import absolute
from gis_app.core.text import grouped
from gis_app.registry.models import Producer, TourismSite

from . import catalogue as queries
from .models import Tour
from .serializers import TourSerializer

# The query parameters of the planner's own addresses (planner.js): /tours/?stops=… links made before the
# planner moved to /tours/plan/ still open it for those who plan tours.
PLANNER_PARAMS = ("stops", "end", "optimize", "start")


def _places():
    places = [{"kind": "site", "id": s.pk, "name": s.name, "lon": s.location.x, "lat": s.location.y,
               "detail": s.get_kind_display()} for s in TourismSite.objects.published().order_by("name")]
    places += [{"kind": "producer", "id": p.pk, "name": p.name, "lon": p.location.x, "lat": p.location.y,
                "detail": p.address} for p in Producer.objects.published().order_by("name")]
    return places


def editing_stop(stop):
    """A saved stop as the planner takes it back: a site, a producer, or a point given by coordinates (its name,
    lon/lat and visit as saved), so that reopening and saving again keeps every stop."""
    if stop.site_id:
        return {"kind": "site", "id": stop.site_id}
    if stop.producer_id:
        return {"kind": "producer", "id": stop.producer_id}
    return {"kind": "point", "id": None, "name": stop.name, "lon": stop.location.x, "lat": stop.location.y,
            "visit_minutes": stop.visit_minutes}


def _editing(tour):
    """What the planner needs to reopen `tour`: its stops in their saved order, options, name, and the
    departure as local wall time (Asia/Ho_Chi_Minh), not the UTC the database hands back."""
    return {"id": tour.pk, "name": tour.name, "description": tour.description, "status": tour.status,
            "themes": [theme.code for theme in tour.themes.all()],
            "stops": [editing_stop(s) for s in tour.stops.all()], "end": tour.end,
            "start_at": local_input(tour.start_at),
            "route": geojson.from_geos(tour.route) if tour.drawn else None}


def catalogue(request):
    """Published tours as cards and on a map, narrowed by the filters in the address (shareable)."""
    if may_plan_tours(request.user) and any(name in request.GET for name in PLANNER_PARAMS):
        query = request.GET.urlencode()
        return redirect(reverse("tours:planner") + (f"?{query}" if query else ""))
    error, filters, status, page, counts = None, {}, 200, None, None
    communes = queries.commune_choices()
    themes = queries.theme_choices()
    try:
        filters = queries.parse_filters(request.GET)
        communes = queries.commune_choices(filters["day"])  # the units of the asked day (#24)
        number = queries.parse_page(request.GET.get("page"))
        paginator = Paginator(queries.catalogue_tours(filters), queries.PAGE_SIZE)
        if number > paginator.num_pages:
            raise InputError("page", ngettext(
                "There is no page %(page)s: the tours fill %(pages)s page.",
                "There is no page %(page)s: the tours fill %(pages)s pages.", paginator.num_pages)
                % {"page": grouped(number), "pages": grouped(paginator.num_pages)}, status_code=404)
        page = paginator.page(number)
        tours = list(page.object_list)
        counts = queries.facet_counts(filters, communes, themes)
    except InputError as problem:
        error, tours, status = {"field": problem.field, "message": str(problem.detail)}, [], problem.status_code
    photos = queries.first_photos(tours)
    cards = [{"tour": t, "photo": photos.get(t.pk)} for t in tours]
    return render(request, "tours/catalogue.html", {
        "cards": cards, "filters": filters, "error": error,
        "total": page.paginator.count if page else 0,
        "pages": _pages(page, filters) if page else None,
        "day_choices": _options(queries.DAY_CHOICES, counts and counts["days"]),
        "length_choices": _options(queries.length_choices(), counts and counts["length"]),
        "theme_choices": _options([(theme.code, theme.name) for theme in themes], counts and counts["theme"]),
        "communes": [(unit, _count_text(counts and counts["commune"].get(unit.code))) for unit in communes],
        "flag_counts": {flag: _count_text(counts and counts[flag]) for flag in queries.FLAGS},
        "map_config": map_config(tourUrl=reverse("tours:tour", args=[0])),
        "features": queries.map_features(tours),
    }, status=status)


def _count_text(count):
    """A facet count as shown beside its option, in the language's digits grouping ("" when unknown)."""
    return "" if count is None else grouped(count)


def _options(choices, counts):
    """(value, label, count text) of each option of a select filter."""
    return [(value, label, _count_text(counts.get(value) if counts else None)) for value, label in choices]


def _pages(page, filters):
    """The page links of the catalogue, each keeping the filters: {"number", "count", "previous", "next",
    "links": [(number text, address, current)]}, or None when everything fits on one page."""
    if page.paginator.num_pages <= 1:
        return None
    kept = {name: value for name, value in filters.items() if value and name != "day"}  # `day`: units_on read

    def address(number):
        query = urlencode({**kept, **({"page": number} if number > 1 else {})})
        return reverse("tours:catalogue") + (f"?{query}" if query else "")

    return {"number": grouped(page.number), "count": grouped(page.paginator.num_pages),
            "previous": address(page.previous_page_number()) if page.has_previous() else None,
            "next": address(page.next_page_number()) if page.has_next() else None,
            "links": [(grouped(n), address(n), n == page.number) for n in page.paginator.page_range]}


@ensure_csrf_cookie  # the script posts to the API with the session
def planner(request, pk=None):
    """The planner, for those who plan tours (tourism planners, provincial officers, administrators)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_plan_tours(request.user):
        raise PermissionDenied(_("Only tourism planners and provincial officers may plan tours."))
    editing = None
    if pk is not None:
        tour = get_object_or_404(Tour.objects.visible_to(request.user).prefetch_related("stops"), pk=pk)
        if not can_edit(request.user, tour):
            raise PermissionDenied(_("Only the planner who made a tour, or a provincial officer, may change it."))
        editing = _editing(tour)
    return render(request, "tours/planner.html", {
        "places": _places(), "editing": editing, "map_config": map_config(
            roadsUrl=reverse("ogc-items", args=["roads"]),
            urls={"list": reverse("tours:api-list"), "compute": reverse("tours:api-compute"),
                  "along": reverse("tours:api-along"), "detail": reverse("tours:api-detail", args=[0]),
                  "publish": reverse("tours:api-publish", args=[0]), "tour": reverse("tours:tour", args=[0]),
                  "edit": reverse("tours:edit", args=[0]), "planner": reverse("tours:planner")}),
        "themes": queries.theme_choices(), "chosen_themes": editing["themes"] if editing else []})


def _tour_context(request, pk):
    tour = get_object_or_404(Tour.objects.visible_to(request.user), pk=pk)
    stops = list(tour.stops_shown_to(request.user).select_related("overnight", "site"))
    editable = request.user.is_authenticated and may_plan_tours(request.user) and can_edit(request.user, tour)
    # A tour has no photo of its own: a shared link shows the first stop's photo (its site's gallery).
    photo = next((p for s in stops if s.site_id and s.site.status == "published" for p in s.site.gallery.shown()), None)
    return {"tour": tour, "stops": stops, "day_count": max((s.day for s in stops), default=1),
            "map_config": map_config(),
            "share_url": absolute(request, reverse("tours:tour", args=[tour.pk])),
            "og_image": absolute(request, photo.image.url) if photo else "",
            "tour_data": json.loads(json.dumps(TourSerializer(tour, context={"user": request.user}).data,
                                               default=str)),
            "overnights": [{"after": s.position, "name": s.overnight.name, "lon": s.overnight.location.x,
                            "lat": s.overnight.location.y} for s in stops if s.overnight_shown],
            "can_edit": editable, "can_publish": editable and tour.status == Tour.Status.DRAFT,
            "finish_format": "H:i" if len({s.day for s in stops}) < 2 else "H:i d/m/Y"}


@ensure_csrf_cookie
def tour_page(request, pk):
    return render(request, "tours/tour.html", _tour_context(request, pk))


def tour_print(request, pk):
    return render(request, "tours/print.html", _tour_context(request, pk))
