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


def make_tour(name, places, status="published", km=10.0, days=None, description=""):
    """A saved tour straight in the database (no routing): its stops at `places` (sites, producers, or
    (name, lon, lat) points), in that order, on the days `days` (default: all on day 1), `km` long, its route the
    line through the stops. One hour of driving and one of visit per stop, from 8:00 on 1 December 2026."""
    import datetime

    from django.contrib.gis.geos import LineString, Point

    from gis_app.tours.models import Tour, TourStop

    start = datetime.datetime(2026, 12, 1, 8, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    points = [Point(p[1], p[2], srid=4326) if isinstance(p, tuple) else Point(p.location.x, p.location.y, srid=4326)
              for p in places]
    hours = 2 * len(places)
    tour = Tour.objects.create(name=name, description=description, status=status,
                               route=LineString([p.coords for p in points], srid=4326), start_at=start,
                               distance_m=km * 1000, drive_seconds=3600 * len(places),
                               visit_seconds=3600 * len(places), total_seconds=3600 * hours)
    for i, (place, point) in enumerate(zip(places, points)):
        arrival = start + datetime.timedelta(hours=2 * i + 1)
        TourStop.objects.create(
            tour=tour, position=i + 1, location=point, visit_minutes=60, arrival=arrival,
            departure=arrival + datetime.timedelta(hours=1), day=(days or [1] * len(places))[i],
            name=place[0] if isinstance(place, tuple) else place.name,
            site=place if isinstance(place, TourismSite) else None,
            producer=place if isinstance(place, Producer) else None)
    return tour
