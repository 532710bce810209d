"""Supply figures: demo clusters, collection-point savings, catchments, and a 60x60 synthetic grid (rolled back).

Run: .venv/bin/python manage.py shell < bench/supply.py
"""
import time
from gis_app.supply.clustering import cluster_producers
from gis_app.supply.collection import collection_point
from gis_app.supply.catchment import catchment
from gis_app.supply.selection import ProducerFilter
def timed(f, n=5):
    t = time.perf_counter()
    for _ in range(n): r = f()
    return r, (time.perf_counter() - t) / n * 1000
r, ms = timed(lambda: cluster_producers(ProducerFilter(), eps_m=3000, min_points=3))
print(f"DBSCAN eps=3000 m, minpoints=3: {len(r.clusters)} clusters, {len(r.noise)} noise, {ms:.1f} ms")
r, ms = timed(lambda: cluster_producers(ProducerFilter(), method="kmeans", k=5, hull="concave", concavity=0.3))
print(f"k-means k=5 concave: {[c.size for c in r.clusters]}, {ms:.1f} ms")
r = cluster_producers(ProducerFilter(), eps_m=3000, min_points=3)
for c in r.clusters:
    p, ms = timed(lambda: collection_point(c), 3)
    print(f"cluster {c.id} ({c.size}): best {p.best.total_s/60:.1f} min vs centroid "
          f"{p.centroid.total_s/60 if p.centroid else float('nan'):.1f} min, saving {p.saving_pct or 0:.0f}%, "
          f"off-network {len(p.off_network_ids)}, {ms:.0f} ms")
k, ms = timed(lambda: catchment(106.65, 11.0, 30, ProducerFilter()), 3)
print(f"catchment 30 min from 106.65,11.0: {len(k.producers)} producers, {k.vertices_reached} vertices, {ms:.0f} ms")
import random
from django.db import transaction
from shapely.geometry import MultiPoint, mapping
from gis_app.supply.clustering import Cluster
from gis_app.supply.collection import collection_point
from gis_app.supply.catchment import catchment
from gis_app.supply.selection import ProducerFilter
from gis_app.supply.factories import clear_network, grid_network, producer_at
class Rollback(Exception): pass
try:
    with transaction.atomic():
        clear_network()
        t = time.perf_counter(); vertices, rows = grid_network(size=60, spacing_m=200, origin=(106.45, 11.10), seed=3)
        print(f"grid: {len(vertices)} vertices, {len(rows)} edges, built in {time.perf_counter()-t:.1f} s")
        from django.db import connection
        with connection.cursor() as c: c.execute("ANALYZE roads_roadvertex; ANALYZE roads_roadedge")
        rng = random.Random(1)
        keys = rng.sample([k for k in vertices if 10 <= k[0] < 40 and 10 <= k[1] < 40], 30)
        ps = [producer_at(vertices[k].geom, f"b{k}") for k in keys]
        members = [{"id": p.id, "ref": None, "name": p.name, "lon": p.location.x, "lat": p.location.y} for p in ps]
        mp = MultiPoint([(m["lon"], m["lat"]) for m in members])
        cl = Cluster(1, 30, members, mapping(mp.convex_hull), {"type": "Point", "coordinates": list(mp.centroid.coords[0])})
        t = time.perf_counter(); p = collection_point(cl); ms = (time.perf_counter() - t) * 1000
        print(f"collection point, 30 members, margin 2 km: {ms:.0f} ms; reached {p.best.reached}, saving {p.saving_pct or 0:.0f}%")
        v = vertices[(30, 30)].geom
        t = time.perf_counter(); k = catchment(v.x, v.y, 15, ProducerFilter()); ms = (time.perf_counter() - t) * 1000
        print(f"catchment 15 min on the grid: {k.vertices_reached} vertices, {len(k.producers)} producers, {ms:.0f} ms")
        raise Rollback
except Rollback:
    pass
