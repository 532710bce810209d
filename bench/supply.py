"""Supply figures: demo clusters, collection-point savings, catchments, and a 60x60 synthetic grid (rolled back).

Run: .venv/bin/python manage.py shell < bench/supply.py
"""
import random
import time

from django.db import connection, transaction
from shapely.geometry import MultiPoint, mapping

from gis_app.supply.catchment import catchment
from gis_app.supply.clustering import Cluster, cluster_producers
from gis_app.supply.collection import collection_point
from gis_app.supply.factories import clear_network, grid_network, producer_at
from gis_app.supply.selection import ProducerFilter


def timed(function, repeat=5):
    """(last result, mean milliseconds) of `repeat` calls."""
    start = time.perf_counter()
    for _ in range(repeat):
        result = function()
    return result, (time.perf_counter() - start) / repeat * 1000


def demo_figures():
    result, ms = timed(lambda: cluster_producers(ProducerFilter(), eps_m=3000, min_points=3))
    print(f"DBSCAN eps=3000 m, minpoints=3: {len(result.clusters)} clusters, {len(result.noise)} noise, {ms:.1f} ms")
    kmeans, ms = timed(lambda: cluster_producers(ProducerFilter(), method="kmeans", k=5, hull="concave",
                                                 concavity=0.3))
    print(f"k-means k=5 concave: sizes {[c.size for c in kmeans.clusters]}, {ms:.1f} ms")
    for cluster in result.clusters:
        point, ms = timed(lambda: collection_point(cluster), 3)
        centroid = f"{point.centroid.total_s / 60:.1f}" if point.centroid else "-"
        print(f"cluster {cluster.id} ({cluster.size}): best {point.best.total_s / 60:.1f} min vs centroid "
              f"{centroid} min, saving {point.saving_pct or 0:.0f}%, off-network {len(point.off_network_ids)}, "
              f"{ms:.0f} ms")
    found, ms = timed(lambda: catchment(106.65, 11.0, 30, ProducerFilter()), 3)
    print(f"catchment 30 min from 106.65,11.0: {len(found.producers)} producers, {found.vertices_reached} vertices, "
          f"{ms:.0f} ms")


class Rollback(Exception):
    pass


def grid_figures():
    try:
        with transaction.atomic():
            clear_network()
            start = time.perf_counter()
            vertices, rows = grid_network(size=60, spacing_m=200, origin=(106.45, 11.10), seed=3)
            print(f"grid: {len(vertices)} vertices, {len(rows)} edges, built in {time.perf_counter() - start:.1f} s")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE roads_roadvertex; ANALYZE roads_roadedge")
            keys = random.Random(1).sample([k for k in vertices if 10 <= k[0] < 40 and 10 <= k[1] < 40], 30)
            producers = [producer_at(vertices[k].geom, f"bench {k}") for k in keys]
            members = [{"id": p.id, "ref": None, "name": p.name, "lon": p.location.x, "lat": p.location.y}
                       for p in producers]
            points = MultiPoint([(m["lon"], m["lat"]) for m in members])
            cluster = Cluster(1, len(members), members, mapping(points.convex_hull),
                              {"type": "Point", "coordinates": list(points.centroid.coords[0])})
            point, ms = timed(lambda: collection_point(cluster), 1)
            print(f"collection point, 30 members, margin 2 km: {ms:.0f} ms; reached {point.best.reached}, "
                  f"saving {point.saving_pct or 0:.0f}%")
            centre = vertices[(30, 30)].geom
            found, ms = timed(lambda: catchment(centre.x, centre.y, 15, ProducerFilter()), 1)
            print(f"catchment 15 min on the grid: {found.vertices_reached} vertices, {len(found.producers)} producers, "
                  f"{ms:.0f} ms")
            raise Rollback
    except Rollback:
        pass


demo_figures()
grid_figures()
