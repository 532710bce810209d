"""Parsing of request parameters into values, or an InputError naming the parameter (translated).

Views call these instead of float()/int() so that every bad value becomes a 400
with the house error shape, never a 500.
"""
import math

from django.utils.translation import gettext as _

from .errors import InputError


def parse_float(name, value, minimum=None, maximum=None, min_inclusive=True):
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


def parse_int(name, value, minimum=None, maximum=None):
    """`value` as an integer within [minimum, maximum]."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise InputError(name, _("“%(value)s” is not a whole number.") % {"value": value})
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise InputError(name, _("%(value)s is out of range: it must be between %(min)s and %(max)s.")
                         % {"value": value, "min": minimum, "max": maximum})
    return number


def parse_lon_lat(name, value):
    """"lon,lat" as a (lon, lat) pair of floats within the WGS84 ranges."""
    parts = str(value).split(",") if value is not None else []
    if len(parts) != 2:
        raise InputError(name, _("Expected “longitude,latitude”, got “%(value)s”.") % {"value": value})
    lon = parse_float(name, parts[0], -180, 180)
    lat = parse_float(name, parts[1], -90, 90)
    return lon, lat


def parse_bbox(name, value):
    """"minLon,minLat,maxLon,maxLat" as a 4-tuple, refusing inverted or out-of-range boxes."""
    parts = str(value).split(",") if value is not None else []
    if len(parts) != 4:
        raise InputError(name, _("Expected “minLon,minLat,maxLon,maxLat”, got “%(value)s”.") % {"value": value})
    min_lon, max_lon = (parse_float(name, parts[i], -180, 180) for i in (0, 2))
    min_lat, max_lat = (parse_float(name, parts[i], -90, 90) for i in (1, 3))
    if min_lon >= max_lon or min_lat >= max_lat:
        raise InputError(name, _("The box is inverted or empty: the minimum must be below the maximum."))
    return min_lon, min_lat, max_lon, max_lat


def parse_choice(name, value, choices, default=None):
    """`value` (or `default` when empty) if it is one of `choices`."""
    value = (value or "").strip() or default
    if value not in choices:
        raise InputError(name, _("“%(value)s” is not one of: %(choices)s.")
                         % {"value": value, "choices": ", ".join(choices)})
    return value
