"""Time tour planning (snapping, all legs by pgr_withPoints, ordering) for random stop sets on the loaded network.

    DATABASE_URL=… .venv/bin/python manage.py shell -c "from bench.tours_timing import run; run()"

bench/run uses the same functions for its 10-stop figure.
"""
import random
import time

from gis_app.registry.models import Producer, TourismSite
from gis_app.roads.routing import snap
from gis_app.tours.planning import MAX_SNAP_M, plan_on_roads
from gis_app.tours.stops import Stop


def plannable(points):
    """The (lon, lat) points close enough to a road to be tour stops."""
    return [p for p, s in zip(points, snap(points)) if s.distance_m <= MAX_SNAP_M]


def timed_plans(pool, stops, repeat, rng):
    """Milliseconds of `repeat` round tours through `stops` points drawn from `pool` (one untimed warm-up)."""
    times = []
    for i in range(repeat + 1):
        chosen = [Stop(f"stop {n}", lon, lat) for n, (lon, lat) in enumerate(rng.sample(pool, stops))]
        started = time.perf_counter()
        plan_on_roads(chosen, end="round")
        if i:
            times.append((time.perf_counter() - started) * 1000)
    return times


def run(sizes=(5, 10, 25), repeat=5):
    places = [(s.location.x, s.location.y) for s in TourismSite.objects.published()]
    places += [(p.location.x, p.location.y) for p in Producer.objects.published()]
    pool = plannable(places)
    rng = random.Random(0)
    for n in sizes:
        times = sorted(timed_plans(pool, n, repeat, rng))
        print(f"{n} stops (round trip): median {times[len(times) // 2]:.0f} ms")
