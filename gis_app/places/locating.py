"""Where a row is: from a GIS geometry, WGS84 lon/lat, VN-2000 easting/northing, or only a commune code.

Catches the two mistakes officers' lists make most: longitude and latitude in each other's column, and projected
metres typed as degrees. A row placed only by its commune gets the commune's point-on-surface and is flagged.
"""
import math
from dataclasses import dataclass, field

from django.contrib.gis.db.models.functions import PointOnSurface
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point
from django.utils.translation import gettext as _

from gis_app.core import vn2000
from gis_app.core.importing import as_float

from .area import area_label, area_province
from .dates import registry_units_on
from .models import AdminUnit


class LocationProblem(ValueError):
    def __init__(self, message, field="coordinates"):
        self.field = field  # "coordinates" or "commune_code": which columns to blame
        super().__init__(message)


@dataclass
class Placement:
    location: Point = None
    area: MultiPolygon = None
    by_commune: bool = False
    notes: list = field(default_factory=list)


def finite(geos: GEOSGeometry) -> bool:
    """Whether every coordinate of `geos` is a finite number."""
    import numpy
    import shapely
    return bool(numpy.isfinite(shapely.get_coordinates(shapely.from_wkb(bytes(geos.wkb)))).all())


@dataclass
class Locator:
    crs: str = "wgs84"  # or "vn2000"
    central_meridian: float = vn2000.BINH_DUONG_MERIDIAN
    scale: float = vn2000.TM3_SCALE

    def __post_init__(self):
        province = area_province().first()
        self.province = province.geom.prepared if province else None
        units = (AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE).valid_on(registry_units_on())
                 .annotate(inner_point=PointOnSurface("geom")))
        self.communes = {unit.code: unit for unit in units}

    def commune(self, code):
        """The commune with official code `code` on the registry's unit date, or LocationProblem."""
        code = str(code).strip()
        if code.endswith(".0"):  # Excel turns 25771 into 25771.0
            code = code[:-2]
        unit = self.communes.get(code) or self.communes.get(code.zfill(5))
        if unit is None:
            raise LocationProblem(_("No commune of %(area)s has code “%(code)s”.") % {"code": code, "area": area_label()},
                                  "commune_code")
        return unit

    def inside(self, lon, lat):
        return self.province is None or self.province.covers(Point(lon, lat, srid=4326))

    def from_lon_lat(self, lon, lat):
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise LocationProblem(_("The coordinates are not numbers (NaN or infinite)."))
        if abs(lon) > 1000 or abs(lat) > 1000:
            raise LocationProblem(_("%(lon)s, %(lat)s look like projected metres, not degrees: choose VN-2000 "
                                    "coordinates for this file.") % {"lon": lon, "lat": lat})
        if not self.inside(lon, lat) and self.inside(lat, lon):
            raise LocationProblem(_("Longitude and latitude look swapped (longitude %(lon)s, latitude %(lat)s): "
                                    "the point falls in the province the other way round.")
                                  % {"lon": lon, "lat": lat})
        return Point(lon, lat, srid=4326)

    def from_vn2000(self, easting, northing):
        if vn2000.looks_swapped(easting, northing):
            raise LocationProblem(_("VN-2000 easting and northing look swapped (easting %(e)s, northing %(n)s); "
                                    "in Vietnamese surveys X is the northing and Y the easting.")
                                  % {"e": easting, "n": northing})
        lon, lat = vn2000.to_wgs84(easting, northing, self.central_meridian, self.scale)
        return Point(lon, lat, srid=4326)

    def from_geometry(self, geometry, already_wgs84):
        """A point (and area for polygons) from an OGR geometry of a GIS file."""
        geos = geometry.geos
        if geos.empty or not finite(geos):  # a NaN coordinate reads as an empty point (Shapefile) or NaN
            raise LocationProblem(_("The geometry is empty or has coordinates that are not numbers (NaN)."))
        if not already_wgs84:
            geos = self.reproject(geos)
        geos.srid = 4326
        if geos.geom_type in ("Polygon", "MultiPolygon"):
            area = MultiPolygon(geos, srid=4326) if geos.geom_type == "Polygon" else geos
            return Placement(area.point_on_surface, area)
        if geos.geom_type == "MultiPoint" and len(geos) == 1:
            geos = geos[0]
        if geos.geom_type != "Point":
            raise LocationProblem(_("Geometry type %(type)s is not supported here: use points or polygons.")
                                  % {"type": geos.geom_type})
        return Placement(self.from_lon_lat(geos.x, geos.y))

    def reproject(self, geos):
        """`geos` (raw VN-2000 easting/northing) in WGS84, every vertex through the explicit pipeline."""
        import numpy
        import shapely
        transform = vn2000.transformer(self.central_meridian, self.scale).transform
        shape = shapely.transform(shapely.from_wkb(bytes(geos.wkb)),
                                  lambda xy: numpy.column_stack(transform(xy[:, 0], xy[:, 1])))
        return GEOSGeometry(memoryview(shapely.to_wkb(shape)), srid=4326)

    def place(self, values, geometry=None, already_wgs84=True):
        """A Placement from a row's mapped `values` (lon/lat, easting/northing, commune_code) or its geometry."""
        if geometry is not None:
            return self.from_geometry(geometry, already_wgs84)
        if values.get("lon") is not None and values.get("lat") is not None:
            return Placement(self.from_lon_lat(as_float(values["lon"]), as_float(values["lat"])))
        if values.get("easting") is not None and values.get("northing") is not None:
            return Placement(self.from_vn2000(as_float(values["easting"]), as_float(values["northing"])))
        if values.get("commune_code") is not None:
            unit = self.commune(values["commune_code"])
            point = unit.inner_point
            point.srid = 4326
            return Placement(point, by_commune=True,
                             notes=[_("No coordinates: placed at the centre of commune %(commune)s; check it.")
                                    % {"commune": unit.name}])
        raise LocationProblem(_("No location: give longitude/latitude, VN-2000 X/Y, or a commune code."))
