"""Published tourism sites and producers near a route, in the order the route passes them."""
from django.db import connection

from gis_app.core.publishing import Status

MAX_ALONG_M = 5000

# ST_DWithin on the geography columns uses their GiST indexes. The position
# (0 = start, 1 = end) is located in UTM 48N: in degrees, the nearest part of a
# route that passes a place twice can be the wrong one.
ALONG_SQL = """
WITH route AS (SELECT ST_Transform(%(route)s::geometry, 32648) AS u, %(route)s::geography AS gg)
SELECT kind, id, name, lon, lat, distance_m, position FROM (
    SELECT 'site' AS kind, s.id, s.name, ST_X(s.location::geometry) AS lon, ST_Y(s.location::geometry) AS lat,
           ST_Distance(s.location, route.gg) AS distance_m,
           ST_LineLocatePoint(route.u, ST_Transform(s.location::geometry, 32648)) AS position
    FROM registry_tourismsite s, route
    WHERE s.status = %(published)s AND ST_DWithin(s.location, route.gg, %(distance)s)
      AND NOT s.id = ANY(%(sites)s::bigint[])
    UNION ALL
    SELECT 'producer', p.id, p.name, ST_X(p.location::geometry), ST_Y(p.location::geometry),
           ST_Distance(p.location, route.gg), ST_LineLocatePoint(route.u, ST_Transform(p.location::geometry, 32648))
    FROM registry_producer p, route
    WHERE p.status = %(published)s AND ST_DWithin(p.location, route.gg, %(distance)s)
      AND NOT p.id = ANY(%(producers)s::bigint[])
) found
ORDER BY position, distance_m, kind, id
"""


def along_route(route, distance_m, exclude_sites=(), exclude_producers=()):
    """Dicts (kind, id, name, lon, lat, distance_m, position) of what lies within distance_m of `route`."""
    with connection.cursor() as cursor:
        cursor.execute(ALONG_SQL, {"route": route.ewkt, "published": Status.PUBLISHED, "distance": distance_m, "sites": list(exclude_sites),
                                   "producers": list(exclude_producers)})
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]
