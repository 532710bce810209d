"""VN-2000 projected coordinates (TM-3 zones) to WGS84 longitude/latitude, with pyproj.

The pipeline is written out rather than left to PROJ's choice of operation, so that the result never depends on
which grids or database version a machine has:

1. inverse Transverse Mercator on the WGS84 ellipsoid (VN-2000 uses it), scale 0.9999 for TM-3 zones,
   false easting 500 000 m, the province's central meridian (Bình Dương: 105°45′ = 105.75°);
2. the official 7-parameter Helmert shift VN-2000 → WGS 84 (Decision 05/2007/QĐ-BTNMT), in the
   *coordinate frame* rotation convention as the EPSG dataset records it (transformation "VN-2000 to WGS 84 (2)",
   used by EPSG:4756 → EPSG:4326). Note: pasting the same seven numbers into a PROJ4 `+towgs84=` string applies
   them in the *position vector* convention (rotations reversed), which moves points by 0.5–1.3 m in Bình Dương.
"""
from functools import lru_cache

from pyproj import Transformer

HELMERT = {"x": -191.90441429, "y": -39.30318279, "z": -111.45032835,
           "rx": -0.00928836, "ry": 0.01975479, "rz": -0.00427372, "s": 0.252906278}
TM3_SCALE = 0.9999
FALSE_EASTING = 500000
BINH_DUONG_MERIDIAN = 105.75
# Plausible ranges in Vietnam, to tell a northing from an easting (and a VN-2000 file from a lon/lat one).
NORTHING_RANGE = (900_000, 2_700_000)
EASTING_RANGE = (100_000, 900_000)


def pipeline(central_meridian: float, scale: float = TM3_SCALE) -> str:
    """The PROJ pipeline from VN-2000 TM easting/northing (metres) to WGS84 lon/lat (degrees)."""
    helmert = " ".join(f"+{k}={v}" for k, v in HELMERT.items())
    return (
        "+proj=pipeline "
        f"+step +inv +proj=tmerc +lat_0=0 +lon_0={central_meridian} +k={scale} +x_0={FALSE_EASTING} +y_0=0 "
        "+ellps=WGS84 "
        "+step +proj=push +v_3 +step +proj=cart +ellps=WGS84 "
        f"+step +proj=helmert {helmert} +convention=coordinate_frame "
        "+step +inv +proj=cart +ellps=WGS84 +step +proj=pop +v_3 "
        "+step +proj=unitconvert +xy_in=rad +xy_out=deg"
    )


@lru_cache(maxsize=16)
def transformer(central_meridian: float = BINH_DUONG_MERIDIAN, scale: float = TM3_SCALE) -> Transformer:
    return Transformer.from_pipeline(pipeline(central_meridian, scale))


def to_wgs84(easting: float, northing: float, central_meridian: float = BINH_DUONG_MERIDIAN, scale: float = TM3_SCALE) -> tuple[float, float]:
    """(lon, lat) in WGS84 of a VN-2000 TM point given as easting (Y in Vietnamese surveys) and northing (X).

    `scale` is 0.9999 for TM-3 zones, 0.9996 for VN-2000 / UTM (6° zones).
    """
    return transformer(central_meridian, scale).transform(easting, northing)


def looks_swapped(easting: float, northing: float) -> bool:
    """True when the values fit Vietnam only the other way round (the Vietnamese X is the northing)."""
    def inside(value, bounds):
        return bounds[0] <= value <= bounds[1]
    return (not (inside(easting, EASTING_RANGE) and inside(northing, NORTHING_RANGE))
            and inside(northing, EASTING_RANGE) and inside(easting, NORTHING_RANGE))
