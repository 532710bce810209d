"""Shared helpers of the tours tests: demo stops and the road graph read into networkx."""
import networkx as nx

from gis_app.registry.models import Producer, TourismSite
from gis_app.roads.models import RoadEdge
from gis_app.roads.routing import snap
from gis_app.tours.planning import MAX_SNAP_M


def demo_places():
    """(kind, id, lon, lat) of every published site and producer within snapping reach of a road."""
    places = [("site", s.pk, s.location.x, s.location.y) for s in TourismSite.objects.published().order_by("pk")]
    places += [("producer", p.pk, p.location.x, p.location.y) for p in Producer.objects.published().order_by("pk")]
    snaps = snap([(lon, lat) for _, _, lon, lat in places])
    return [place for place, s in zip(places, snaps) if s.distance_m <= MAX_SNAP_M]


def networkx_graph(snaps):
    """RoadEdge as a networkx MultiDiGraph, each snapped point inserted into its edge as node ("p", i).

    pgRouting prices part of an edge in proportion to its fraction; so does this.
    """
    on_edge = {}
    for i, s in enumerate(snaps):
        on_edge.setdefault(s.edge_id, []).append((s.fraction, ("p", i)))
    graph = nx.MultiDiGraph()
    for edge in RoadEdge.objects.all():
        stops = [(0.0, edge.source_id)] + sorted(on_edge.get(edge.id, [])) + [(1.0, edge.target_id)]
        for (f0, a), (f1, b) in zip(stops, stops[1:]):
            if edge.cost_s >= 0:
                graph.add_edge(a, b, key=edge.id, weight=edge.cost_s * (f1 - f0))
            if edge.reverse_cost_s >= 0:
                graph.add_edge(b, a, key=edge.id, weight=edge.reverse_cost_s * (f1 - f0))
    return graph
