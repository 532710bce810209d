"""Collection points: per cluster, the road vertex with the least total travel time to the cluster's producers.

Travel time runs from the collection point to each producer (a truck going out
to collect), along directed edge costs, between the vertices that points snap
to. The candidates are the members' own vertices and every vertex within
`margin_m` of the cluster's hull; a candidate that cannot reach every member
ranks after those that can. The straight-line centroid, snapped the same way,
is scored against the same matrix, so the saving compares like with like.
"""
import json
from dataclasses import dataclass

from django.db import connection

from gis_app.roads.graph import EDGES_SQL, require_network

from .network import DEFAULT_MAX_SNAP_M, REVERSED_EDGES_SQL, snap

DEFAULT_MARGIN_M = 2000.0

# Rows: (vertex, members reached, total seconds, lon, lat, is_best). The best candidate, then the centroid's vertex.
TOTALS_SQL = """
WITH hull AS (SELECT ST_GeomFromGeoJSON(%(hull)s) AS geom),
candidates AS (
    SELECT v.id FROM roads_roadvertex v, hull
    WHERE v.geom && ST_Expand(hull.geom, %(margin)s / 100000.0)
      AND ST_DWithin(v.geom::geography, hull.geom::geography, %(margin)s)
    UNION SELECT unnest(%(member_vertices)s::bigint[])
    UNION SELECT %(centroid_vertex)s
),
costs AS (
    SELECT start_vid AS member_vertex, end_vid AS vertex, agg_cost
    FROM pgr_dijkstraCost(%(edges)s, (SELECT array_agg(DISTINCT m) FROM unnest(%(member_vertices)s::bigint[]) m),
                          (SELECT array_agg(id) FROM candidates), true)
    UNION ALL SELECT DISTINCT m, m, 0 FROM unnest(%(member_vertices)s::bigint[]) m  -- pgRouting omits the diagonal
),
totals AS (
    SELECT c.vertex, count(*) AS reached, sum(c.agg_cost) AS total_s
    FROM unnest(%(member_vertices)s::bigint[]) AS m(vertex)  -- members sharing a vertex all count
    JOIN costs c ON c.member_vertex = m.vertex
    GROUP BY c.vertex
),
best AS (SELECT * FROM totals ORDER BY reached DESC, total_s, vertex LIMIT 1)
SELECT t.vertex, t.reached, t.total_s, ST_X(v.geom), ST_Y(v.geom), t.vertex = (SELECT vertex FROM best)
FROM totals t JOIN roads_roadvertex v ON v.id = t.vertex
WHERE t.vertex = (SELECT vertex FROM best) OR t.vertex = %(centroid_vertex)s
"""


@dataclass
class Site:
    vertex: int
    lon: float
    lat: float
    reached: int  # members this vertex reaches by road
    total_s: float  # sum of travel times to the members it reaches


@dataclass
class CollectionPoint:
    cluster_id: int
    best: Site
    centroid: Site | None  # the straight-line centroid's vertex; None if it reaches no member
    centroid_lonlat: tuple
    member_ids_at_best: list  # producers snapped to the best vertex (the point is "at" them)
    unreachable_ids: list  # members the best vertex cannot reach
    off_network_ids: list  # members farther than max_snap_m from any road

    @property
    def saving_s(self):
        """Seconds saved by the best point over the centroid, when both reach the same members."""
        if self.centroid is None or self.centroid.reached != self.best.reached:
            return None
        return self.centroid.total_s - self.best.total_s

    @property
    def saving_pct(self):
        if self.saving_s is None or not self.centroid.total_s:
            return None
        return 100.0 * self.saving_s / self.centroid.total_s


def collection_point(cluster, margin_m=DEFAULT_MARGIN_M, max_snap_m=DEFAULT_MAX_SNAP_M):
    """The CollectionPoint of a clustering.Cluster, or None when none of its members is near a road."""
    require_network()
    lon, lat = cluster.centroid["coordinates"]
    snapped = snap([(m["id"], m["lon"], m["lat"]) for m in cluster.members] + [(0, lon, lat)])
    centroid_vertex = snapped.pop(0)[0]
    on_network = {mid: vertex for mid, (vertex, distance) in snapped.items() if distance <= max_snap_m}
    if not on_network:
        return None
    params = {"hull": json.dumps(cluster.hull), "margin": margin_m, "member_vertices": list(on_network.values()),
              "centroid_vertex": centroid_vertex, "edges": REVERSED_EDGES_SQL}
    with connection.cursor() as cursor:
        cursor.execute(TOTALS_SQL, params)
        rows = cursor.fetchall()
    sites = {vertex: (Site(vertex, x, y, reached, total), is_best) for vertex, reached, total, x, y, is_best in rows}
    best = next(site for site, is_best in sites.values() if is_best)
    centroid = sites.get(centroid_vertex, (None, False))[0]
    reached_from_best = _reached_members(best.vertex, on_network)
    return CollectionPoint(
        cluster_id=cluster.id, best=best, centroid=centroid, centroid_lonlat=(lon, lat),
        member_ids_at_best=sorted(mid for mid, vertex in on_network.items() if vertex == best.vertex),
        unreachable_ids=sorted(set(on_network) - reached_from_best),
        off_network_ids=sorted(set(snapped) - set(on_network)),
    )


def _reached_members(vertex, on_network):
    """Ids of the members whose vertex `vertex` reaches by road."""
    if len(set(on_network.values())) == 1:
        return set(on_network)
    with connection.cursor() as cursor:
        cursor.execute("SELECT end_vid FROM pgr_dijkstraCost(%s, %s::bigint, %s::bigint[], true)",
                       [EDGES_SQL, vertex, sorted(set(on_network.values()))])
        reached = {row[0] for row in cursor.fetchall()} | {vertex}
    return {mid for mid, v in on_network.items() if v in reached}
