"""The routing graph as pgRouting reads it: one edges query, shared by every routing function.

Pass EDGES_SQL as a *bound parameter* to pgr_* functions (it is a constant,
never built from request values).
"""
from django.db import connection

EDGES_SQL = (
    "SELECT id, source_id AS source, target_id AS target, cost_s AS cost, reverse_cost_s AS reverse_cost "
    "FROM roads_roadedge"
)


def network_loaded():
    """True when the road network has at least one edge."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM roads_roadedge)")
        return cursor.fetchone()[0]


def nearest_vertex(lon, lat):
    """(vertex id, distance in metres) of the network vertex nearest to lon/lat, or None without a network."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography) "
            "FROM roads_roadvertex ORDER BY geom <-> ST_SetSRID(ST_MakePoint(%s, %s), 4326) LIMIT 1",
            [lon, lat, lon, lat],
        )
        return cursor.fetchone()
