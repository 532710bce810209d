"""Exports of a layer to the files GIS users exchange, written by GDAL/OGR (ogr2ogr), never by hand; Excel
workbooks by openpyxl, so that cells are typed (layers/xlsx.py).

The features come from the same SQL as the OGC API (filters, bbox, public
fields only) as a GeoJSON file; ogr2ogr converts it. Request values never
reach a command line: they only narrow the queryset, whose SQL is bound.
"""
import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from gis_app.core.csv_safe import safe_feature_text
from gis_app.core.errors import InputError

from .features import write_feature_collection
from .xlsx import write_xlsx


@dataclass(frozen=True)
class Format:
    driver: str
    suffix: str  # file name suffix, also the URL suffix
    content_type: str
    options: tuple = ()
    # What leaves the server of what ogr2ogr wrote: the file itself, or for CSV with its types
    # ("csv_types": the .csvt sidecar alone; "csv_zip": the .csv and its .csvt in one zip), or "xlsx": a
    # workbook openpyxl writes (no ogr2ogr).
    package: str = "file"


FORMATS = {
    "geojson": Format("GeoJSON", "geojson", "application/geo+json", ("-lco", "RFC7946=YES")),
    # UTF-8 with a byte-order mark: Excel then shows Vietnamese correctly.
    # Numbers unquoted, text quoted only where it must be.
    "csv": Format("CSV", "csv", "text/csv; charset=utf-8",
                  ("-lco", "WRITE_BOM=YES", "-lco", "STRING_QUOTING=IF_NEEDED")),
    # The same CSV with its column types made explicit (GDAL's CREATE_CSVT): QGIS and GDAL read the .csvt next
    # to the .csv, so phones and codes keep their leading zeros instead of being guessed as integers.
    "csv.zip": Format("CSV", "csv.zip", "application/zip",
                      ("-lco", "WRITE_BOM=YES", "-lco", "STRING_QUOTING=IF_NEEDED", "-lco", "CREATE_CSVT=YES"),
                      package="csv_zip"),
    # The sidecar alone, at the .csv's URL with .csvt: GDAL fetches it by itself when it opens
    # /vsicurl/…/export/{layer}.csv.
    "csvt": Format("CSV", "csvt", "text/plain; charset=utf-8",
                   ("-lco", "WRITE_BOM=YES", "-lco", "STRING_QUOTING=IF_NEEDED", "-lco", "CREATE_CSVT=YES"),
                   package="csv_types"),
    "kml": Format("KML", "kml", "application/vnd.google-earth.kml+xml", ("-dsco", "NameField=name")),
    "gpkg": Format("GPKG", "gpkg", "application/geopackage+sqlite3"),
    # GDAL (≥ 3.1) writes a zipped shapefile itself when the name ends in .shp.zip. RESIZE=YES: each text
    # field as wide as its longest value (GDAL grows a field up to the DBF's 254 bytes, then shrinks it to
    # fit), not a fixed 80; what does not fit is reported (ShapefileLimits), never cut silently.
    "shp.zip": Format("ESRI Shapefile", "shp.zip", "application/zip",
                      ("-lco", "ENCODING=UTF-8", "-lco", "RESIZE=YES"), package="shapefile"),
    "xlsx": Format("", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", package="xlsx"),
}

OGR2OGR_TIMEOUT_S = 300
DBF_TEXT_BYTES = 254  # the widest character field a DBF holds, in bytes (UTF-8: Vietnamese letters take 2-3)
SHAPEFILE_NOTE = "GHI_CHU.txt"  # the note in the zip: what the DBF's limits changed


def _dbf_text(value):
    """The text GDAL writes in a DBF for a GeoJSON property value (a list as "(n:a,b)"), or None if not text."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return f"({len(value)}:{','.join(str(item) for item in value)})"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return None


class ShapefileLimits:
    """Watches the features on their way to ogr2ogr (a `write_feature_collection` transform) for texts longer
    than a DBF field holds: GDAL cuts them to 254 bytes with one warning per layer, so each is listed here."""

    def __init__(self):
        self.rows = 0
        self.properties = None  # the property names in GeoJSON order (the DBF's field order)
        self.cut = []  # (row number from 1, record name, property, bytes)

    def __call__(self, text):
        properties = json.loads(text).get("properties") or {}
        if self.properties is None:
            self.properties = list(properties)
        self.rows += 1
        for name, value in properties.items():
            written = _dbf_text(value)
            if written is not None and len(written.encode()) > DBF_TEXT_BYTES:
                self.cut.append((self.rows, properties.get("name") or "", name, len(written.encode())))
        return text

    def renamed(self, path):
        """(property, DBF field) pairs where the DBF's 10-character names changed a name."""
        from django.contrib.gis.gdal import DataSource

        if not self.properties:
            return []
        fields = DataSource(f"/vsizip/{path}")[0].fields
        return [(name, field) for name, field in zip(self.properties, fields) if name != field]

    def note(self, path):
        """The note's text (in the active language), or "" when the DBF changed nothing."""
        renamed, lines = self.renamed(path), []
        if self.cut:
            lines += [_("These texts are longer than the %(bytes)s bytes a DBF field holds (a shapefile's limit): "
                        "the shapefile has only their first %(bytes)s bytes. The full texts are in the GeoPackage, "
                        "GeoJSON, CSV and XLSX exports of the same layer.") % {"bytes": DBF_TEXT_BYTES}, ""]
            lines += [_("row %(row)s (%(name)s): %(field)s, %(size)s bytes") % {
                "row": row, "name": name, "field": field, "size": size} for row, name, field, size in self.cut]
            lines.append("")
        if renamed:
            lines += [_("Field names shortened to the DBF's 10 characters:"), ""]
            lines += [f"{name} → {field}" for name, field in renamed]
        return "\n".join(lines).strip()

    def add_note(self, path):
        text = self.note(path)
        if text:
            with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(SHAPEFILE_NOTE, text + "\n")


def get_format(suffix, field="format"):
    try:
        return FORMATS[suffix]
    except KeyError:
        raise InputError(field, _("Unknown export format “%(format)s”. Known formats: %(known)s.")
                         % {"format": suffix, "known": ", ".join(FORMATS)}, status_code=404)


def _geometry_options(layer, fmt):
    options = ["-nlt", layer.geometry_type.upper()]
    if fmt.driver == "CSV":
        options += ["-lco", "GEOMETRY=" + ("AS_XY" if layer.is_point else "AS_WKT")]
    return options


def export_layer(layer, queryset, suffix, path, progress=None, cut_texts=None):
    """Write the features of `queryset` (a narrowed `layer.filtered()`) to `path` in format `suffix`.

    The features are streamed to a GeoJSON file (bounded memory), which ogr2ogr converts;
    `progress(n)` hears how many features are written. A shapefile's texts too long for its DBF are
    listed in the zip's note and appended to the list `cut_texts` if given.
    """
    fmt = get_format(suffix)
    if fmt.package == "xlsx":
        write_xlsx(layer, queryset, path, progress=progress)
        return path
    with tempfile.TemporaryDirectory(prefix="ocop-export-") as work:
        source = os.path.join(work, "features.geojson")
        # In a CSV, text a spreadsheet would run as a formula gets a leading quote (gis_app/core/csv_safe.py).
        limits = ShapefileLimits() if fmt.package == "shapefile" else None
        transform = safe_feature_text if fmt.driver == "CSV" else limits
        with open(source, "w", encoding="utf-8") as handle:
            write_feature_collection(layer, queryset, handle, feature_ids=False, progress=progress,
                                     transform=transform)
        target = path if fmt.package in ("file", "shapefile") else os.path.join(work, f"{layer.id}.csv")
        command = ["ogr2ogr", "-f", fmt.driver, *fmt.options, *_geometry_options(layer, fmt),
                   "-nln", layer.id, target, source]
        done = subprocess.run(command, capture_output=True, text=True, timeout=OGR2OGR_TIMEOUT_S)
        if done.returncode != 0:
            raise RuntimeError(f"ogr2ogr failed ({done.returncode}): {done.stderr.strip()}")
        if limits is not None:
            limits.add_note(path)
            if cut_texts is not None:
                cut_texts.extend(limits.cut)
        types = os.path.join(work, f"{layer.id}.csvt")
        if fmt.package == "csv_types":
            shutil.copyfile(types, path)
        elif fmt.package == "csv_zip":
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(target, f"{layer.id}.csv")
                archive.write(types, f"{layer.id}.csvt")
    return path


def export_bytes(layer, queryset, suffix, cut_texts=None):
    """The export of `queryset` in format `suffix`, as bytes (`cut_texts`: see export_layer)."""
    fmt = get_format(suffix)
    with tempfile.TemporaryDirectory(prefix="ocop-export-") as work:
        path = export_layer(layer, queryset, suffix, os.path.join(work, f"{layer.id}.{fmt.suffix}"),
                            cut_texts=cut_texts)
        with open(path, "rb") as handle:
            return handle.read()
