"""Road routes between stops: travel times equal Dijkstra's in networkx on the same graph."""
import random

import networkx as nx
import pytest
from django.contrib.gis.geos import Point

from gis_app.roads.models import RoadEdge
from gis_app.roads.routing import route_legs, snap, travel_time_matrix
from tests.tours_helpers import demo_places, networkx_graph

pytestmark = pytest.mark.django_db


def sample_points(seed, count):
    places = demo_places()
    rng = random.Random(seed)
    points = [(lon, lat) for _, _, lon, lat in rng.sample(places, count)]
    # Two points on one edge of QL13, and one off-road point beside the one-way street.
    ql13 = RoadEdge.objects.filter(name="Quốc lộ 13").order_by("id").first().geom
    points += [ql13.interpolate_normalized(0.2).coords, ql13.interpolate_normalized(0.7).coords, (106.6800, 10.9900)]
    return points


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_travel_time_matrix_equals_networkx_dijkstra(seed):
    snaps = snap(sample_points(seed, 8))
    graph = networkx_graph(snaps)
    matrix = travel_time_matrix(snaps)
    for i in range(len(snaps)):
        lengths = nx.single_source_dijkstra_path_length(graph, ("p", i), weight="weight")
        for j in range(len(snaps)):
            assert matrix[i][j] == pytest.approx(lengths[("p", j)], abs=1e-3), (i, j)


def test_one_way_street_makes_travel_times_differ_by_direction():
    # The ends of the one-way shortcut in Thủ Dầu Một: driving it one way, detouring the other.
    one_way = RoadEdge.objects.filter(name__contains="một chiều").order_by("id").first().geom
    start, end = one_way.interpolate_normalized(0.1).coords, one_way.interpolate_normalized(0.9).coords
    snaps = snap([start, end])
    matrix = travel_time_matrix(snaps)
    lengths = nx.single_source_dijkstra_path_length(networkx_graph(snaps), ("p", 1), weight="weight")
    assert matrix[1][0] == pytest.approx(lengths[("p", 0)], abs=1e-3)
    assert matrix[0][1] * 1.5 < matrix[1][0]


def test_route_legs_cost_like_dijkstra_and_run_from_stop_to_stop():
    points = sample_points(7, 5)
    snaps = snap(points)
    graph = networkx_graph(snaps)
    order = list(range(len(points)))
    for (a, b), leg in zip(zip(order, order[1:]), route_legs(snaps, order)):
        assert leg.cost_s == pytest.approx(nx.dijkstra_path_length(graph, ("p", a), ("p", b)), abs=1e-3)
        start, end = Point(leg.geometry.coords[0]), Point(leg.geometry.coords[-1])
        edge_a, edge_b = (RoadEdge.objects.get(pk=snaps[k].edge_id).geom for k in (a, b))
        assert start.distance(edge_a.interpolate_normalized(snaps[a].fraction)) < 1e-7
        assert end.distance(edge_b.interpolate_normalized(snaps[b].fraction)) < 1e-7
