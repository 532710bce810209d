"""The spatial parameters every list accepts: bbox, near+radius, nearest+limit."""
from dataclasses import dataclass

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from gis_app.core.errors import InputError
from gis_app.core.params import parse_bbox, parse_float, parse_int, parse_lon_lat

from .queries import in_box, lon_lat_point, nearest, within_radius

MAX_RADIUS_M = 100_000
MAX_NEAREST = 100
DEFAULT_NEAREST = 10


@dataclass
class SpatialQuery:
    bbox: tuple = None
    near: tuple = None
    radius: float = None
    nearest: tuple = None
    limit: int = DEFAULT_NEAREST

    @classmethod
    def parse(cls, params):
        """Read the parameters; raises InputError naming the first bad one."""
        query = cls()
        if params.get("bbox") not in (None, ""):
            query.bbox = parse_bbox("bbox", params["bbox"])
        if params.get("near") not in (None, ""):
            query.near = parse_lon_lat("near", params["near"])
        if params.get("nearest") not in (None, ""):
            query.nearest = parse_lon_lat("nearest", params["nearest"])
        if params.get("radius") not in (None, ""):
            query.radius = parse_float("radius", params["radius"], 0, MAX_RADIUS_M, min_inclusive=False)
        if params.get("limit") not in (None, ""):
            query.limit = parse_int("limit", params["limit"], 1, MAX_NEAREST)
        if query.near and query.radius is None:
            raise InputError("radius", _("“near” needs a radius in metres (radius=…)."))
        if query.radius is not None and not (query.near or query.nearest):
            raise InputError("radius", _("“radius” needs a centre: near=longitude,latitude."))
        return query

    @property
    def ranked(self):
        """True when the answer is ordered by distance and carries `distance_m`."""
        return bool(self.nearest or self.near)

    def apply(self, queryset, field):
        """(queryset, limit): filtered and, for near/nearest, ordered by distance; limit is None unless nearest."""
        if self.bbox:
            queryset = in_box(queryset, self.bbox, field)
        centre = self.nearest or self.near
        if centre and self.radius is not None:
            queryset = within_radius(queryset, lon_lat_point(*centre), self.radius, field)
        if self.nearest:
            return nearest(queryset, lon_lat_point(*self.nearest), self.limit, field), self.limit
        return queryset, None


def _param(name, description, type_=OpenApiTypes.STR):
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, required=False, description=description)


OPENAPI_PARAMETERS = [
    _param("bbox", "minLon,minLat,maxLon,maxLat (WGS84): only features inside the box; six numbers (with "
                   "heights) are accepted, and minLon > maxLon is a box across the antimeridian"),
    _param("near", "lon,lat: with radius, features within radius metres, nearest first, with distance_m"),
    _param("radius", "metres, 0 < radius ≤ 100000 (geodesic, ST_DWithin on geography)", OpenApiTypes.NUMBER),
    _param("nearest", "lon,lat: the limit nearest features (KNN on the GiST index), with distance_m; "
                      "not paginated", ),
    _param("limit", "with nearest: how many, 1–100 (default 10)", OpenApiTypes.INT),
    _param("page", "page number (default 1)", OpenApiTypes.INT),
    _param("page_size", "features per page, 1–1000 (default 100)", OpenApiTypes.INT),
]
