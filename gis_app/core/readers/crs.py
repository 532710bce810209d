"""What the coordinate system a GIS file declares means for the importer: never a silent guess.

- none declared, or WGS84: raw coordinates, and the user's choice (WGS84 or VN-2000) applies;
- VN-2000 by name (datum "Vietnam 2000", EPSG:9205–9218, 3405, 3406…): the explicit VN-2000 pipeline;
- a Transverse Mercator on the WGS84 ellipsoid whose datum carries the VN-2000 shift (QGIS's custom VN-2000
  `+towgs84=…` CRS; its .prj loses the TOWGS84 clause and keeps the numbers in the datum name
  "D_Unknown_based_on_WGS84_ellipsoid_using_towgs84_-191_904…"): VN-2000, the pipeline applies. GDAL read it as
  WGS84 and put the points ~225 m off (the size of the shift);
- the same projection with no datum shift at all, or a TM-3 zone on the WGS84 datum ("looks like VN-2000"):
  refused unless the user chose VN-2000 with that central meridian, which is then an explicit choice
  (`unconfirmed`);
- any other CRS PROJ knows: transformed by GDAL;
- a CRS nobody knows (GeoJSON `"crs": "EPSG:999999"`, which GDAL silently reads as WGS84, or a .prj GDAL cannot
  parse): refused, naming the CRS and the ones accepted.
"""
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from pyproj import CRS
from pyproj.exceptions import CRSError

from gis_app.core.importing import ImportFailed

from .. import vn2000
from .table import StreamedTable, Table, unreadable

# The official VN-2000 → WGS 84 translation (metres); a declared shift within 5 m of it is VN-2000's, whichever
# rotation convention its seven numbers were written in.
VN2000_SHIFT = (vn2000.HELMERT["x"], vn2000.HELMERT["y"], vn2000.HELMERT["z"])
SHIFT_TOLERANCE_M = 5.0
TM_SCALES = (vn2000.TM3_SCALE, 0.9996)
VIETNAM_MERIDIANS = (102.0, 111.0)
ACCEPTED = ("WGS 84 (EPSG:4326, OGC:CRS84); VN-2000 (EPSG:4756) and its TM-3 and UTM projections "
            "(EPSG:9205–9218, 3405, 3406); or another CRS with an EPSG code that PROJ knows")


@dataclass
class Decision:
    vn2000: tuple[float, float] | None = None  # (central meridian, scale): the explicit VN-2000 pipeline applies
    transformed: bool = False  # GDAL transforms the layer's CRS to EPSG:4326
    unconfirmed: tuple[float, float] | None = None  # (central meridian, scale): VN-2000 only if the user chose it
    note: str = ""


def meridian_text(meridian: float) -> str:
    degrees = int(meridian)
    minutes = round((meridian - degrees) * 60)
    return f"{degrees}°{minutes:02d}′" if minutes else f"{degrees}°"


def unknown(source: str, name: str) -> ImportFailed:
    return unreadable(source, _("The coordinate system “%(crs)s” declared by the file is not one the importer knows. "
                                "Accepted: %(accepted)s.") % {"crs": name, "accepted": ACCEPTED})


def _values(proj4):
    return dict(re.findall(r"\+(\w+)=([^ ]+)", proj4))


def tm_projection(proj4: str) -> tuple[float, float] | None:
    """(central meridian, scale) of a Transverse Mercator like VN-2000's TM-3/UTM zones, else None."""
    values = _values(proj4)
    if "+proj=utm" in proj4 and "+south" not in proj4:
        return int(values["zone"]) * 6 - 183, 0.9996
    if "+proj=tmerc" in proj4 and float(values.get("lat_0", 0)) == 0 and float(values.get("x_0", 0)) == 500000 \
            and float(values.get("y_0", 0)) == 0:
        meridian, scale = float(values["lon_0"]), float(values.get("k", 1))
        if VIETNAM_MERIDIANS[0] <= meridian <= VIETNAM_MERIDIANS[1] and scale in TM_SCALES:
            return meridian, scale
    return None


def shift_in_name(datum_name: str | None) -> tuple[float, ...] | None:
    """The seven numbers GDAL writes into an ESRI datum name for a `+towgs84` it cannot keep, else None."""
    match = re.search(r"towgs84_((?:-?\d+_?)+)$", datum_name or "", re.IGNORECASE)
    if not match:
        return None
    parts = match.group(1).strip("_").split("_")
    if len(parts) != 14:  # each of the seven numbers as integer_fraction; anything else is ambiguous
        return None
    return tuple(float(f"{parts[i]}.{parts[i + 1]}") for i in range(0, 14, 2))


def is_vn2000_shift(shift: Sequence[float] | None) -> bool:
    return shift is not None and sum((a - b) ** 2 for a, b in zip(shift[:3], VN2000_SHIFT)) ** 0.5 <= SHIFT_TOLERANCE_M


