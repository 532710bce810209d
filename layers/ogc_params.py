"""Request parameters of OGC API – Features items: limit, offset, datetime, bbox (+ bbox-crs), crs, the layer's
declared filters and CQL2 filters, read into a narrowed queryset of the layer.

Every narrowing is a filter on the layer's queryset (Q objects), so the page is then built by the same
code as for an unfiltered request (layers.features).
"""
import math
import re
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.geos import Polygon
from django.db.models import Q, Value
from django.utils.translation import gettext as _

from gis_app.core.errors import InputError
from gis_app.core.params import parse_bbox, parse_bbox_numbers, parse_int
from gis_app.core.spatial import _as_geometry, _Intersects, in_box

from . import cql2
from .crs import CRS84, SUPPORTED, get_crs

DEFAULT_LIMIT, MAX_LIMIT = 10, 10_000
CORE_PARAMS = ("limit", "offset", "f", "datetime", "bbox", "bbox-crs", "crs", "filter", "filter-lang",
               "filter-crs")

# RFC 3339 date-time (as OGC API – Features requires) or full-date.
_DATE_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2}))?$")


def _instant(text):
    match = _DATE_TIME.match(text)
    if not match:
        return None
    try:
        if match.group(4) is None:
            return datetime.combine(date(*map(int, match.groups()[:3])), datetime.min.time())
        stamp = text.replace("z", "Z").replace("t", "T").replace(" ", "T").replace("Z", "+00:00")
        return datetime.fromisoformat(stamp).replace(tzinfo=None)
    except ValueError:
        return None


def parse_datetime(name, value):
    """An RFC 3339 instant or interval (`start/end`, either end open as `..` or empty), as (start, end).

    The layers have no time extent, so a valid value selects every feature (as Core allows); an invalid one is
    a 400, as Core requires.
    """
    text = str(value).strip()
    parts = text.split("/")
    if len(parts) > 2 or not text or text in ("/", "../..", "../", "/.."):
        raise InputError(name, _("“%(value)s” is not a date-time or interval (RFC 3339, e.g. "
                                 "2024-01-31T00:00:00Z or 2024-01-01T00:00:00Z/..).") % {"value": text[:100]})
    bounds = []
    for part in parts:
        if len(parts) == 2 and part in ("", ".."):
            bounds.append(None)
            continue
        instant = _instant(part)
        if instant is None:
            raise InputError(name, _("“%(value)s” is not a date-time or interval (RFC 3339, e.g. "
                                     "2024-01-31T00:00:00Z or 2024-01-01T00:00:00Z/..).") % {"value": text[:100]})
        bounds.append(instant)
    if len(bounds) == 2 and None not in bounds and bounds[0] > bounds[1]:
        raise InputError(name, _("The interval ends before it starts."))
    return bounds[0], bounds[-1]


def box_filter(layer, raw_bbox, raw_crs=None):
    """A Q selecting the layer's rows that meet the box given in `raw_crs` (CRS84 when absent)."""
    crs = get_crs("bbox-crs", raw_crs) if raw_crs else SUPPORTED[CRS84]
    if not crs.projected:
        numbers = parse_bbox_numbers("bbox", raw_bbox)
        if crs.lat_first:  # EPSG:4326: minLat,minLon,maxLat,maxLon
            numbers = (numbers[1], numbers[0], numbers[3], numbers[2])
        bbox = parse_bbox("bbox", ",".join(repr(n) for n in numbers))
        return in_box(layer.geometry, bbox, geography=layer.geography)
    min_x, min_y, max_x, max_y = parse_bbox_numbers("bbox", raw_bbox)
    lo_x, lo_y, hi_x, hi_y = crs.bounds
    if not (lo_x <= min_x < max_x <= hi_x and lo_y <= min_y < max_y <= hi_y):
        raise InputError("bbox", _("The box is inverted, empty or outside the coordinate system's range."))
    # The box is a rectangle in that CRS, curved in lon/lat: its outline, densified, is carried over and the
    # rows meeting that polygon are selected (index test on its lon/lat envelope first).
    steps = 32
    ring = ([(min_x + (max_x - min_x) * i / steps, min_y) for i in range(steps)]
            + [(max_x, min_y + (max_y - min_y) * i / steps) for i in range(steps)]
            + [(max_x - (max_x - min_x) * i / steps, max_y) for i in range(steps)]
            + [(min_x, max_y - (max_y - min_y) * i / steps) for i in range(steps)])
    lons, lats = crs.to_lon_lat([p[0] for p in ring], [p[1] for p in ring])
    if not all(math.isfinite(v) for v in (*lons, *lats)):
        raise InputError("bbox", _("The box is inverted, empty or outside the coordinate system's range."))
    lons = [max(-180.0, min(180.0, v)) for v in lons]
    lats = [max(-90.0, min(90.0, v)) for v in lats]
    polygon = Polygon([*zip(lons, lats), (lons[0], lats[0])], srid=4326)
    envelope = (min(lons), min(lats), max(lons), max(lats))
    # Far outside a projection's zone its outline can fold over itself: refused rather than guessed.
    if envelope[0] >= envelope[2] or envelope[1] >= envelope[3] or not polygon.valid:
        raise InputError("bbox", _("The box is inverted, empty or outside the coordinate system's range."))
    area = Value(polygon, output_field=GeometryField(srid=4326))
    return in_box(layer.geometry, envelope, geography=layer.geography) & Q(_Intersects(area, _as_geometry(
        layer.geometry)))


@dataclass
class ItemsQuery:
    queryset: object
    limit: int
    offset: int
    crs: object
    filters: dict = None  # the layer's filters of the request (the days of `Layer.dated` among them)


def parse_items(layer, params):
    """The request's items query; a 400 naming the first bad or unknown parameter."""
    known = set(CORE_PARAMS) | set(layer.filter_names)
    for name in params:
        if name not in known:
            raise InputError(name, _("Unknown parameter “%(name)s” for layer %(layer)s. Known: %(known)s.")
                             % {"name": name, "layer": layer.id,
                                "known": ", ".join([*CORE_PARAMS, *layer.filter_names])})
    limit = min(parse_int("limit", params.get("limit", DEFAULT_LIMIT), minimum=1), MAX_LIMIT)
    offset = parse_int("offset", params.get("offset", 0), minimum=0)
    if params.get("datetime") is not None:
        parse_datetime("datetime", params["datetime"])
    crs = get_crs("crs", params["crs"]) if params.get("crs") else SUPPORTED[CRS84]
    if params.get("bbox-crs") and not params.get("bbox"):
        raise InputError("bbox-crs", _("“bbox-crs” needs a bbox."))
    filters = {name: params.get(name) for name in layer.filter_names if name in params}
    queryset = layer.filtered(filters)
    if params.get("bbox") is not None:
        queryset = queryset.filter(box_filter(layer, params["bbox"], params.get("bbox-crs")))
    if params.get("filter") is not None:
        queryset = cql2.apply(layer, queryset, params["filter"], params.get("filter-lang"),
                              params.get("filter-crs"))
    elif params.get("filter-lang") is not None or params.get("filter-crs") is not None:
        raise InputError("filter", _("“filter-lang” and “filter-crs” need a filter."))
    return ItemsQuery(queryset, limit, offset, crs, filters)
