"""VN-2000 TM-3 coordinates reach WGS84 within 1 m of independently derived references.

No surveyed control point with published coordinates in both systems was available offline, so the references
are built from the published *definitions*, by two routes that share no code with the importer's pipeline:

1. On the central meridian a Transverse Mercator easting is the false easting and the northing is k0 times the
   meridian arc. The arc is integrated numerically here (Simpson's rule on the WGS84 ellipse, the VN-2000
   ellipsoid), inverted by bisection, and the official 7 parameters (Decision 05/2007/QĐ-BTNMT, as EPSG records
   them: coordinate-frame rotations) are applied by hand in Earth-centred coordinates. Pure Python, no PROJ.
2. Off the meridian: PROJ's own EPSG definitions, EPSG:9210 "VN-2000 / TM-3 105-45" to EPSG:4326 through the
   EPSG onshore transformation "VN-2000 to WGS 84 (2)", chosen by name from PROJ's candidates.
"""
import math

import pytest
from pyproj import Geod, Transformer
from pyproj.transformer import TransformerGroup

from gis_app.core import vn2000

A, F = 6378137.0, 1 / 298.257223563
E2 = F * (2 - F)
GEOD = Geod(ellps="WGS84")
SECONDS = math.pi / 180 / 3600


def meridian_arc(lat):
    """Length of the meridian from the equator to `lat` (radians), by Simpson's rule."""
    steps = 2000
    h = lat / steps
    def m(phi):
        return A * (1 - E2) / (1 - E2 * math.sin(phi) ** 2) ** 1.5
    return h / 3 * sum((1 if i in (0, steps) else 4 if i % 2 else 2) * m(i * h) for i in range(steps + 1))


def latitude_from_arc(arc):
    low, high = 0.0, math.pi / 2
    for _ in range(80):
        mid = (low + high) / 2
        low, high = (mid, high) if meridian_arc(mid) < arc else (low, mid)
    return (low + high) / 2


def to_ecef(lon, lat):
    n = A / math.sqrt(1 - E2 * math.sin(lat) ** 2)
    return n * math.cos(lat) * math.cos(lon), n * math.cos(lat) * math.sin(lon), n * (1 - E2) * math.sin(lat)


def from_ecef(x, y, z):
    lon, p = math.atan2(y, x), math.hypot(x, y)
    lat = math.atan2(z, p * (1 - E2))
    for _ in range(10):
        n = A / math.sqrt(1 - E2 * math.sin(lat) ** 2)
        lat = math.atan2(z + E2 * n * math.sin(lat), p)
    return lon, lat


def helmert_coordinate_frame(x, y, z):
    p = vn2000.HELMERT
    rx, ry, rz = (p[k] * SECONDS for k in ("rx", "ry", "rz"))
    s = 1 + p["s"] * 1e-6
    # Coordinate frame rotation (EPSG method 9607): the transposed small-angle matrix of the position vector one.
    return (p["x"] + s * (x + rz * y - ry * z),
            p["y"] + s * (-rz * x + y + rx * z),
            p["z"] + s * (ry * x - rx * y + z))


def reference_on_meridian(northing, central_meridian):
    lat = latitude_from_arc(northing / vn2000.TM3_SCALE)
    lon, lat = from_ecef(*helmert_coordinate_frame(*to_ecef(math.radians(central_meridian), lat)))
    return math.degrees(lon), math.degrees(lat)


def metres_between(a, b):
    return GEOD.inv(a[0], a[1], b[0], b[1])[2]


@pytest.mark.parametrize("northing", [1_200_000.0, 1_230_000.0, 1_265_000.0])  # Bình Dương spans ~1.20–1.27 Mm
@pytest.mark.parametrize("central_meridian", [105.75, 107.75])
def test_point_on_the_central_meridian_matches_the_hand_computed_reference(northing, central_meridian):
    ours = vn2000.to_wgs84(vn2000.FALSE_EASTING, northing, central_meridian)
    assert metres_between(ours, reference_on_meridian(northing, central_meridian)) < 0.01


def epsg_onshore_transformer():
    group = TransformerGroup("EPSG:9210", "EPSG:4326", always_xy=True)
    [onshore] = [t for t in group.transformers if "VN-2000 to WGS 84 (2)" in t.description]
    return onshore


@pytest.mark.parametrize("easting,northing", [(560_000, 1_205_000), (600_000, 1_230_000), (640_000, 1_270_000)])
def test_point_off_the_meridian_matches_proj_epsg_9210_within_a_centimetre(easting, northing):
    ours = vn2000.to_wgs84(easting, northing)
    reference = epsg_onshore_transformer().transform(easting, northing)
    assert metres_between(ours, reference) < 0.01


def test_pasting_the_parameters_into_towgs84_would_misplace_points_by_about_a_metre():
    """Why the pipeline is explicit: +towgs84 reads rotations the other way round (position vector)."""
    naive = Transformer.from_crs(
        "+proj=tmerc +lat_0=0 +lon_0=105.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84="
        + ",".join(str(vn2000.HELMERT[k]) for k in ("x", "y", "z", "rx", "ry", "rz", "s")) + " +units=m +no_defs",
        "EPSG:4326", always_xy=True)
    gap = metres_between(vn2000.to_wgs84(600_000, 1_230_000), naive.transform(600_000, 1_230_000))
    assert 0.3 < gap < 2


def test_easting_and_northing_given_the_wrong_way_round_are_detected():
    assert vn2000.looks_swapped(1_230_000, 600_000)
    assert not vn2000.looks_swapped(600_000, 1_230_000)


def test_pipeline_equals_the_position_vector_form_gdal_exports_for_epsg_9210():
    """GDAL writes EPSG:9210 as PROJ4 with the rotations negated (position vector form); same points to 1 cm."""
    from django.contrib.gis.gdal import SpatialReference
    proj4 = SpatialReference(9210).proj4
    assert "+towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372" in proj4
    gdal_form = Transformer.from_crs(proj4, "EPSG:4326", always_xy=True)
    for easting, northing in [(560_000, 1_205_000), (598_868.607, 1_216_207.72), (640_000, 1_270_000)]:
        assert metres_between(vn2000.to_wgs84(easting, northing), gdal_form.transform(easting, northing)) < 0.01
