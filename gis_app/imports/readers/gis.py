"""GeoJSON, GeoPackage and (zipped) Shapefile through GDAL: attributes as columns, geometries in EPSG:4326.

A layer with a declared CRS is transformed by GDAL/PROJ, except VN-2000 Transverse Mercator layers: for those
PROJ picks, inside part of Bình Dương, the offshore "Mekong delta blocks" transformation (0.8 m off the onshore
one), so their raw coordinates are kept and the importer's explicit VN-2000 pipeline applies (`Table.vn2000`).
A layer without a CRS, or declaring WGS84, keeps its raw coordinates and the caller's coordinate choice (WGS84 or
VN-2000) applies.
"""
import os
import re
import zipfile

from django.conf import settings
from django.contrib.gis.gdal import CoordTransform, DataSource, GDALException, SpatialReference
from django.utils.translation import gettext as _

from .spreadsheet import check_unpacked
from .table import StreamedTable, check_limits, clean_header, clean_value, too_many_vertices, unreadable


def gdal_path(path, source):
    # A zipped Shapefile is read inside the archive: GDAL's virtual file system finds the .shp in it.
    return f"/vsizip/{path}" if source.lower().endswith(".zip") else str(path)


def feature_geometry(feature):
    try:
        return feature.geom.clone()
    except GDALException:  # a feature without geometry
        return None


def vn2000_projection(srs):
    """(central meridian, scale) of a VN-2000 Transverse Mercator/UTM CRS, else None."""
    if srs is None or not srs.projected or "vietnam" not in str(srs["DATUM"]).lower():
        return None
    proj4 = srs.proj4
    values = dict(re.findall(r"\+(\w+)=([^ ]+)", proj4))
    if "+proj=utm" in proj4 and "+south" not in proj4:
        return int(values["zone"]) * 6 - 183, 0.9996
    if "+proj=tmerc" in proj4 and float(values.get("lat_0", 0)) == 0 and float(values.get("x_0", 0)) == 500000 \
            and float(values.get("y_0", 0)) == 0:
        return float(values["lon_0"]), float(values.get("k", 1))
    return None


def is_wgs84(srs):
    """True for WGS84 longitude/latitude, which GeoJSON declares whatever its numbers are: the user's choice of
    coordinates then applies (a GeoJSON of VN-2000 metres is read as VN-2000 when VN-2000 is chosen)."""
    return srs.geographic and "wgs" in str(srs["DATUM"]).lower()


def source_size(path, source):
    """Bytes GDAL will read: the file, or the unpacked members of a zip (checked before GDAL opens it)."""
    if source.lower().endswith(".zip"):
        try:
            with zipfile.ZipFile(path) as archive:
                return sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError):
            raise unreadable(source, _("GDAL cannot read this file: it is damaged or not a %(format)s file.")
                             % {"format": "ZIP"})
    return os.path.getsize(path)


def vertex_count(geometry):
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


def open_table(path, source):
    """The first layer as a StreamedTable: size and feature count checked first, features read one by one,
    vertices counted as they come (the file is refused past OCOP_IMPORT_MAX_VERTICES)."""
    check_limits(source, size=os.path.getsize(path))
    size = source_size(path, source)
    if source.lower().endswith(".zip"):
        check_unpacked(source, size)
    _datasource, layer = _layer(path, source)
    check_limits(source, rows=layer.num_feat)
    columns = [clean_header(name) for name in layer.fields]
    fields = list(layer.fields)
    notes = [_("Layer: %(layer)s") % {"layer": layer.name}]
    vn2000 = vn2000_projection(layer.srs)
    transformed = False
    if vn2000:
        notes.append(_("Coordinates in %(crs)s (VN-2000, central meridian %(meridian)s°, scale %(scale)s)")
                     % {"crs": layer.srs.name, "meridian": vn2000[0], "scale": vn2000[1]})
    elif layer.srs is not None and not is_wgs84(layer.srs):
        transformed = True
        notes.append(_("Coordinates transformed from %(crs)s") % {"crs": layer.srs.name})
    row_count = layer.num_feat

    def stream():
        datasource, layer = _layer(path, source)
        transform = CoordTransform(layer.srs, SpatialReference(4326)) if transformed else None
        vertices, limit = 0, settings.OCOP_IMPORT_MAX_VERTICES
        try:
            for number, feature in enumerate(layer, start=1):
                row = {column: clean_value(feature.get(name)) for column, name in zip(columns, fields)}
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
                         vn2000=vn2000)


def read(path, source):
    return open_table(path, source).materialize()
