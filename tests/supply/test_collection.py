"""Collection points are the true minimisers of total road time, checked by brute force with networkx."""
import random

import networkx as nx
import pytest
from shapely.geometry import MultiPoint, mapping

from gis_app.supply.clustering import Cluster
from gis_app.supply.collection import collection_point
from gis_app.supply.factories import as_digraph, clear_network, grid_network, producer_at


def cluster_of(producers):
    members = [{"id": p.id, "ref": p.ref, "name": p.name, "lon": p.location.x, "lat": p.location.y}
               for p in producers]
    points = MultiPoint([(m["lon"], m["lat"]) for m in members])
    return Cluster(id=1, size=len(members), members=members, hull=mapping(points.convex_hull),
                   centroid={"type": "Point", "coordinates": list(points.centroid.coords[0])})


def brute_force(graph, member_vertices):
    """{vertex: (members reached, total seconds)} over every vertex of the graph, from the vertex to the members."""
    scores = {}
    for vertex in graph.nodes:
        times = nx.single_source_dijkstra_path_length(graph, vertex)
        reached = [times[m] for m in member_vertices if m in times]
        scores[vertex] = (len(reached), sum(reached))
    return scores


@pytest.fixture
def grid():
    clear_network()
    return grid_network(size=6, seed=11)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_collection_point_is_the_brute_force_minimiser_of_total_road_time(grid, seed):
    vertices, rows = grid
    rng = random.Random(seed)
    keys = rng.sample(sorted(vertices), 7)
    producers = [producer_at(vertices[key].geom, f"Hộ {key}", (rng.uniform(-40, 40), rng.uniform(-40, 40)))
                 for key in keys]
    member_vertices = [vertices[key].id for key in keys]

    point = collection_point(cluster_of(producers))

    scores = brute_force(as_digraph(rows), member_vertices)
    best_reached = max(r for r, _ in scores.values())
    best_total = min(t for r, t in scores.values() if r == best_reached)
    assert (point.best.reached, point.best.total_s) == pytest.approx((best_reached, best_total))
    assert scores[point.best.vertex] == pytest.approx((best_reached, best_total))
    assert len(point.unreachable_ids) == len(keys) - best_reached


@pytest.mark.django_db
def test_centroid_is_scored_on_the_same_matrix_and_never_beats_the_collection_point(grid):
    vertices, rows = grid
    keys = [(0, 0), (0, 5), (5, 0), (5, 5), (1, 1)]
    producers = [producer_at(vertices[key].geom, f"Hộ {key}") for key in keys]
    point = collection_point(cluster_of(producers))

    scores = brute_force(as_digraph(rows), [vertices[key].id for key in keys])
    assert point.centroid is not None
    assert (point.centroid.reached, point.centroid.total_s) == pytest.approx(scores[point.centroid.vertex])
    if point.saving_s is not None:
        assert point.saving_s >= 0
        assert point.saving_s == pytest.approx(point.centroid.total_s - point.best.total_s)


@pytest.mark.django_db
def test_members_far_from_any_road_are_reported_off_network(grid):
    vertices, _ = grid
    near = [producer_at(vertices[(2, 2)].geom, "Gần"), producer_at(vertices[(3, 2)].geom, "Gần 2")]
    far = producer_at(vertices[(5, 5)].geom, "Xa", (3000, 3000))
    point = collection_point(cluster_of(near + [far]))
    assert point.off_network_ids == [far.id]
    assert point.best.reached <= 2
