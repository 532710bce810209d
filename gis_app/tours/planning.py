"""A tour plan: stop order, road route, timings and opening-hour warnings, from resolved stops.

Either routed on the road network (travel-time matrix → order → one road leg per
pair of consecutive stops) or along a route drawn by hand (stops kept in the
given order, times from the drawn length at DRAWN_SPEED_KMH).
"""
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.gis.geos import LineString
from django.db import connection
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from gis_app.core.errors import InputError
from gis_app.roads.graph import require_network
from gis_app.roads.routing import route_legs, snap, travel_time_matrix

from . import days
from .ordering import EXACT_LIMIT, best_order

# A stop farther than this from every road is "not on the network".
MAX_SNAP_M = getattr(settings, "OCOP_TOURS_MAX_SNAP_M", 1000)
DRAWN_SPEED_KMH = 30
# A stop farther than this from a hand-drawn line is flagged (the line was drawn elsewhere).
DRAWN_MAX_OFF_M = getattr(settings, "OCOP_TOURS_DRAWN_MAX_OFF_M", 500)


@dataclass
class Plan:
    stops: list  # Stop, in visiting order
    end: str
    optimized: bool
    exact: bool
    route: LineString
    leg_seconds: list  # travel time to reach stops[i] (0 for the first); last item: back to start if round
    leg_metres: list
    start_at: datetime.datetime
    drawn: bool = False
    timings: list = field(default_factory=list)  # dicts per stop, see with_timings
    return_at: datetime.datetime = None
    overnights: dict = field(default_factory=dict)  # index of a day's last stop -> nearest_lodging() or None
    stop_notes: dict = field(default_factory=dict)  # index -> extra warnings (a drawn line far from the stop)

    @property
    def day_count(self):
        return self.timings[-1]["day"] if self.timings else 1

    @property
    def drive_seconds(self):
        return sum(self.leg_seconds)

    @property
    def distance_m(self):
        return sum(self.leg_metres)

    @property
    def visit_seconds(self):
        return sum(s.visit_minutes for s in self.stops) * 60

    @property
    def total_seconds(self):
        return self.drive_seconds + self.visit_seconds


def _unconnected_stop(stops, matrix, snaps):
    """Index of the stop that is cut off from the others (most missing pairs, then farthest from a road)."""
    n = len(stops)
    missing = [sum(matrix[i][j] is None for j in range(n)) + sum(matrix[j][i] is None for j in range(n))
               for i in range(n)]
    return max(range(n), key=lambda i: (missing[i], snaps[i].distance_m, i))


def _not_connected(stops, i):
    return InputError(f"stops[{i + 1}]", _("Stop “%(name)s” is not connected to the road network.")
                      % {"name": stops[i].name}, status_code=422)


def plan_on_roads(stops, end="open", optimize=True, start_at=None):
    """Plan a tour visiting `stops` (stops[0] is the start) on the road network."""
    require_network()
    snaps = snap([(s.lon, s.lat) for s in stops])
    for i, s in enumerate(snaps):
        if s.distance_m > MAX_SNAP_M:
            raise _not_connected(stops, i)
    matrix = travel_time_matrix(snaps)
    if any(v is None for row in matrix for v in row):
        raise _not_connected(stops, _unconnected_stop(stops, matrix, snaps))
    order = best_order(matrix, end) if optimize else list(range(len(stops)))
    path = order + [order[0]] if end == "round" else order
    legs = route_legs(snaps, path)
    if any(leg is None for leg in legs):  # the matrix said reachable; guard anyway
        raise _not_connected(stops, path[[leg is None for leg in legs].index(True) + 1])
    coords = []
    for leg in legs:
        if leg.geometry is not None:
            coords += leg.geometry.coords[1:] if coords else leg.geometry.coords
    if len(set(coords)) < 2:
        raise InputError("stops", _("All stops are at the same place on the road."))
    plan = Plan([stops[i] for i in order], end, optimize, optimize and len(stops) <= EXACT_LIMIT,
                LineString(coords, srid=4326), [0.0] + [leg.cost_s for leg in legs],
                [0.0] + [leg.length_m for leg in legs], start_at or default_start())
    return with_timings(plan)


