"""GeoJSON geometries as RFC 7946 §3.1.6 wants them: exterior rings counter-clockwise, holes clockwise.

PostGIS and GEOS write rings in whatever order they are stored (the demo's and most official boundaries are
clockwise, the shapefile convention). Every GeoJSON geometry the server writes goes through this module,
in whichever of its three forms fits where the text is made:

- `sql(expression, digits)`: the SQL of a GeoJSON text, for statements that build JSON in PostgreSQL
  (the OGC API, exports, aggregates, supply clusters and catchments);
- `AsGeoJSON(field, precision)`: the same as a Django expression, for querysets (the REST API's records);
- `from_geos(geometry)`: a dict from a GEOS geometry already in Python (pages' maps, tours, admin previews).

The first two are PostGIS's ST_ForcePolygonCCW; the third orients rings by their signed area (shoelace in
lon/lat, as ST_ForcePolygonCCW does). Points and lines pass through unchanged.
"""
import json
from typing import Any

from django.contrib.gis.db.models.functions import AsGeoJSON as DjangoAsGeoJSON
from django.contrib.gis.db.models.functions import GeomOutputGeoFunc
from django.contrib.gis.geos import GEOSGeometry


class ForcePolygonCCW(GeomOutputGeoFunc):
    """ST_ForcePolygonCCW: exterior rings counter-clockwise, interior rings clockwise (geography fields cast to
    geometry: the function has no geography form; the coordinates are the same lon/lat)."""
    arity = 1
    template = "%(function)s(%(expressions)s::geometry)"


def sql(expression: str, digits: int) -> str:
    """SQL of the RFC 7946 GeoJSON text of the SQL geometry `expression`, with `digits` decimals."""
    return f"ST_AsGeoJSON(ST_ForcePolygonCCW({expression}), {int(digits)})"


def AsGeoJSON(expression: Any, precision: int = 8) -> DjangoAsGeoJSON:  # noqa: N802 (reads like the Django function it replaces)
    """The Django expression of the RFC 7946 GeoJSON text of the geometry `expression`."""
    return DjangoAsGeoJSON(ForcePolygonCCW(expression), precision=precision)


def signed_area(ring: list[list[float]]) -> float:
    """Twice the signed planar area of a ring of [x, y, …] positions: positive when counter-clockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_a), (x1, y1, *_b) in zip(ring, ring[1:] + ring[:1]))


def _oriented_polygon(rings):
    return [ring if (signed_area(ring) >= 0) == (n == 0) else ring[::-1] for n, ring in enumerate(rings)]


def oriented(geometry: dict | None) -> dict | None:
    """A GeoJSON geometry dict (or None) with its polygon rings in RFC 7946 order; other types unchanged."""
    if not geometry:
        return geometry
    kind = geometry.get("type")
    if kind == "Polygon":
        return {**geometry, "coordinates": _oriented_polygon(geometry["coordinates"])}
    if kind == "MultiPolygon":
        return {**geometry, "coordinates": [_oriented_polygon(p) for p in geometry["coordinates"]]}
    if kind == "GeometryCollection":
        return {**geometry, "geometries": [oriented(g) for g in geometry["geometries"]]}
    return geometry


def from_geos(geometry: GEOSGeometry | None) -> dict | None:
    """The RFC 7946 GeoJSON dict of a GEOS geometry (None for None)."""
    return oriented(json.loads(geometry.geojson)) if geometry is not None else None


def loads(text: str | bytes | None) -> dict | None:
    """The GeoJSON dict of a GeoJSON text made elsewhere (a client's, a file's), rings in RFC 7946 order."""
    return oriented(json.loads(text)) if text else None
