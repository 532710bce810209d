"""GeoJSON features of a layer, built by PostGIS (json_build_object + ST_AsGeoJSON), and their count and extent."""
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from gis_app.core import geojson

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
    sql, params = _features_sql(layer, queryset, feature_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _features_sql(layer, queryset, feature_ids=True, aggregate=True):
    """(sql, params) of the features of `queryset`: a JSON array text, or one row per feature."""
    inner_sql, inner_params = layer.select(queryset)
    properties, property_params = _properties_sql(layer)
    member_id = "'id', t._id, " if feature_ids else ""
    feature = (f"json_build_object('type', 'Feature', {member_id}"
               f"'geometry', {geojson.sql('t._geom', COORDINATE_DECIMALS)}::json, "  # RFC 7946 §3.1.6
               f"'properties', {properties})")
    if aggregate:
        sql = f"SELECT coalesce(json_agg({feature} ORDER BY t._id), '[]')::text FROM ({inner_sql}) t"
    else:
        sql = f"SELECT {feature}::text FROM ({inner_sql}) t ORDER BY t._id"
    return sql, [*property_params, *inner_params]


STREAM_ROWS = 2000  # features fetched at a time by write_feature_collection


def write_feature_collection(layer, queryset, handle, feature_ids=True, progress=None, transform=None):
    """Write the features of `queryset` as a GeoJSON FeatureCollection to the text file `handle`.

    Row by row through a server-side cursor, STREAM_ROWS at a time: memory stays bounded whatever the
    number of features (a million-row export held the whole JSON text in memory, twice). `progress(n)`
    is called with the number of features written so far; `transform(text)`, if given, rewrites each
    feature's JSON text. Returns that number.
    """
    sql, params = _features_sql(layer, queryset, feature_ids, aggregate=False)
    written = 0

    def batches(cursor):
        nonlocal written
        while rows := cursor.fetchmany(STREAM_ROWS):
            texts = (row[0] for row in rows) if transform is None else (transform(row[0]) for row in rows)
            yield geojson.Raw(",".join(texts))
            written += len(rows)
            if progress:
                progress(written)

    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        handle.writelines(geojson.chunks(batches(cursor), separator=","))
    return written


# `numberMatched` is optional in OGC API – Features: counting every match of a large box costs as much as
# the whole index scan, whatever the page size, so matches are counted up to this bound (or up to the end
# of the requested page, if further) and `numberMatched` is left out beyond it.
MATCH_COUNT_BOUND = 1000
BIGINT_MAX = 2 ** 63 - 1  # PostgreSQL's LIMIT and OFFSET are bigints


@dataclass(frozen=True)
class Page:
    features: str  # JSON array text of the page's features, in id order
    matched: int | None  # number of matches, or None when there are more than the bound
    returned: int
    has_next: bool


def page(layer, queryset, limit, offset=0, bbox=None, params=None):
    """One page of the OGC items of `queryset` (a narrowed `layer.filtered()`), ordered by id.

    One statement, one round trip, and the box's index hits are read once:
    - `hits`: up to the count bound of matching ids, in no order (the scan stops at the bound), which gives
      `numberMatched` when there are fewer;
    - when the hits are all the matches, the page is the top of them by id (no second scan);
    - when there are more, the page is the ids' own walk in id order, filtered, which stops after about
      `limit` rows wherever the box is dense (the planner sees the box's true selectivity: core.spatial).
    The unused branch is a one-time filter: PostgreSQL does not run it. The public fields (related names
    included) are read for the page's ids only, with the values of the request's days (`params`: its filters,
    e.g. `units_on`; `Layer.dated`).
    """
    if bbox is not None:
        queryset = queryset.filter(layer.box_condition(bbox))
    count_upto = min(max(MATCH_COUNT_BOUND, offset + limit) + 1, BIGINT_MAX)
    hits_sql, hits_params = queryset.order_by().values("pk")[:count_upto].query.sql_with_params()
    walk_sql, walk_params = queryset.order_by("pk").values("pk")[offset:offset + limit].query.sql_with_params()
    page_ids = (
        "SELECT pk FROM (SELECT pk FROM hits ORDER BY pk LIMIT %s OFFSET %s) few "
        "WHERE (SELECT count(*) FROM hits) < %s "
        f"UNION ALL SELECT * FROM ({walk_sql}) many WHERE (SELECT count(*) FROM hits) >= %s"
    )
    rows = layer.dated(layer.queryset().filter(
        pk__in=RawSQL(page_ids, [limit, offset, count_upto, *walk_params, count_upto])), params)
    features_sql, features_params = _features_sql(layer, rows)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH hits(pk) AS MATERIALIZED ({hits_sql}) "
                       f"SELECT (SELECT count(*) FROM hits), ({features_sql})", [*hits_params, *features_params])
        counted, features = cursor.fetchone()
    exact = counted < count_upto
    return Page(features=features, matched=counted if exact else None,
                returned=max(0, min(limit, counted - offset)), has_next=counted > offset + limit)


def feature_json(layer, feature_id):
    """One feature as GeoJSON text, or None when the layer has no public feature with this id.

    One short statement: the SQL of `layer.filtered().filter(pk=…)` is compiled once per layer and day
    (the day is a parameter of some layers, e.g. stars in force) and reused with the id bound.
    """
    sql, params = _single_statement(layer, timezone.localdate())
    with connection.cursor() as cursor:
        cursor.execute(sql, [feature_id if p is _ID else p for p in params])
        row = cursor.fetchone()
    return row[0] if row else None


_ID = object()  # stands for the requested id among the compiled parameters
_ID_PLACEHOLDER = -987654321987
_single_statements = {}


def _single_statement(layer, day):
    key = (layer.id, day)
    statement = _single_statements.get(key)
    if statement is None:
        sql, params = _features_sql(layer, layer.filtered().filter(pk=_ID_PLACEHOLDER), aggregate=False)
        params = [_ID if p == _ID_PLACEHOLDER else p for p in params]
        if params.count(_ID) != 1:
            raise ValueError(f"layer {layer.id}: the id is not a single parameter of its query")
        statement = (sql, params)
        if any(k[1] != day for k in list(_single_statements)):
            _single_statements.clear()  # one day's statements at a time
        _single_statements[key] = statement
    return statement


def feature_collection_json(layer, queryset, feature_ids=True):
    """All features of `queryset` as a GeoJSON FeatureCollection text."""
    return geojson.text(geojson.Raw(features_json(layer, queryset, feature_ids=feature_ids)))


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
