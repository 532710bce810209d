"""Mapbox vector tiles of a layer, encoded by PostGIS (ST_AsMVT, ST_AsMVTGeom, ST_TileEnvelope).

Point layers stay small at any density: below `cluster_below_zoom`, and in any
tile holding more than MAX_POINTS points, points are aggregated on a grid of
CELL_PX × CELL_PX pixel cells anchored to the world (so cells agree across
tiles). A tile then holds at most (EXTENT + 2·BUFFER)² / CELL_PX² = 66² = 4,356
cells, each a point with `count` (and `id` when it holds one point): ~20 bytes
a cell, under 100 KB whatever the number of producers. A tile of single points
holds at most MAX_POINTS features with the layer's few tile fields.
"""
from django.db import connection

EXTENT = 4096
BUFFER = 64  # pixels of margin: symbols near the edge are drawn by both neighbouring tiles
MARGIN = BUFFER / EXTENT
CELL_PX = 64
MAX_POINTS = 1000
WORLD_M = 2 * 20037508.342789244  # width of the web-mercator world (EPSG:3857)


def _in_tile(layer, queryset, z, x, y):
    return queryset.filter(layer.tile_condition(z, x, y, MARGIN))


def _count_upto(queryset, limit):
    return queryset.order_by()[:limit].count()


def tile(layer, queryset, z, x, y):
    """The MVT bytes of tile z/x/y for `queryset` (a narrowed `layer.filtered()`); b"" when empty."""
    rows = _in_tile(layer, queryset, z, x, y)
    if layer.is_point and (z < layer.cluster_below_zoom or _count_upto(rows, MAX_POINTS + 1) > MAX_POINTS):
        return _grid_tile(layer, rows, z, x, y)
    return _feature_tile(layer, rows, z, x, y)


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        data = cursor.fetchone()[0]
    return bytes(data) if data is not None else b""


def _feature_tile(layer, rows, z, x, y):
    fields = layer.tile_fields
    inner_sql, inner_params = layer.select(rows, fields=fields)
    # Column aliases are the catalogue's field names (constants), quoted; values are all bound.
    columns = "".join(f", t.{column} AS {connection.ops.quote_name(name)}"
                      for name, column in layer.field_columns(fields) if name != "id")
    sql = (
        f"SELECT ST_AsMVT(m, %s, {EXTENT}, 'geom', 'id') FROM ("
        f"SELECT t._id AS id, ST_AsMVTGeom(ST_Transform(t._geom, 3857), ST_TileEnvelope(%s, %s, %s), "
        f"{EXTENT}, {BUFFER}, true) AS geom{columns} FROM ({inner_sql}) t) m WHERE m.geom IS NOT NULL"
    )
    return _fetch(sql, [layer.id, z, x, y, *inner_params])


def _grid_tile(layer, rows, z, x, y):
    cell_m = WORLD_M / 2 ** z * CELL_PX / EXTENT
    inner_sql, inner_params = layer.select(rows, fields=())
    sql = (
        f"SELECT ST_AsMVT(m, %s, {EXTENT}, 'geom') FROM ("
        f"SELECT ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(avg(p.px), avg(p.py)), 3857), ST_TileEnvelope(%s, %s, %s), "
        f"{EXTENT}, {BUFFER}, true) AS geom, count(*)::int AS count, "
        f"CASE WHEN count(*) = 1 THEN min(p._id) END AS id "
        f"FROM (SELECT t._id, ST_X(g) AS px, ST_Y(g) AS py FROM ("
        f"SELECT s._id, ST_Transform(s._geom, 3857) AS g FROM ({inner_sql}) s) t) p "
        f"GROUP BY floor(p.px / %s), floor(p.py / %s)) m WHERE m.geom IS NOT NULL"
    )
    return _fetch(sql, [layer.id, z, x, y, *inner_params, cell_m, cell_m])

