"""Routing on the road network with pgRouting: snapping, travel-time matrices and road routes.

Places are snapped to the nearest point of the nearest edge and routed as
pgRouting "points" (`pgr_withPoints*`), so a route starts and ends where the
place meets the road, not at the closest junction. The graph is read from
RoadEdge through EDGES_SQL by each pgRouting call, which builds it in memory: a
plan makes two calls (matrix, then all legs at once); no table is created per
request. Every value reaches SQL as a bound parameter:
the points query handed to pgRouting is itself a parameter, its arrays quoted
by the driver.
"""
from dataclasses import dataclass

from django.contrib.gis.geos import GEOSGeometry
from django.db import connection

from .graph import EDGES_SQL

SNAP_SQL = """
SELECT t.i, s.edge_id, s.fraction, s.distance_m
FROM unnest(%s::float8[], %s::float8[]) WITH ORDINALITY AS t(lon, lat, i)
CROSS JOIN LATERAL (
    SELECT c.id AS edge_id, ST_LineLocatePoint(c.geom, c.p) AS fraction,
           ST_Distance(c.geom::geography, c.p::geography) AS distance_m
    FROM (
        -- KNN in degrees picks candidates with the index; metres decide among them.
        SELECT e.id, e.geom, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326) AS p
        FROM roads_roadedge e
        ORDER BY e.geom <-> ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)
        LIMIT 8
    ) c
    ORDER BY distance_m, c.id
    LIMIT 1
) s
ORDER BY t.i
"""

# pgRouting loses points that sit exactly on a vertex (fraction 0 or 1): keep them a hair inside the edge.
EDGE_MARGIN = 1e-6

POINTS_SQL = ("SELECT unnest(%s::bigint[]) AS pid, unnest(%s::bigint[]) AS edge_id, "
              "unnest(%s::float8[]) AS fraction")

MATRIX_SQL = """
SELECT start_vid, end_vid, agg_cost
FROM pgr_withPointsCostMatrix(%s, %s, %s::bigint[], directed => true, driving_side => 'b')
"""

COMBINATIONS_SQL = "SELECT unnest(%s::bigint[]) AS source, unnest(%s::bigint[]) AS target"

# Every leg in one pgRouting call (one graph build): each path step is cut to the
# part of its edge actually driven (points sit inside edges), reversed when the
# edge is driven target → source.
LEGS_SQL = """
WITH path AS (
    SELECT seq, start_pid, end_pid, node, edge, cost
    FROM pgr_withPoints(%(edges)s, %(points)s, %(combinations)s,
                        directed => true, driving_side => 'b', details => false)
), pts AS (
    SELECT pid, fraction FROM unnest(%(pids)s::bigint[], %(fractions)s::float8[]) AS p(pid, fraction)
), steps AS (
    SELECT seq, start_pid, end_pid, node, edge, cost,
           lead(node) OVER (PARTITION BY start_pid, end_pid ORDER BY seq) AS next_node
    FROM path
), pieces AS (
    SELECT s.seq, s.start_pid, s.end_pid, s.cost, e.length_m, e.geom,
           CASE WHEN s.node < 0 THEN (SELECT fraction FROM pts WHERE pid = -s.node)
                WHEN s.node = e.source_id THEN 0.0 ELSE 1.0 END AS f0,
           CASE WHEN s.next_node < 0 THEN (SELECT fraction FROM pts WHERE pid = -s.next_node)
                WHEN s.next_node = e.target_id THEN 1.0 ELSE 0.0 END AS f1
    FROM steps s JOIN roads_roadedge e ON e.id = s.edge
)
SELECT start_pid, end_pid, sum(cost), sum(length_m * abs(f1 - f0)),
       ST_AsEWKB(ST_MakeLine(CASE WHEN f0 <= f1 THEN ST_LineSubstring(geom, f0, f1)
                                  ELSE ST_Reverse(ST_LineSubstring(geom, f1, f0)) END ORDER BY seq))
FROM pieces
GROUP BY start_pid, end_pid
"""


@dataclass
class Snap:
    edge_id: int
    fraction: float
    distance_m: float


@dataclass
class Leg:
    cost_s: float
    length_m: float
    geometry: GEOSGeometry  # LineString in EPSG:4326, None when both ends are the same point


def snap(points):
    """For each (lon, lat), the Snap to the nearest edge, or None for all when there is no network."""
    if not points:
        return []
    with connection.cursor() as cursor:
        cursor.execute(SNAP_SQL, [[p[0] for p in points], [p[1] for p in points]])
        rows = cursor.fetchall()
    if not rows:
        return [None] * len(points)
    return [Snap(edge_id, min(max(fraction, EDGE_MARGIN), 1 - EDGE_MARGIN), distance)
            for _, edge_id, fraction, distance in rows]


def _points_sql(cursor, snaps):
    """The pgRouting points query for `snaps`, numbered 1..n (pgRouting refers to them as -1..-n)."""
    pids = list(range(1, len(snaps) + 1))
    sql = cursor.mogrify(POINTS_SQL, [pids, [s.edge_id for s in snaps], [s.fraction for s in snaps]])
    return sql.decode() if isinstance(sql, bytes) else sql


def travel_time_matrix(snaps):
    """n×n list of travel times in seconds between snapped points; None where a point cannot be reached."""
    n = len(snaps)
    matrix = [[0.0 if i == j else None for j in range(n)] for i in range(n)]
    if n < 2:
        return matrix
    with connection.cursor() as cursor:
        cursor.execute(MATRIX_SQL, [EDGES_SQL, _points_sql(cursor, snaps), [-(i + 1) for i in range(n)]])
        for start, end, cost in cursor.fetchall():
            matrix[-start - 1][-end - 1] = cost
    # Two points at the same place on the same edge are zero apart even if pgRouting skips the pair.
    for i in range(n):
        for j in range(n):
            if matrix[i][j] is None and snaps[i].edge_id == snaps[j].edge_id and snaps[i].fraction == snaps[j].fraction:
                matrix[i][j] = 0.0
    return matrix


def route_legs(snaps, order):
    """The Leg between each consecutive pair of `order` (indexes into snaps); None for a pair with no road."""
    def same_place(a, b):
        return snaps[a].edge_id == snaps[b].edge_id and snaps[a].fraction == snaps[b].fraction

    pairs = [(a, b) for a, b in zip(order, order[1:])]
    wanted = sorted({(a, b) for a, b in pairs if not same_place(a, b)})
    found = {}
    if wanted:
        with connection.cursor() as cursor:
            combinations = cursor.mogrify(COMBINATIONS_SQL, [[-(a + 1) for a, _ in wanted],
                                                             [-(b + 1) for _, b in wanted]])
            cursor.execute(LEGS_SQL, {
                "edges": EDGES_SQL, "points": _points_sql(cursor, snaps),
                "combinations": combinations.decode() if isinstance(combinations, bytes) else combinations,
                "pids": list(range(1, len(snaps) + 1)), "fractions": [s.fraction for s in snaps],
            })
            for start, end, cost, length, wkb in cursor.fetchall():
                found[(-start - 1, -end - 1)] = Leg(cost, length, GEOSGeometry(memoryview(wkb)))
    return [Leg(0.0, 0.0, None) if same_place(a, b) else found.get((a, b)) for a, b in pairs]
