"""Limits on the size of geometries people draw, import or edit: vertex count and area.

A shape with millions of vertices or the size of a country is an error (or an
attack on the tile and routing queries), never an OCOP village or site.
"""
import shapely
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pyproj import Geod

_GEOD = Geod(ellps="WGS84")


def geodesic_area_km2(geom: GEOSGeometry) -> float:
    """The area of a lon/lat (EPSG:4326) GEOS geometry on the WGS84 ellipsoid, in km²."""
    area, _perimeter = _GEOD.geometry_area_perimeter(shapely.from_wkb(bytes(geom.wkb)))
    return abs(area) / 1e6


def limit_problem(geom: GEOSGeometry | None, max_vertices: int | None = None, max_area_km2: float | None = None) -> str | None:
    """A translated message saying which limit `geom` exceeds, or None if it is within them."""
    if geom is None:
        return None
    max_vertices = settings.OCOP_MAX_VERTICES if max_vertices is None else max_vertices
    max_area_km2 = settings.OCOP_MAX_AREA_KM2 if max_area_km2 is None else max_area_km2
    if max_vertices and geom.num_coords > max_vertices:
        return _("The shape has %(count)d vertices; at most %(max)d are allowed. Simplify it.") % {
            "count": geom.num_coords, "max": max_vertices}
    if max_area_km2 and geom.geom_type in ("Polygon", "MultiPolygon"):
        area = geodesic_area_km2(geom)
        if area > max_area_km2:
            return _("The shape covers %(area).1f km²; at most %(max)s km² is allowed.") % {
                "area": area, "max": max_area_km2}
    return None


def check_geometry_limits(field: str, geom: GEOSGeometry | None) -> None:
    """Raise a ValidationError on `field` if `geom` exceeds the vertex or area limit."""
    problem = limit_problem(geom)
    if problem:
        raise ValidationError({field: problem})
