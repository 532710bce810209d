"""Catchments reach exactly the producers a networkx Dijkstra with the same cutoff reaches."""
import random

import networkx as nx
import pytest
from django.contrib.gis.geos import Point
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry import shape

from gis_app.core.errors import InputError
from gis_app.roads.models import RoadVertex
from gis_app.supply.catchment import catchment
from gis_app.supply.factories import as_digraph, clear_network, grid_network, producer_at
from gis_app.supply.selection import ProducerFilter


@pytest.fixture
def grid():
    clear_network()
    return grid_network(size=7, seed=5)


@pytest.mark.django_db
@pytest.mark.parametrize("start_key,minutes", [((3, 3), 2.0), ((0, 0), 4.0), ((6, 2), 3.5), ((3, 3), 30.0)])
def test_catchment_members_equal_a_networkx_dijkstra_cutoff(grid, start_key, minutes):
    vertices, rows = grid
    rng = random.Random(start_key[0] * 10 + start_key[1])
    keys = rng.sample(sorted(vertices), 20)
    producers = {producer_at(vertices[key].geom, f"Hộ {key}", (rng.uniform(-40, 40), rng.uniform(-40, 40))).id:
                 vertices[key].id for key in keys}
    start = vertices[start_key].geom

    found = catchment(start.x + 0.0002, start.y, minutes, ProducerFilter())

    times = nx.single_source_dijkstra_path_length(as_digraph(rows), vertices[start_key].id, cutoff=minutes * 60)
    expected = {pid: times[vertex] / 60 for pid, vertex in producers.items() if vertex in times}
    got = {p["id"]: p["minutes"] for p in found.producers if p["id"] in producers}
    assert got == pytest.approx(expected)
    assert len(found.producers) == len(got)  # no demo producer lies on the test grid
    assert found.vertices_reached == len(times)
    if minutes >= 30:
        assert 0 < len(expected) <= 20


@pytest.mark.django_db
def test_catchment_area_covers_every_reached_road_vertex(grid):
    vertices, rows = grid
    start = vertices[(3, 3)]
    found = catchment(start.geom.x, start.geom.y, 3, ProducerFilter())
    times = nx.single_source_dijkstra_path_length(as_digraph(rows), start.id, cutoff=180)
    area = shape(found.area)
    reached_points = [ShapelyPoint(v.geom.coords) for v in RoadVertex.objects.filter(id__in=times)]
    assert area.geom_type in ("Polygon", "MultiPolygon")
    assert all(area.covers(p) for p in reached_points)
    unreached = [ShapelyPoint(v.geom.coords) for v in RoadVertex.objects.exclude(id__in=times)]
    assert not all(area.covers(p) for p in unreached)


@pytest.mark.django_db
def test_point_far_from_every_road_is_refused_with_422(grid):
    with pytest.raises(InputError) as raised:
        catchment(106.70, 11.40, 30, ProducerFilter())
    assert raised.value.status_code == 422 and raised.value.field == "point"


@pytest.mark.django_db
def test_point_whose_nearest_vertex_has_no_open_road_is_refused_with_422(grid):
    lonely = RoadVertex.objects.create(geom=Point(106.60, 11.30, srid=4326))
    with pytest.raises(InputError) as raised:
        catchment(lonely.geom.x, lonely.geom.y, 30, ProducerFilter())
    assert raised.value.status_code == 422 and "not connected" in str(raised.value.detail)
