"""GeoJSON features of a layer, built by PostGIS (json_build_object + ST_AsGeoJSON), and their count and extent."""
from django.core.cache import cache
from django.db import connection

from .versions import data_version

COORDINATE_DECIMALS = 7  # ~1 cm at the equator


def _properties_sql(layer):
    """(SQL, params) of a json_build_object over the public fields; keys are bound, not formatted."""
    parts, params = [], []
    for name, column in layer.field_columns():
        parts.append(f"%s, t.{column}")
        params.append(name)
    return "json_build_object(" + ", ".join(parts) + ")", params


def features_json(layer, queryset, limit=None, offset=0, feature_ids=True):
    """The features of `queryset` (ordered by id) as a JSON array text: [{"type": "Feature", …}, …].

    `feature_ids=False` leaves out the member "id" (the "id" property stays): GDAL would read both
    into one text field.
    """
    if limit is not None:
        queryset = queryset.order_by("pk")[offset:offset + limit]
    inner_sql, inner_params = layer.select(queryset)
    properties, property_params = _properties_sql(layer)
    member_id = "'id', t._id, " if feature_ids else ""
    sql = (
        f"SELECT coalesce(json_agg(json_build_object('type', 'Feature', {member_id}"
        f"'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(t._geom), {COORDINATE_DECIMALS})::json, "  # RFC 7946 §3.1.6
        f"'properties', {properties}) "
        f"ORDER BY t._id), '[]')::text FROM ({inner_sql}) t"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*property_params, *inner_params])
        return cursor.fetchone()[0]


def feature_json(layer, feature_id):
    """One feature as GeoJSON text, or None when the layer has no public feature with this id."""
    text = features_json(layer, layer.filtered().filter(pk=feature_id))
    return None if text == "[]" else text[1:-1]


def feature_collection_json(layer, queryset, feature_ids=True):
    """All features of `queryset` as a GeoJSON FeatureCollection text."""
    return '{"type": "FeatureCollection", "features": ' + features_json(layer, queryset, feature_ids=feature_ids) + "}"


def extent(layer):
    """[minLon, minLat, maxLon, maxLat] of the layer's public features, or None when it is empty.

    Kept in the cache per data version: with a million rows the scan takes about a second.
    """
    key = f"layers:extent:{data_version(layer)}"
    bounds = cache.get(key, "missing")
    if bounds == "missing":
        bounds = _extent(layer)
        cache.set(key, bounds, 24 * 3600)
    return bounds


def _extent(layer):
    inner_sql, params = layer.select(layer.filtered(), fields=())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(t._geom) e "
            f"FROM ({inner_sql}) t) s",
            params,
        )
        row = cursor.fetchone()
    return None if row[0] is None else [round(v, 6) for v in row]
