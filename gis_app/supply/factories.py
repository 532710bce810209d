"""Small road networks and producers built for tests, with the same graph handed back for independent checks."""
import math
import random

from django.contrib.gis.geos import LineString, Point

from gis_app.registry.models import Producer
from gis_app.roads.models import RoadEdge, RoadVertex

# An empty corner of Bến Cát: no demo producer within 6 km, so nothing else snaps to a test grid here.
EMPTY_CORNER = (106.50, 11.15)


def clear_network():
    """Remove every road (inside the test's transaction), so that only the graph a test builds exists."""
    RoadEdge.objects.all().delete()
    RoadVertex.objects.all().delete()


def grid_network(size=6, spacing_m=300.0, origin=EMPTY_CORNER, seed=7, one_way=0.2, missing=0.1):
    """Insert a size×size grid of roads with random travel times; return ({(i, j): vertex}, [edge rows]).

    Edge rows are (source id, target id, cost_s, reverse_cost_s) as stored; a
    fraction of streets is one-way (reverse cost -1) or absent, so direction matters.
    """
    rng = random.Random(seed)
    lon0, lat0 = origin
    dlat = spacing_m / 110_574.0
    dlon = spacing_m / (111_320.0 * math.cos(math.radians(lat0)))
    vertices = {(i, j): RoadVertex.objects.create(geom=Point(lon0 + i * dlon, lat0 + j * dlat, srid=4326))
                for i in range(size) for j in range(size)}
    rows = []
    for (i, j), source in vertices.items():
        for target_key in ((i + 1, j), (i, j + 1)):
            target = vertices.get(target_key)
            if target is None or rng.random() < missing:
                continue
            cost = float(rng.randint(20, 120))
            reverse = -1.0 if rng.random() < one_way else float(rng.randint(20, 120))
            if rng.random() < 0.5:  # one-way streets run either way
                cost, reverse = reverse, cost
            RoadEdge.objects.create(source=source, target=target, length_m=spacing_m, speed_kmh=30, cost_s=cost,
                                    reverse_cost_s=reverse, geom=LineString(source.geom, target.geom, srid=4326))
            rows.append((source.id, target.id, cost, reverse))
    return vertices, rows


def producer_at(point, name, offset_m=(0.0, 0.0)):
    """A published producer at `point` (a GEOS Point) moved by (east, north) metres."""
    east, north = offset_m
    lon = point.x + east / (111_320.0 * math.cos(math.radians(point.y)))
    lat = point.y + north / 110_574.0
    return Producer.objects.create(legal_form="household", name=name, status="published",
                                   location=Point(lon, lat, srid=4326))


def as_digraph(rows):
    """The networkx DiGraph of edge rows: a negative cost means no edge in that direction."""
    import networkx as nx

    graph = nx.DiGraph()
    for source, target, cost, reverse in rows:
        graph.add_nodes_from((source, target))
        if cost >= 0:
            graph.add_edge(source, target, weight=cost)
        if reverse >= 0:
            graph.add_edge(target, source, weight=reverse)
    return graph