def plan_along_drawn(stops, route, start_at=None):
    """Plan a tour along a hand-drawn `route` (LineString, EPSG:4326): stops in the given order.

    A stop farther than DRAWN_MAX_OFF_M from the line is flagged: the line does not go there.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_Length(%s::geography), "
            "array_agg(ST_LineLocatePoint(%s::geometry, ST_SetSRID(ST_MakePoint(lon, lat), 4326)) ORDER BY i), "
            "array_agg(ST_Distance(%s::geography, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography) ORDER BY i) "
            "FROM unnest(%s::float8[], %s::float8[]) WITH ORDINALITY AS t(lon, lat, i)",
            [route.ewkt, route.ewkt, route.ewkt, [s.lon for s in stops], [s.lat for s in stops]],
        )
        length, positions, offsets = cursor.fetchone()
    metres = [0.0] + [abs(b - a) * length for a, b in zip(positions, positions[1:])]
    seconds = [m / (DRAWN_SPEED_KMH / 3.6) for m in metres]
    plan = Plan(list(stops), "fixed", False, False, route, seconds, metres, start_at or default_start(), drawn=True)
    plan.stop_notes = {i: [_("The drawn line passes %(distance)s km from this stop: check the line.")
                           % {"distance": number_format(off / 1000, 1)}]
                       for i, off in enumerate(offsets) if off > DRAWN_MAX_OFF_M}
    return with_timings(plan)


def default_start():
    """Tomorrow at 08:00 local time: a planner usually prepares the next outing."""
    day = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 0)))


def opening_warnings(stop, arrival, departure):
    """Why `stop` cannot be visited from `arrival` to `departure` (local datetimes); empty if it can."""
    warnings = []
    if stop.open_weekdays and arrival.weekday() not in stop.open_weekdays:
        warnings.append(_("Closed on this day of the week."))
        return warnings
    opens, closes = stop.opening_time, stop.closing_time
    if opens and arrival.time() < opens:
        warnings.append(_("Arrives at %(arrival)s, before opening time (%(opens)s).")
                        % {"arrival": arrival.strftime("%H:%M"), "opens": opens.strftime("%H:%M")})
    elif closes and arrival.time() >= closes:
        warnings.append(_("Arrives at %(arrival)s, after closing time (%(closes)s).")
                        % {"arrival": arrival.strftime("%H:%M"), "closes": closes.strftime("%H:%M")})
    elif closes and (departure.date() > arrival.date() or departure.time() > closes):
        warnings.append(_("The visit would run past closing time (%(closes)s).") % {"closes": closes.strftime("%H:%M")})
    return warnings


def with_timings(plan):
    """Fill plan.timings: day, arrival, departure and warnings per stop, from plan.start_at.

    A stop whose visit would end after the day's end (days.DAY_END) starts the next day at DAY_START,
    from the previous stop; plan.overnights[i] is where the night after stop i is spent (or None).
    """
    if timezone.is_naive(plan.start_at):
        plan.start_at = timezone.make_aware(plan.start_at)
    # Opening hours are local: compare in the project's time zone.
    plan.start_at = timezone.localtime(plan.start_at)
    moment = plan.start_at
    day, day_first, limit = 1, 0, days.day_end(moment)
    plan.timings, plan.overnights = [], {}
    for i, (stop, leg) in enumerate(zip(plan.stops, plan.leg_seconds)):
        arrival = moment + datetime.timedelta(seconds=leg)
        departure = arrival + datetime.timedelta(minutes=stop.visit_minutes)
        if i > day_first and departure > limit:
            previous = plan.stops[i - 1]
            plan.overnights[i - 1] = days.nearest_lodging(previous.lon, previous.lat)
            day, day_first = day + 1, i
            moment = days.next_morning(limit)
            limit = days.day_end(moment)
            arrival = moment + datetime.timedelta(seconds=leg)
            departure = arrival + datetime.timedelta(minutes=stop.visit_minutes)
        plan.timings.append({"day": day, "arrival": arrival, "departure": departure,
                             "warnings": opening_warnings(stop, arrival, departure) + plan.stop_notes.get(i, [])})
        moment = departure
    if plan.end == "round" and len(plan.leg_seconds) > len(plan.stops):
        plan.return_at = moment + datetime.timedelta(seconds=plan.leg_seconds[-1])
    return plan