def decide(srs: Any, source: str, declared: str | None = None) -> Decision:
    """The Decision for a layer whose GDAL spatial reference is `srs` (None when it has none or GDAL could not
    read it); `declared` is the CRS text the file itself holds (.prj or GeoJSON "crs"), when any."""
    if srs is None:
        if declared:
            raise unknown(source, declared)
        return Decision()
    datum = str(srs["DATUM"] or "")
    proj4 = srs.proj4
    if srs.geographic and "wgs" in datum.lower() and "+datum=WGS84" in proj4:
        return Decision()
    if not srs.projected:
        return Decision(transformed=True, note=srs.name)
    projection = tm_projection(proj4)
    if projection and "vietnam" in datum.lower():
        return Decision(vn2000=projection)
    if projection and "+datum=" not in proj4 and "+ellps=WGS84" in proj4:
        towgs84 = _values(proj4).get("towgs84")
        shift = tuple(float(v) for v in towgs84.split(",")) if towgs84 else shift_in_name(datum)
        if is_vn2000_shift(shift):
            return Decision(vn2000=projection)
        if shift is None:
            return Decision(unconfirmed=projection)
        if not towgs84:
            raise unknown(source, f"{srs.name} ({datum})")
    if projection and "+datum=WGS84" in proj4 and (projection[1] == vn2000.TM3_SCALE or looks_named_vn2000(srs)):
        # A TM-3 zone on the WGS84 datum is the VN-2000 grid defined without its shift (a common mistake), not a
        # projection anyone surveys in: ask. WGS84 UTM (EPSG:32648/32649) is a real one and is transformed.
        return Decision(unconfirmed=projection)
    return Decision(transformed=True, note=srs.name)


def looks_named_vn2000(srs: Any) -> bool:
    return bool(re.search(r"vn[\s_-]?2000", str(srs.name or ""), re.IGNORECASE))


def unconfirmed_refusal(source: str, projection: tuple[float, float]) -> ImportFailed:
    meridian, scale = projection
    return unreadable(source, _(
        "The file's coordinate system looks like VN-2000 (Transverse Mercator, central meridian %(meridian)s, "
        "scale %(scale)s) but declares no datum shift: read as WGS84 the points would land about 225 m off. "
        "Choose the coordinates “VN-2000” with central meridian %(meridian)s to import it as VN-2000, or save the "
        "layer with a VN-2000 CRS (for example EPSG:9210).")
        % {"meridian": meridian_text(meridian), "scale": scale})


def confirmed(table: Table | StreamedTable, choice: str | None, central_meridian: float | str | None) -> tuple[float, float] | None:
    """(central meridian, scale) of the VN-2000 projection to apply to `table`, or None (WGS84 or transformed):
    the layer's own VN-2000 projection, or the projection of a layer that only looks like VN-2000 when the user
    chose VN-2000 on that central meridian (the explicit choice); ImportFailed for a layer that looks like
    VN-2000 without that choice."""
    if table.vn2000:
        return table.vn2000
    projection = getattr(table, "vn2000_unconfirmed", None)
    if projection is None:
        return None
    if choice == "vn2000" and central_meridian is not None and abs(float(central_meridian) - projection[0]) < 1e-6:
        return projection
    raise unconfirmed_refusal(table.source, projection)


def declared_crs(path: str | Path, source: str) -> str | None:
    """The CRS text the file itself holds, for a file GDAL gave no CRS or possibly the wrong one: a GeoJSON's
    "crs" member, a Shapefile's .prj. None when the file declares none."""
    name = source.lower()
    if name.endswith((".geojson", ".json")):
        return _geojson_crs(path)
    if name.endswith(".zip"):
        try:
            with zipfile.ZipFile(path) as archive:
                prj = next((n for n in archive.namelist() if n.lower().endswith(".prj")), None)
                return archive.read(prj).decode("utf-8", "replace").strip() if prj else None
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
    if name.endswith(".shp"):
        prj_file = Path(path).with_suffix(".prj")
        return prj_file.read_text("utf-8", "replace").strip() if prj_file.exists() else None
    return None


GEOJSON_HEAD = 256 * 1024


def _geojson_crs(path):
    """The "crs" member's name (or EPSG code) of a GeoJSON; searched in the file's head (where every writer puts
    it: ogr2ogr, QGIS, ArcGIS) and, for a small file, anywhere."""
    with open(path, "rb") as handle:
        head = handle.read(GEOJSON_HEAD).decode("utf-8", "replace")
    match = re.search(r'"crs"\s*:\s*(\{(?:[^{}]|\{[^{}]*\})*\})', head)
    if not match:
        return None
    try:
        member = json.loads(match.group(1))
    except ValueError:
        return match.group(1)[:120]
    properties = member.get("properties") or {}
    if "name" in properties:
        return str(properties["name"])
    if "code" in properties:
        return f"EPSG:{properties['code']}"
    return json.dumps(member, ensure_ascii=False)[:120]


def check_geojson_crs(name: str, source: str) -> None:
    """Refuse a GeoJSON CRS that PROJ does not know (GDAL reads any such file as WGS84 without a word)."""
    try:
        CRS.from_user_input(name)
    except CRSError:
        raise unknown(source, name)


__all__ = ["Decision", "decide", "declared_crs", "check_geojson_crs", "unconfirmed_refusal"]
