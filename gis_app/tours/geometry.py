"""A route drawn by hand, checked before anything is computed from it."""
import math

from django.contrib.gis.geos import LineString
from django.utils.translation import gettext as _

from gis_app.core.errors import InputError
from gis_app.core.geometry_limits import limit_problem

MAX_DRAWN_POINTS = 10000


def parse_drawn_route(name, value):
    """A GeoJSON LineString (geometry or Feature) as a valid LineString in EPSG:4326, or an InputError."""
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict) or value.get("type") != "LineString":
        raise InputError(name, _("The drawn route must be a GeoJSON LineString."))
    coordinates = value.get("coordinates")
    if not isinstance(coordinates, list) or not 2 <= len(coordinates) <= MAX_DRAWN_POINTS:
        raise InputError(name, _("A drawn route needs between 2 and %(max)d points.") % {"max": MAX_DRAWN_POINTS})
    points = []
    for position in coordinates:
        if (not isinstance(position, list) or len(position) < 2
                or not all(isinstance(c, (int, float)) and math.isfinite(c) for c in position[:2])):
            raise InputError(name, _("Each point of the drawn route must be [longitude, latitude]."))
        lon, lat = float(position[0]), float(position[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise InputError(name, _("Coordinates out of range: longitude must be within ±180 and latitude "
                                     "within ±90."))
        points.append((lon, lat))
    if len(set(points)) < 2:
        raise InputError(name, _("The drawn route has no length: its points are all the same."))
    line = LineString(points, srid=4326)
    problem = limit_problem(line)
    if problem:
        raise InputError(name, problem)
    if not line.valid:
        raise InputError(name, _("The drawn route is not a valid line (%(reason)s).") % {"reason": line.valid_reason})
    return line
