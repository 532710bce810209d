"""GeoJSON, GeoPackage and (zipped) Shapefile through GDAL: attributes as columns, geometries in EPSG:4326.

A layer with a declared CRS is transformed by GDAL/PROJ; a layer without one keeps its raw coordinates and the
caller's coordinate choice (WGS84 or VN-2000) applies.
"""
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
    if layer.srs is not None:
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
    return check_not_empty(Table(source, columns, rows, geometries, transform is not None, notes))
