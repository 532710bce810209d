"""The road network as supply studies use it: is it there, and where points join it."""
from django.db import connection
from django.utils.translation import gettext as _

from gis_app.core.errors import InputError
from gis_app.roads.graph import require_network

# A point farther than this from every road vertex is off the network (a producer reached on foot or by boat).
DEFAULT_MAX_SNAP_M = 2000.0

# The network with every edge turned round: one Dijkstra from each member over it gives the travel times
# from every candidate to that member, instead of one Dijkstra per candidate.
REVERSED_EDGES_SQL = (
    "SELECT id, target_id AS source, source_id AS target, cost_s AS cost, reverse_cost_s AS reverse_cost "
    "FROM roads_roadedge"
)

# KNN on the planar index finds a few candidates; the geodesic distance picks the nearest among them.
SNAP_SQL = """
SELECT q.key, v.id, v.distance_m
FROM unnest(%s::bigint[], %s::float8[], %s::float8[]) AS q(key, lon, lat)
CROSS JOIN LATERAL (
    SELECT near.id, ST_Distance(near.geom::geography, ST_SetSRID(ST_MakePoint(q.lon, q.lat), 4326)::geography)
           AS distance_m
    FROM (SELECT id, geom FROM roads_roadvertex
          ORDER BY geom <-> ST_SetSRID(ST_MakePoint(q.lon, q.lat), 4326) LIMIT 8) AS near
    ORDER BY distance_m, near.id
    LIMIT 1
) AS v
"""


def snap(points):
    """{key: (vertex id, distance in metres)} of the nearest road vertex to each (key, lon, lat)."""
    points = list(points)
    if not points:
        return {}
    keys, lons, lats = zip(*points)
    with connection.cursor() as cursor:
        cursor.execute(SNAP_SQL, [list(keys), list(lons), list(lats)])
        return {key: (vertex, distance) for key, vertex, distance in cursor.fetchall()}


def snap_start(name, lon, lat, max_snap_m=DEFAULT_MAX_SNAP_M):
    """The vertex a trip from lon/lat starts at; a 422 naming `name` if the point is off or cut from the network."""
    require_network()
    vertex, distance = snap([(0, lon, lat)])[0]
    if distance > max_snap_m:
        raise InputError(name, _("The point is %(distance).0f m from the nearest road, farther than the "
                                 "%(max).0f m allowed.") % {"distance": distance, "max": max_snap_m},
                         status_code=422)
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM roads_roadedge WHERE (source_id = %s AND cost_s >= 0) "
                       "OR (target_id = %s AND reverse_cost_s >= 0))", [vertex, vertex])
        if not cursor.fetchone()[0]:
            raise InputError(name, _("The nearest road to the point is not connected to the network."),
                             status_code=422)
    return vertex, distance
