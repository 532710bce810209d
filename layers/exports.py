"""Exports of a layer to the files GIS users exchange, written by GDAL/OGR (ogr2ogr), never by hand.

The features come from the same SQL as the OGC API (filters, bbox, public
fields only) as a GeoJSON file; ogr2ogr converts it. Request values never
reach a command line: they only narrow the queryset, whose SQL is bound.
"""
import json
import os
import subprocess
import tempfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from gis_app.core.csv_safe import safe_properties
from gis_app.core.errors import InputError

from .features import feature_collection_json


@dataclass(frozen=True)
class Format:
    driver: str
    suffix: str  # file name suffix, also the URL suffix
    content_type: str
    options: tuple = ()


FORMATS = {
    "geojson": Format("GeoJSON", "geojson", "application/geo+json", ("-lco", "RFC7946=YES")),
    # UTF-8 with a byte-order mark: Excel then shows Vietnamese correctly.
    # Numbers unquoted, text quoted only where it must be.
    "csv": Format("CSV", "csv", "text/csv; charset=utf-8",
                  ("-lco", "WRITE_BOM=YES", "-lco", "STRING_QUOTING=IF_NEEDED")),
    "kml": Format("KML", "kml", "application/vnd.google-earth.kml+xml", ("-dsco", "NameField=name")),
    "gpkg": Format("GPKG", "gpkg", "application/geopackage+sqlite3"),
    # GDAL (≥ 3.1) writes a zipped shapefile itself when the name ends in .shp.zip.
    "shp.zip": Format("ESRI Shapefile", "shp.zip", "application/zip", ("-lco", "ENCODING=UTF-8")),
}

OGR2OGR_TIMEOUT_S = 300


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


def export_layer(layer, queryset, suffix, path):
    """Write the features of `queryset` (a narrowed `layer.filtered()`) to `path` in format `suffix`."""
    fmt = get_format(suffix)
    with tempfile.TemporaryDirectory(prefix="ocop-export-") as work:
        source = os.path.join(work, "features.geojson")
        text = feature_collection_json(layer, queryset, feature_ids=False)
        if fmt.driver == "CSV":  # text a spreadsheet would run as a formula gets a leading quote
            text = json.dumps(safe_properties(json.loads(text)), ensure_ascii=False)
        with open(source, "w", encoding="utf-8") as handle:
            handle.write(text)
        command = ["ogr2ogr", "-f", fmt.driver, *fmt.options, *_geometry_options(layer, fmt),
                   "-nln", layer.id, path, source]
        done = subprocess.run(command, capture_output=True, text=True, timeout=OGR2OGR_TIMEOUT_S)
        if done.returncode != 0:
            raise RuntimeError(f"ogr2ogr failed ({done.returncode}): {done.stderr.strip()}")
    return path


def export_bytes(layer, queryset, suffix):
    """The export of `queryset` in format `suffix`, as bytes."""
    fmt = get_format(suffix)
    with tempfile.TemporaryDirectory(prefix="ocop-export-") as work:
        path = export_layer(layer, queryset, suffix, os.path.join(work, f"{layer.id}.{fmt.suffix}"))
        with open(path, "rb") as handle:
            return handle.read()
