"""Time plan_on_roads for random stop sets on the loaded network: manage.py shell < docs/tours_timing.py"""
import random, time
from gis_app.registry.models import Producer, TourismSite
from gis_app.roads.routing import snap
from gis_app.tours.planning import plan_on_roads, MAX_SNAP_M
from gis_app.tours.stops import Stop
places = [(s.name, s.location) for s in TourismSite.objects.published()] + [(p.name, p.location) for p in Producer.objects.published()]
places = [p for p, s in zip(places, snap([(l.x, l.y) for _, l in places])) if s.distance_m <= MAX_SNAP_M]
rng = random.Random(0)
for n in (5, 10, 25):
    runs = []
    for _ in range(5):
        stops = [Stop(name, l.x, l.y) for name, l in rng.sample(places, n)]
        t = time.perf_counter(); plan = plan_on_roads(stops, end="round"); runs.append(time.perf_counter() - t)
    runs.sort()
    print(f"{n} stops (round trip): median {runs[2]*1000:.0f} ms, exact={plan.exact}")
