"""Pages: the planner (/tours/), a tour for visitors (/tours/<id>/) and its print view."""
import json

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie

from gis_app.accounts.rules import can_edit, may_plan_tours
from gis_app.registry.models import Producer, TourismSite

from .models import Tour
from .serializers import TourSerializer


@ensure_csrf_cookie  # the script posts to the API with the session
def planner(request):
    places = [{"kind": "site", "id": s.pk, "name": s.name, "lon": s.location.x, "lat": s.location.y,
               "detail": s.get_kind_display()} for s in TourismSite.objects.published().order_by("name")]
    places += [{"kind": "producer", "id": p.pk, "name": p.name, "lon": p.location.x, "lat": p.location.y,
                "detail": p.address} for p in Producer.objects.published().order_by("name")]
    return render(request, "tours/planner.html", {"places": places, "text": planner_text()})


def planner_text():
    """Texts the planner's script shows, translated here (the script has no catalogue)."""
    return {
        "remove": _("Remove"), "up": _("Move up"), "down": _("Move down"), "add": _("Add as a stop"),
        "needTwo": _("Add at least two stops."),
        "totals": _("%(km)s km, driving %(drive)s, visits %(visit)s, total %(total)s"),
        "saved": _("Saved as a draft:"), "published": _("Published:"),
        "drawHint": _("Click on the map to draw the route; click the last point again to finish."),
        "nothingAlong": _("Nothing within this distance."), "needName": _("Give the tour a name."),
    }


def _tour_context(request, pk):
    tour = get_object_or_404(Tour.objects.visible_to(request.user), pk=pk)
    return {"tour": tour, "stops": tour.stops_shown_to(request.user),
            "tour_data": json.loads(json.dumps(TourSerializer(tour, context={"user": request.user}).data,
                                               default=str)),
            "can_publish": request.user.is_authenticated and tour.status == Tour.Status.DRAFT
            and may_plan_tours(request.user) and can_edit(request.user, tour)}


@ensure_csrf_cookie
def tour_page(request, pk):
    return render(request, "tours/tour.html", _tour_context(request, pk))


def tour_print(request, pk):
    return render(request, "tours/print.html", _tour_context(request, pk))
