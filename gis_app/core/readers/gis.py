"""GeoJSON, GeoPackage and (zipped) Shapefile through GDAL: attributes as columns, geometries in EPSG:4326.

A layer with a declared CRS is transformed by GDAL/PROJ, except VN-2000 Transverse Mercator layers: for those
PROJ picks, inside part of Bình Dương, the offshore "Mekong delta blocks" transformation (0.8 m off the onshore
one), so their raw coordinates are kept and the importer's explicit VN-2000 pipeline applies (`Table.vn2000`).
A layer without a CRS, or declaring WGS84, keeps its raw coordinates and the caller's coordinate choice (WGS84 or
VN-2000) applies. What a declared CRS means, and which are refused, is decided in `crs.py`; Shapefile text is
decoded in `dbf.py` (not by GDAL's iconv, which truncates CP1258).
"""
import os
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.gis.gdal import CoordTransform, DataSource, GDALException, OGRGeometry, SpatialReference
from django.utils.translation import gettext as _

from gis_app.core.importing import ImportFailed

from . import crs, dbf
from .spreadsheet import check_unpacked
from .table import StreamedTable, Table, check_limits, clean_header, clean_value, too_many_vertices, unreadable


def gdal_path(path: str | Path, source: str) -> str:
    # A zipped Shapefile is read inside the archive: GDAL's virtual file system finds the .shp in it.
    return f"/vsizip/{path}" if source.lower().endswith(".zip") else str(path)


def feature_geometry(feature: Any) -> OGRGeometry | None:
    try:
        return feature.geom.clone()
    except GDALException:  # a feature without geometry
        return None


def source_size(path: str | Path, source: str) -> int:
    """Bytes GDAL will read: the file, or the unpacked members of a zip (checked before GDAL opens it)."""
    if source.lower().endswith(".zip"):
        try:
            with zipfile.ZipFile(path) as archive:
                return sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError):
            raise unreadable(source, _("GDAL cannot read this file: it is damaged or not a %(format)s file.")
                             % {"format": "ZIP"})
    return os.path.getsize(path)


def vertex_count(geometry: Any) -> int:
    try:
        return geometry.point_count
    except (GDALException, AttributeError):
        return 0


def _layer(path, source):
    try:
        datasource = DataSource(gdal_path(path, source))
    except GDALException:
        raise unreadable(source, _("GDAL cannot read this file: it is damaged or not a %(format)s file.")
                         % {"format": source.rsplit(".", 1)[-1].upper()})
    if datasource.layer_count == 0:
        raise unreadable(source, _("The file holds no layer."))
    return datasource, datasource[0]


def open_table(path: str | Path, source: str) -> StreamedTable:
    """The first layer as a StreamedTable: size and feature count checked first, features read one by one,
    vertices counted as they come (the file is refused past OCOP_IMPORT_MAX_VERTICES)."""
    check_limits(source, size=os.path.getsize(path))
    size = source_size(path, source)
    if source.lower().endswith(".zip"):
        check_unpacked(source, size)
    _datasource, layer = _layer(path, source)
    check_limits(source, rows=layer.num_feat)
    try:
        attributes = dbf.read(path, source, layer.name)
    except UnicodeDecodeError as error:
        raise not_encoded(source, error.encoding)
    columns = [clean_header(name) for name in (attributes.names if attributes else layer.fields)]
    notes = [_("Layer: %(layer)s") % {"layer": layer.name}]
    if attributes:
        notes.append(_("Text encoding: %(encoding)s") % {"encoding": attributes.encoding})
    declared = crs.declared_crs(path, source)
    if declared and source.lower().endswith((".geojson", ".json")):
        crs.check_geojson_crs(declared, source)
    decision = crs.decide(layer.srs, source, declared)
    vn2000, transformed = decision.vn2000, decision.transformed
    if vn2000:
        notes.append(_("Coordinates in %(crs)s (VN-2000, central meridian %(meridian)s°, scale %(scale)s)")
                     % {"crs": layer.srs.name, "meridian": vn2000[0], "scale": vn2000[1]})
    elif decision.unconfirmed:
        notes.append(_("Coordinates in a Transverse Mercator like VN-2000 (central meridian %(meridian)s°), "
                       "declaring no datum shift") % {"meridian": decision.unconfirmed[0]})
    elif transformed:
        notes.append(_("Coordinates transformed from %(crs)s") % {"crs": layer.srs.name})
    row_count = layer.num_feat

    def stream():
        datasource, layer = _layer(path, source)
        transform = CoordTransform(layer.srs, SpatialReference(4326)) if transformed else None
        vertices, limit = 0, settings.OCOP_IMPORT_MAX_VERTICES
        try:
            for number, feature in enumerate(layer, start=1):
                if attributes:  # the Shapefile's own record, decoded by dbf.py (GDAL's FID is its number)
                    fid = feature.fid
                    values = attributes.records[fid] if 0 <= fid < len(attributes.records) else None
                    row = {column: clean_value(value) for column, value in zip(columns, values or [])}
                else:
                    row = {column: clean_value(feature[i].value) for i, column in enumerate(columns)}
                geometry = feature_geometry(feature)
                if geometry is not None:
                    vertices += vertex_count(geometry)
                    if vertices > limit:
                        raise too_many_vertices(source, vertices)
                    if transform is not None:
                        geometry.transform(transform)
                yield number, row, geometry
        except GDALException as error:
            raise unreadable(source, _("GDAL stopped reading the file: %(error)s") % {"error": error})
        del datasource

    if not [c for c in columns if c]:
        raise unreadable(source, _("The file has no header row."))
    return StreamedTable(source, columns, row_count, stream, geometric=True, transformed=transformed, notes=notes,
                         vn2000=vn2000, vn2000_unconfirmed=decision.unconfirmed)


def not_encoded(source: str, encoding: str) -> ImportFailed:
    return unreadable(source, _("The attribute table is not valid %(encoding)s text, the encoding its .cpg file "
                                "names: save it again with a .cpg naming its real encoding (UTF-8 or 1258).")
                      % {"encoding": str(encoding).upper()})


def read(path: str | Path, source: str) -> Table:
    return open_table(path, source).materialize()
