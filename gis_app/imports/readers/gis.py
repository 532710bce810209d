"""GeoJSON, GeoPackage and (zipped) Shapefile through GDAL: attributes as columns, geometries in EPSG:4326.

A layer with a declared CRS is transformed by GDAL/PROJ, except VN-2000 Transverse Mercator layers: for those
PROJ picks, inside part of Bình Dương, the offshore "Mekong delta blocks" transformation (0.8 m off the onshore
one), so their raw coordinates are kept and the importer's explicit VN-2000 pipeline applies (`Table.vn2000`).
A layer without a CRS, or declaring WGS84, keeps its raw coordinates and the caller's coordinate choice (WGS84 or
VN-2000) applies.
"""
import re

from django.contrib.gis.gdal import CoordTransform, DataSource, GDALException, SpatialReference
from django.utils.translation import gettext as _

from .table import Table, check_not_empty, clean_header, clean_value, unreadable


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


def read(path, source):
    try:
        datasource = DataSource(gdal_path(path, source))
    except GDALException:
        raise unreadable(source, _("GDAL cannot read this file: it is damaged or not a %(format)s file.")
                         % {"format": source.rsplit(".", 1)[-1].upper()})
    if datasource.layer_count == 0:
        raise unreadable(source, _("The file holds no layer."))
    layer = datasource[0]
    columns = [clean_header(name) for name in layer.fields]
    transform, notes = None, [_("Layer: %(layer)s") % {"layer": layer.name}]
    vn2000 = vn2000_projection(layer.srs)
    if vn2000:
        notes.append(_("Coordinates in %(crs)s (VN-2000, central meridian %(meridian)s°, scale %(scale)s)")
                     % {"crs": layer.srs.name, "meridian": vn2000[0], "scale": vn2000[1]})
    elif layer.srs is not None and not is_wgs84(layer.srs):
        transform = CoordTransform(layer.srs, SpatialReference(4326))
        notes.append(_("Coordinates transformed from %(crs)s") % {"crs": layer.srs.name})
    rows, geometries = [], []
    try:
        for feature in layer:
            rows.append({column: clean_value(feature.get(name)) for column, name in zip(columns, layer.fields)})
            geometry = feature_geometry(feature)
            if geometry is not None and transform is not None:
                geometry.transform(transform)
            geometries.append(geometry)
    except GDALException as error:
        raise unreadable(source, _("GDAL stopped reading the file: %(error)s") % {"error": error})
    return check_not_empty(Table(source, columns, rows, geometries, transformed=transform is not None, notes=notes,
                                 vn2000=vn2000))
