"""Clusters of producers computed by PostGIS (DBSCAN or k-means in UTM 48N metres), with hulls and centroids.

One SQL statement labels every chosen producer with a window function and
aggregates the labels into clusters; Python only reshapes the few cluster rows.
Hulls are built on the stored WGS84 points, so that every member lies exactly
in its hull in the coordinates the API returns (over a cluster a few km wide
the lon/lat hull and the metric hull differ by millimetres).
"""
import json
from dataclasses import dataclass, field

from django.db import connection

from gis_app.core import geojson

from .selection import ProducerFilter

EPSG_METRIC = 32648
MAX_EPS_M = 50_000

# Constant SQL fragments chosen by name, never built from request values.
LABELS = {
    "dbscan": "ST_ClusterDBSCAN(xy, eps => %s, minpoints => %s) OVER ()",
    "kmeans": "ST_ClusterKMeans(xy, %s) OVER ()",
}
HULLS = {
    "convex": "ST_ConvexHull(ST_Collect(lonlat))",
    "concave": "ST_ConcaveHull(ST_Collect(lonlat), %s, false)",
}

CLUSTER_SQL = """
WITH chosen AS (
    SELECT p.id, p.ref, p.name, p.location::geometry AS lonlat,
           ST_Transform(p.location::geometry, {srid}) AS xy
    FROM registry_producer p
    WHERE p.id IN ({ids})
), labelled AS (
    SELECT chosen.*, {labels} AS cid FROM chosen
)
SELECT cid, count(*),
       json_agg(json_build_object('id', id, 'ref', ref, 'name', name, 'lon', ST_X(lonlat), 'lat', ST_Y(lonlat))
                ORDER BY id),
       CASE WHEN cid IS NOT NULL THEN {hull_geojson} END,
       CASE WHEN cid IS NOT NULL THEN {centroid_geojson} END
FROM labelled
GROUP BY cid
ORDER BY cid NULLS LAST
"""


def cluster_sql(ids_sql, method, hull):
    """CLUSTER_SQL for the producers `ids_sql`, labelled by `method`, hulls of kind `hull` (names, not values)."""
    return CLUSTER_SQL.format(srid=EPSG_METRIC, ids=ids_sql, labels=LABELS[method],
                              hull_geojson=geojson.sql(HULLS[hull], 7),
                              centroid_geojson=geojson.sql("ST_Transform(ST_Centroid(ST_Collect(xy)), 4326)", 7))


@dataclass
class Cluster:
    id: int
    size: int
    members: list  # [{"id", "ref", "name", "lon", "lat"}], by id
    hull: dict  # GeoJSON geometry (a Point or LineString for one or two distinct members)
    centroid: dict  # GeoJSON Point, the centroid computed in metres

    @property
    def member_ids(self):
        return [m["id"] for m in self.members]


@dataclass
class Clustering:
    method: str
    parameters: dict
    clusters: list = field(default_factory=list)
    noise: list = field(default_factory=list)  # members that DBSCAN left out, same shape as Cluster.members

    @property
    def producer_count(self):
        return sum(c.size for c in self.clusters) + len(self.noise)


def cluster_producers(selection: ProducerFilter, method="dbscan", eps_m=1000.0, min_points=3, k=None,
                      hull="convex", concavity=0.5):
    """Cluster the producers chosen by `selection`: DBSCAN (eps in metres, minimum points) or k-means (k)."""
    ids_sql, ids_params = selection.ids_sql()
    label_params = [eps_m, min_points] if method == "dbscan" else [k]
    hull_params = [concavity] if hull == "concave" else []
    sql = cluster_sql(ids_sql, method, hull)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids_params, *label_params, *hull_params])
        rows = cursor.fetchall()
    parameters = {"eps_m": eps_m, "min_points": min_points} if method == "dbscan" else {"k": k}
    parameters.update(hull=hull, **({"concavity": concavity} if hull == "concave" else {}))
    result = Clustering(method=method, parameters=parameters)
    for cid, size, members, hull_json, centroid_json in rows:
        members = json.loads(members) if isinstance(members, str) else members
        if cid is None:
            result.noise = members
        else:
            result.clusters.append(Cluster(id=cid + 1, size=size, members=members, hull=json.loads(hull_json),
                                           centroid=json.loads(centroid_json)))
    return result
