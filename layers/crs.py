"""Coordinate reference systems of the OGC API (Part 2 – CRS by reference): CRS84, EPSG:4326, EPSG:3857 and the
province's VN-2000 / TM-3 zone (EPSG:9210, central meridian 105°45′).

Data are stored in WGS 84 lon/lat. Output in another CRS is computed after the page of features is built
(at most `limit` rows), with pyproj. VN-2000 uses the importer's own pipeline
(`gis_app.core.vn2000.pipeline`: TM-3 on the WGS 84 ellipsoid and the official 7-parameter shift in the
coordinate-frame convention), run in the inverse direction, so that exporting a point and importing it back
returns it: PROJ's default operation for EPSG:4326 → EPSG:9210 is not guaranteed to be that one.

Axis order follows each CRS's definition, as Part 2 requires: EPSG:4326 is latitude, longitude; CRS84 is
longitude, latitude; EPSG:3857 and EPSG:9210 are easting, northing.
"""
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _
from pyproj import Transformer

from gis_app.core import vn2000
from gis_app.core.errors import InputError

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


def epsg_uri(code):
    return f"http://www.opengis.net/def/crs/EPSG/0/{code}"


@dataclass(frozen=True)
class Crs:
    uri: str
    title: str
    lat_first: bool = False  # axis order latitude, longitude (EPSG:4326)
    projected: bool = False  # coordinates in metres; decimals kept for ~1 mm
    bounds: tuple = (-180, -90, 180, 90)  # a sanity range for bbox values in this CRS (x/east first)

    @property
    def is_crs84(self):
        return self.uri == CRS84

    @property
    def decimals(self):
        return 3 if self.projected else 7

    def from_lon_lat(self, lons, lats):
        """(first axis, second axis) sequences in this CRS's axis order, from WGS 84 lon/lat sequences."""
        if self.projected:
            return _forward(self.uri).transform(lons, lats)
        return (lats, lons) if self.lat_first else (lons, lats)

    def to_lon_lat(self, first, second):
        """(lons, lats) from coordinates given in this CRS's axis order."""
        if self.projected:
            return _inverse(self.uri).transform(first, second)
        return (second, first) if self.lat_first else (first, second)


WEB_MERCATOR_HALF = 20037508.342789244
SUPPORTED = {
    CRS84: Crs(CRS84, "WGS 84 longitude/latitude (CRS84)"),
    epsg_uri(4326): Crs(epsg_uri(4326), "WGS 84 (EPSG:4326, latitude/longitude)", lat_first=True,
                        bounds=(-90, -180, 90, 180)),
    epsg_uri(3857): Crs(epsg_uri(3857), "WGS 84 / Pseudo-Mercator (EPSG:3857)", projected=True,
                        bounds=(-WEB_MERCATOR_HALF, -4 * WEB_MERCATOR_HALF, WEB_MERCATOR_HALF, 4 * WEB_MERCATOR_HALF)),
    epsg_uri(9210): Crs(epsg_uri(9210), "VN-2000 / TM-3 105-45 (EPSG:9210)", projected=True,
                        bounds=(-1e7, -1e7, 1e7, 1e7)),
}
CRS_URIS = list(SUPPORTED)


@cache
def _forward(uri):
    if uri == epsg_uri(9210):
        # The importer's pipeline goes VN-2000 → WGS 84; the output runs it backwards.
        return _VN2000Forward(vn2000.transformer(vn2000.BINH_DUONG_MERIDIAN, vn2000.TM3_SCALE))
    return Transformer.from_crs("EPSG:4326", "EPSG:" + uri.rsplit("/", 1)[1], always_xy=True)


@cache
def _inverse(uri):
    if uri == epsg_uri(9210):
        return vn2000.transformer(vn2000.BINH_DUONG_MERIDIAN, vn2000.TM3_SCALE)
    return Transformer.from_crs("EPSG:" + uri.rsplit("/", 1)[1], "EPSG:4326", always_xy=True)


class _VN2000Forward:
    def __init__(self, transformer):
        self.transformer = transformer

    def transform(self, lons, lats):
        return self.transformer.transform(lons, lats, direction="INVERSE")


# Short spellings clients use besides the URIs.
ALIASES = {
    "crs84": CRS84, "ogc:crs84": CRS84, "[ogc:crs84]": CRS84,
    "http://www.opengis.net/def/crs/ogc/1.3/crs84": CRS84,
    **{spelling.format(code=code): epsg_uri(code) for code in (4326, 3857, 9210)
       for spelling in ("epsg:{code}", "[epsg:{code}]", "http://www.opengis.net/def/crs/epsg/0/{code}",
                        "https://www.opengis.net/def/crs/epsg/0/{code}")},
}


def get_crs(name, value):
    """The supported CRS named by `value` (a URI, or EPSG:xxxx / CRS84), or a 400 naming the parameter."""
    text = str(value).strip()
    uri = text if text in SUPPORTED else ALIASES.get(text.lower())
    if uri is None:
        raise InputError(name, _("Unsupported coordinate reference system “%(value)s”. Supported: %(known)s.")
                         % {"value": text[:200], "known": ", ".join(CRS_URIS)})
    return SUPPORTED[uri]


def _walk(coordinates, points):
    """Collect every position of a GeoJSON coordinates array into `points` (in order)."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        points.append(coordinates)
    else:
        for part in coordinates:
            _walk(part, points)


def reproject_features(features, crs):
    """Rewrite the geometries of GeoJSON `features` (dicts, changed in place) from CRS84 into `crs`."""
    if crs.is_crs84:
        return features
    points = []
    for feature in features:
        geometry = feature.get("geometry")
        if geometry:
            _walk(geometry["coordinates"], points)
    if points:
        first, second = crs.from_lon_lat([p[0] for p in points], [p[1] for p in points])
        for point, a, b in zip(points, first, second):
            point[0], point[1] = round(a, crs.decimals), round(b, crs.decimals)
    return features
