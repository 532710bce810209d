"""Stop order: the exact optimum up to 10 stops (checked by brute force), a good heuristic up to 25."""
import itertools
import random

import pytest

from gis_app.roads.routing import snap, travel_time_matrix
from gis_app.tours.ordering import END_MODES, best_order, nearest_neighbour, tour_cost
from gis_app.tours.planning import plan_on_roads
from gis_app.tours.stops import Stop
from tests.tours_helpers import demo_places

pytestmark = pytest.mark.django_db


def brute_force(matrix, end):
    n = len(matrix)
    last = [n - 1] if end == "fixed" else []
    middle = [i for i in range(1, n) if i not in last]
    return min(tour_cost(matrix, [0, *p, *last], end) for p in itertools.permutations(middle))


def random_stops(rng, count):
    return [Stop(f"{kind} {pk}", lon, lat, kind, pk) for kind, pk, lon, lat in rng.sample(demo_places(), count)]


@pytest.mark.parametrize("seed", range(6))
def test_planned_order_equals_brute_force_optimum(seed):
    rng = random.Random(seed)
    stops = random_stops(rng, rng.randint(4, 8))
    matrix = travel_time_matrix(snap([(s.lon, s.lat) for s in stops]))
    for end in END_MODES:
        plan = plan_on_roads(stops, end=end)
        assert plan.exact
        assert plan.stops[0] is stops[0]
        if end == "fixed":
            assert plan.stops[-1] is stops[-1]
        assert plan.drive_seconds == pytest.approx(brute_force(matrix, end), rel=1e-6)


def test_heuristic_orders_25_stops_no_worse_than_nearest_neighbour():
    rng = random.Random(42)
    stops = random_stops(rng, 25)
    matrix = travel_time_matrix(snap([(s.lon, s.lat) for s in stops]))
    for end in END_MODES:
        order = best_order(matrix, end)
        assert sorted(order) == list(range(25)) and order[0] == 0
        assert tour_cost(matrix, order, end) <= tour_cost(matrix, nearest_neighbour(matrix, end), end)
    plan = plan_on_roads(stops, end="round")
    assert not plan.exact and len(plan.stops) == 25

