"""Mapbox vector tiles of a layer, encoded by PostGIS (ST_AsMVT, ST_AsMVTGeom, ST_TileEnvelope).

Point layers stay small at any density: below `cluster_below_zoom`, and in any
tile holding more than MAX_POINTS points, points are aggregated on a grid of
CELL_PX × CELL_PX pixel cells anchored to the world (so cells agree across
tiles). A tile then holds at most (EXTENT + 2·BUFFER)² / CELL_PX² = 66² = 4,356
cells, each a point with `count` (and `id` when it holds one point): ~20 bytes
a cell, under 100 KB whatever the number of producers. A tile of single points
holds at most MAX_POINTS features with the layer's few tile fields.

One round trip per uncached tile: the data version, the choice between points
and the grid (a count up to MAX_POINTS + 1) and `ST_AsMVT` are one statement.
The grid of a layer's unfiltered public points is precomputed per data
version for every zoom up to PRECOMPUTED_MAX_ZOOM (layers_tilegridcell: cells
of the finest zoom from the points, coarser ones summed from the finer, as
cells nest): a z8 tile of a million producers reads ~4,000 cells by index
instead of aggregating every point. Filtered tiles aggregate their points live.
"""
from django.db import connection, transaction

from .versions import version_sql

EXTENT = 4096
BUFFER = 64  # pixels of margin: symbols near the edge are drawn by both neighbouring tiles
MARGIN = BUFFER / EXTENT
CELL_PX = 64
MAX_POINTS = 1000
WORLD_M = 2 * 20037508.342789244  # width of the web-mercator world (EPSG:3857)
PRECOMPUTED_MAX_ZOOM = 12  # 153 m cells: ~200,000 cells for a province, built in about a second at 1M points
CELLS_PER_TILE = EXTENT // CELL_PX  # 64
KEEP_BUILDS = 2  # grids kept per layer: the newest and the one before (requests still finishing on it)


def _in_tile(layer, queryset, z, x, y):
    return queryset.filter(layer.tile_condition(z, x, y, MARGIN))


def _cell_m(z):
    return WORLD_M / 2 ** z * CELL_PX / EXTENT


def tile(layer, queryset, z, x, y, unfiltered=False):
    """The MVT bytes of tile z/x/y for `queryset` (a narrowed `layer.filtered()`); b"" when empty.

    `unfiltered`: `queryset` is `layer.filtered()` itself, so the precomputed grid may stand for it.
    """
    return versioned_tile(layer, queryset, z, x, y, unfiltered)[1]


def versioned_tile(layer, queryset, z, x, y, unfiltered=False):
    """(data version, MVT bytes) of tile z/x/y, read in one statement (one snapshot, one round trip)."""
    sql, params, precomputed = _tile_statement(layer, queryset, z, x, y, unfiltered)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        version, needs_grid, build, data = cursor.fetchone()
    if precomputed and needs_grid and build is None:
        build_grid(layer)  # first grid tile of this data version: compute the grid once, then read it
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            version, needs_grid, build, data = cursor.fetchone()
        if build is None:  # the data changed meanwhile: aggregate this tile live
            return versioned_tile(layer, queryset, z, x, y, unfiltered=False)
    return version, bytes(data) if data is not None else b""


def _tile_statement(layer, queryset, z, x, y, unfiltered):
    """(sql, params, uses the precomputed grid) of: version, grid needed?, grid build id, tile bytes."""
    v_sql, v_params = version_sql(layer)
    rows = _in_tile(layer, queryset, z, x, y)
    ctes = [f"v AS (SELECT {v_sql} AS version)"]
    params = [*v_params]
    precomputed = layer.is_point and unfiltered and z <= PRECOMPUTED_MAX_ZOOM
    ctes.append("b AS (SELECT id FROM layers_tilegridbuild WHERE layer = %s AND version = (SELECT version FROM v))")
    params.append(layer.id)
    if not layer.is_point:
        needs_grid, needs_params = "false", []
    elif z < layer.cluster_below_zoom:
        needs_grid, needs_params = "true", []
    else:
        count_sql, count_params = rows.order_by().values("pk")[:MAX_POINTS + 1].query.sql_with_params()
        needs_grid, needs_params = f"((SELECT count(*) FROM ({count_sql}) c) > {MAX_POINTS})", list(count_params)
    ctes.append(f"g AS (SELECT {needs_grid} AS needed)")
    params += needs_params
    if precomputed:
        grid_sql, grid_params = _cells_grid_sql(layer, z, x, y)
    else:
        grid_sql, grid_params = _live_grid_sql(layer, rows, z, x, y)
    features_sql, features_params = _feature_sql(layer, rows, z, x, y)
    sql = (
        "WITH " + ", ".join(ctes) + " SELECT (SELECT version FROM v), (SELECT needed FROM g), (SELECT id FROM b), "
        f"CASE WHEN (SELECT needed FROM g) THEN ({grid_sql}) ELSE ({features_sql}) END"
    )
    return sql, [*params, *grid_params, *features_params], precomputed


def _feature_sql(layer, rows, z, x, y):
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
    return sql, [layer.id, z, x, y, *inner_params]


