"""Writing a computed plan as a Tour with its stops (all or nothing): a new tour, or over an existing one."""
from django.contrib.gis.geos import Point
from django.db import transaction

from .models import Tour, TourStop


def _plan_fields(plan):
    return {"route": plan.route, "drawn": plan.drawn, "end": plan.end, "start_at": plan.start_at,
            "distance_m": plan.distance_m, "drive_seconds": plan.drive_seconds,
            "visit_seconds": plan.visit_seconds, "total_seconds": plan.total_seconds}


def _write_stops(tour, plan):
    TourStop.objects.bulk_create([
        TourStop(tour=tour, position=n, name=stop.name,
                 site_id=stop.ref_id if stop.kind == "site" else None,
                 producer_id=stop.ref_id if stop.kind == "producer" else None,
                 location=Point(stop.lon, stop.lat, srid=4326), visit_minutes=stop.visit_minutes,
                 arrival=timing["arrival"], departure=timing["departure"], leg_seconds=leg_s, leg_metres=leg_m,
                 warnings=" ".join(str(w) for w in timing["warnings"]), day=timing["day"],
                 overnight_id=(plan.overnights.get(n - 1) or {}).get("id"))
        for n, (stop, timing, leg_s, leg_m) in enumerate(
            zip(plan.stops, plan.timings, plan.leg_seconds, plan.leg_metres), start=1)
    ])


@transaction.atomic
def save_plan(plan, name, description="", user=None, themes=None):
    """The new Tour holding `plan`, with `themes` (TourTheme records) if given."""
    tour = Tour.objects.create(
        name=name, description=description, **_plan_fields(plan),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    _write_stops(tour, plan)
    if themes:
        tour.themes.set(themes)
    return tour


@transaction.atomic
def update_plan(tour, plan, name, description="", user=None, themes=None):
    """`tour` (saved) now holds `plan`, `name` and `description`; its status and author stay. Its themes become
    `themes` when given (None keeps them)."""
    for attribute, value in {"name": name, "description": description, **_plan_fields(plan)}.items():
        setattr(tour, attribute, value)
    tour._history_user = user
    tour.save()
    tour.stops.all().delete()
    _write_stops(tour, plan)
    if themes is not None:
        tour.themes.set(themes)
    return tour


def measure_route(tour):
    """Set the totals of a tour whose route was drawn or edited in the admin (no planner run): the geodesic
    length of the route, driven at the drawn-route speed, plus the visits it already holds."""
    from django.db import connection

    from .planning import DRAWN_SPEED_KMH

    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Length(%s::geography)", [tour.route.ewkt])
        (length,) = cursor.fetchone()
    tour.distance_m = length or 0.0
    tour.drive_seconds = tour.distance_m / (DRAWN_SPEED_KMH / 3.6)
    tour.visit_seconds = tour.visit_seconds or 0.0
    tour.total_seconds = tour.drive_seconds + tour.visit_seconds
