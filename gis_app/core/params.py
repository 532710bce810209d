"""Parsing of request parameters into values, or an InputError naming the parameter (translated).

Views call these instead of float()/int() so that every bad value becomes a 400
with the house error shape, never a 500.
"""
import math
from collections.abc import Collection
from typing import Any

from django.utils.translation import gettext as _

from .errors import InputError


def parse_float(name: str, value: Any, minimum: float | None = None, maximum: float | None = None, min_inclusive: bool = True) -> float:
    """`value` as a finite float within [minimum, maximum]."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(name, _("“%(value)s” is not a number.") % {"value": value})
    if not math.isfinite(number):
        raise InputError(name, _("“%(value)s” is not a finite number.") % {"value": value})
    too_small = minimum is not None and (number < minimum if min_inclusive else number <= minimum)
    if too_small or (maximum is not None and number > maximum):
        if min_inclusive:
            message = _("%(value)s is out of range: it must be between %(min)s and %(max)s.")
        else:
            message = _("%(value)s is out of range: it must be greater than %(min)s and at most %(max)s.")
        raise InputError(name, message % {"value": value, "min": minimum, "max": maximum})
    return number


def _range_message(value, minimum, maximum):
    """"out of range" in the words that fit the bounds there are (never "between 1 and None")."""
    if maximum is None:
        return _("%(value)s is out of range: it must be at least %(min)s.") % {"value": value, "min": minimum}
    if minimum is None:
        return _("%(value)s is out of range: it must be at most %(max)s.") % {"value": value, "max": maximum}
    return _("%(value)s is out of range: it must be between %(min)s and %(max)s.") % {
        "value": value, "min": minimum, "max": maximum}


def parse_int(name: str, value: object, minimum: int | None = None, maximum: int | None = None) -> int:
    """`value` as an integer within [minimum, maximum]."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise InputError(name, _("“%(value)s” is not a whole number.") % {"value": value})
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise InputError(name, _range_message(value, minimum, maximum))
    return number


def parse_lon_lat(name: str, value: object) -> tuple[float, float]:
    """"lon,lat" as a (lon, lat) pair of floats within the WGS84 ranges."""
    parts = str(value).split(",") if value is not None else []
    if len(parts) != 2:
        raise InputError(name, _("Expected “longitude,latitude”, got “%(value)s”.") % {"value": value})
    lon = parse_float(name, parts[0], -180, 180)
    lat = parse_float(name, parts[1], -90, 90)
    return lon, lat


def parse_bbox_numbers(name: str, value: object) -> tuple[float, ...]:
    """The four corners of "minX,minY,maxX,maxY" or "minX,minY,minZ,maxX,maxY,maxZ" as floats (heights dropped).

    OGC API – Features and the API accept both forms; no layer has heights, so a 6-number box filters on its
    horizontal extent.
    """
    parts = str(value).split(",") if value is not None else []
    if len(parts) not in (4, 6):
        raise InputError(name, _("Expected “minLon,minLat,maxLon,maxLat” (or six numbers with heights), "
                                 "got “%(value)s”.") % {"value": value})
    numbers = [parse_float(name, part) for part in parts]
    if len(numbers) == 6:
        if numbers[2] > numbers[5]:
            raise InputError(name, _("The box is inverted: the minimum height must not exceed the maximum."))
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    return tuple(numbers)


def parse_bbox(name: str, value: object) -> tuple[float, float, float, float]:
    """"minLon,minLat,maxLon,maxLat" (or six numbers with heights) as a 4-tuple in lon/lat.

    As in OGC API – Features, a box whose west edge is east of its east edge (minLon > maxLon) crosses the
    antimeridian: it is kept as given and `gis_app.core.spatial.box_pieces` splits it. Latitudes must be
    ordered; out-of-range values are refused.
    """
    min_lon, min_lat, max_lon, max_lat = parse_bbox_numbers(name, value)
    for number, limit in ((min_lon, 180), (min_lat, 90), (max_lon, 180), (max_lat, 90)):
        if abs(number) > limit:
            raise InputError(name, _("%(value)s is out of range: it must be between %(min)s and %(max)s.")
                             % {"value": f"{number:g}", "min": -limit, "max": limit})
    if min_lat >= max_lat or min_lon == max_lon:
        raise InputError(name, _("The box is inverted or empty: the minimum must be below the maximum."))
    return min_lon, min_lat, max_lon, max_lat


def parse_choice(name: str, value: str | None, choices: Collection[str], default: str | None = None) -> str | None:
    """`value` (or `default` when empty) if it is one of `choices`."""
    value = (value or "").strip() or default
    if value not in choices:
        raise InputError(name, _("“%(value)s” is not one of: %(choices)s.")
                         % {"value": value, "choices": ", ".join(choices)})
    return value