def _projected_points_sql(inner_sql):
    return (f"SELECT t._id, ST_X(g) AS px, ST_Y(g) AS py FROM ("
            f"SELECT s._id, ST_Transform(s._geom, 3857) AS g FROM ({inner_sql}) s) t")


def _live_grid_sql(layer, rows, z, x, y):
    cell_m = _cell_m(z)
    inner_sql, inner_params = layer.select(rows, fields=())
    sql = (
        f"SELECT ST_AsMVT(m, %s, {EXTENT}, 'geom') FROM ("
        f"SELECT ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(avg(p.px), avg(p.py)), 3857), ST_TileEnvelope(%s, %s, %s), "
        f"{EXTENT}, {BUFFER}, true) AS geom, count(*)::int AS count, "
        f"CASE WHEN count(*) = 1 THEN min(p._id) END AS id "
        f"FROM ({_projected_points_sql(inner_sql)}) p "
        f"GROUP BY floor(p.px / %s), floor(p.py / %s)) m WHERE m.geom IS NOT NULL"
    )
    return sql, [layer.id, z, x, y, *inner_params, cell_m, cell_m]


def _cells_grid_sql(layer, z, x, y):
    """The grid tile from the precomputed cells: the tile's 64 × 64 cells and one cell of margin around."""
    half = 2 ** z * CELLS_PER_TILE // 2  # cell index of the world's centre line (EPSG:3857 origin)
    x0 = x * CELLS_PER_TILE - half
    y_top = half - y * CELLS_PER_TILE  # y grows southwards in tile addresses, northwards in metres
    sql = (
        f"SELECT ST_AsMVT(m, %s, {EXTENT}, 'geom') FROM ("
        f"SELECT ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(c.sx / c.n, c.sy / c.n), 3857), ST_TileEnvelope(%s, %s, %s), "
        f"{EXTENT}, {BUFFER}, true) AS geom, c.n AS count, CASE WHEN c.n = 1 THEN c.min_id END AS id "
        f"FROM layers_tilegridcell c WHERE c.build_id = (SELECT id FROM b) AND c.z = %s "
        f"AND c.cx BETWEEN %s AND %s AND c.cy BETWEEN %s AND %s) m WHERE m.geom IS NOT NULL"
    )
    return sql, [layer.id, z, x, y, z, x0 - 1, x0 + CELLS_PER_TILE, y_top - CELLS_PER_TILE - 1, y_top]


def build_grid(layer):
    """Compute the grid of the layer's unfiltered public points at the current data version (idempotent).

    One statement reads the version and the points in one snapshot and writes the finest zoom's cells;
    coarser zooms are sums of the finer cells. An advisory lock keeps concurrent builders to one.
    """
    v_sql, v_params = version_sql(layer)
    inner_sql, inner_params = layer.select(layer.filtered(), fields=())
    finest = PRECOMPUTED_MAX_ZOOM
    cell_m = _cell_m(finest)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('layers_tilegrid:' || %s))", [layer.id])
        cursor.execute(
            f"WITH v AS (SELECT {v_sql} AS version), "
            f"b AS (INSERT INTO layers_tilegridbuild (layer, version, built_at) SELECT %s, v.version, now() FROM v "
            f"ON CONFLICT (layer, version) DO NOTHING RETURNING id), "
            f"c AS (INSERT INTO layers_tilegridcell (build_id, z, cx, cy, n, sx, sy, min_id) "
            f"SELECT b.id, %s, floor(p.px / %s)::int, floor(p.py / %s)::int, count(*), sum(p.px), sum(p.py), "
            f"min(p._id) FROM b, ({_projected_points_sql(inner_sql)}) p GROUP BY b.id, 3, 4 RETURNING 1) "
            f"SELECT (SELECT id FROM b), (SELECT count(*) FROM c)",
            [*v_params, layer.id, finest, cell_m, cell_m, *inner_params],
        )
        build_id, _cells = cursor.fetchone()
        if build_id is None:  # built meanwhile by another request
            return
        for z in range(finest - 1, -1, -1):
            # Cells nest: cell (cx, cy) of zoom z + 1 lies in cell (cx >> 1, cy >> 1) of zoom z (floor division).
            cursor.execute(
                "INSERT INTO layers_tilegridcell (build_id, z, cx, cy, n, sx, sy, min_id) "
                "SELECT build_id, %s, cx >> 1, cy >> 1, sum(n), sum(sx), sum(sy), min(min_id) "
                "FROM layers_tilegridcell WHERE build_id = %s AND z = %s GROUP BY build_id, cx >> 1, cy >> 1",
                [z, build_id, z + 1],
            )
        cursor.execute(
            "WITH old AS (SELECT id FROM layers_tilegridbuild WHERE layer = %s ORDER BY id DESC OFFSET %s), "
            "gone AS (DELETE FROM layers_tilegridcell WHERE build_id IN (SELECT id FROM old)) "
            "DELETE FROM layers_tilegridbuild WHERE id IN (SELECT id FROM old)",
            [layer.id, KEEP_BUILDS],
        )
