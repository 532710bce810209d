"""Query expressions shared by the apps: points inside an area or a box, and counts as scalar subqueries."""
import math
from collections.abc import Sequence
from typing import Any

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.geos import Polygon
from django.db.models import BooleanField, F, Func, IntegerField, Q, QuerySet, Subquery
from django.db.models.expressions import Value
from django.db.models.functions import Cast


class _Covers(Func):
    """ST_Covers(area geometry, point geometry): planar containment, edges included."""

    function = "ST_Covers"
    output_field = BooleanField()


def _as_geometry(field):
    return Cast(field, GeometryField(srid=4326))


def in_area(queryset: QuerySet, area: Any, field: str = "location") -> QuerySet:
    """Rows whose point lies in `area` (a polygon in EPSG:4326, or an expression such as OuterRef), edges included.

    `&&` between geographies finds the candidates on the GiST index; the exact
    test is planar, as boxes, unit boundaries and village outlines are drawn in lon/lat.
    """
    if not hasattr(area, "resolve_expression"):
        area = Value(area, output_field=GeometryField(srid=4326))
    return queryset.filter(**{f"{field}__bboverlaps": area}).filter(_Covers(area, _as_geometry(field)))


# A lon/lat box is planar (its edges are meridians and parallels), but `&&` on a geography column compares
# boxes on the sphere, where a polygon's edges are great-circle arcs. Wider than 180° such a polygon turns
# inside out (a whole-world box found nothing), an edge of exactly 180° is refused by PostGIS ("Antipodal
# edge"), and an arc along a parallel bows towards the pole, cutting off a strip of the box near its
# equator-side edge. So the box is cut into pieces at most this wide, and for the index test only, each
# piece's equator-side edge is moved towards the equator by the arc's bow (see `geography_search_box`).
MAX_PIECE_DEGREES = 90


def _split(low, high, most):
    count = max(1, math.ceil((high - low) / most))
    step = (high - low) / count
    return [(low + i * step, high if i == count - 1 else low + (i + 1) * step) for i in range(count)]


def box_pieces(bbox: Sequence[float]) -> list[tuple[float, float, float, float]]:
    """The lon/lat box (min_lon, min_lat, max_lon, max_lat) as boxes that do not cross the antimeridian and are
    at most MAX_PIECE_DEGREES wide and high; min_lon > max_lon means the box crosses the antimeridian (OGC API).
    (A pole-to-pole meridian is also an antipodal edge, hence the height limit.)"""
    min_lon, min_lat, max_lon, max_lat = bbox
    spans = [(min_lon, max_lon)] if min_lon <= max_lon else [(min_lon, 180.0), (-180.0, max_lon)]
    spans = [span for span in spans if span[1] > span[0]] or spans[:1]
    return [(west, south, east, north)
            for start, end in spans for west, east in _split(start, end, MAX_PIECE_DEGREES)
            for south, north in _split(min_lat, max_lat, MAX_PIECE_DEGREES)]


def geography_search_box(piece: Sequence[float]) -> tuple[float, float, float, float]:
    """A box whose polygon, read as geography (great-circle edges), covers the planar lon/lat `piece`.

    The arc between two points of latitude φ, Δλ apart, reaches latitude atan(tan φ / cos(Δλ/2)) midway; an
    edge at latitude atan(tan φ · cos(Δλ/2)) therefore stays on the equator side of the parallel φ.
    """
    west, south, east, north = piece
    shrink = math.cos(math.radians(east - west) / 2)
    if south > 0:
        south = math.degrees(math.atan(math.tan(math.radians(south)) * shrink))
    if north < 0:
        north = math.degrees(math.atan(math.tan(math.radians(north)) * shrink))
    return west, south, east, north


def polygon_of(box: Sequence[float]) -> Polygon:
    polygon = Polygon.from_bbox(box)
    polygon.srid = 4326
    return polygon


def in_box(field: str, bbox: Sequence[float], geography: bool = True) -> Q:
    """A Q for rows whose geometry at `field` meets the lon/lat box (antimeridian-crossing and whole-world boxes
    included), edges included: an index test per piece (`&&`), then the exact planar test."""
    condition = Q()
    for piece in box_pieces(bbox):
        search = geography_search_box(piece) if geography else piece
        area = Value(polygon_of(piece), output_field=GeometryField(srid=4326))
        condition |= Q(**{f"{field}__bboverlaps": polygon_of(search)}) & Q(_Intersects(area, _as_geometry(field)))
    return condition


class _Intersects(Func):
    """ST_Intersects(a, b) on geometries (planar), as a condition, hidden from the planner's estimates.

    The `&&` beside it finds the candidates on the index and PostGIS estimates its selectivity from the
    column's statistics. ST_Intersects on a cast column has no statistics: PostgreSQL guessed a fraction of a
    percent of the candidates pass, so a box over the whole province was planned for ~99 rows where ~990,000
    matched, and the page sorted every match (1.7 s instead of 2 ms, #28). Inside CASE the test keeps its
    meaning (the same rows) but counts as an ordinary boolean for the estimate, so the estimate is that of
    `&&`, which is nearly exact for points."""

    function = "ST_Intersects"
    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return f"(CASE WHEN {sql} THEN true ELSE false END)", params


def count_of(queryset: QuerySet) -> Subquery:
    """The number of rows of a correlated queryset, as a scalar subquery."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
                    output_field=IntegerField())
