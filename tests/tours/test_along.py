"""What lies along a route: the same sites and producers, in the same order, as a shapely buffer in UTM 48N."""
import pytest
from pyproj import Transformer
from shapely.geometry import LineString, Point

from gis_app.registry.models import Producer, TourismSite
from gis_app.tours.along import along_route
from gis_app.tours.planning import plan_on_roads
from gis_app.tours.stops import Stop

pytestmark = pytest.mark.django_db

TO_UTM = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True).transform


def demo_route():
    sites = {s.name: s for s in TourismSite.objects.published()}
    names = ["Vườn trái cây Lái Thiêu", "Làng nghề sơn mài Tương Bình Hiệp", "Vườn bưởi cù lao Bạch Đằng"]
    stops = [Stop(n, sites[n].location.x, sites[n].location.y, "site", sites[n].pk) for n in names]
    return plan_on_roads(stops, optimize=False).route


def expected_along(route, distance_m):
    """{(kind, id): position along the route} within distance_m by a shapely buffer in UTM 48N; borderline ones."""
    line = LineString([TO_UTM(*c) for c in route.coords])
    zone = line.buffer(distance_m, quad_segs=64)
    found, borderline = [], set()
    rows = [("site", s.pk, s.location) for s in TourismSite.objects.published()]
    rows += [("producer", p.pk, p.location) for p in Producer.objects.published()]
    for kind, pk, location in rows:
        point = Point(TO_UTM(location.x, location.y))
        if abs(line.distance(point) - distance_m) < 0.005 * distance_m:
            borderline.add((kind, pk))  # projection and geodesic differ by a fraction of a percent
        if zone.contains(point):
            found.append(((kind, pk), line.project(point, normalized=True)))
    return dict(found), borderline


@pytest.mark.parametrize("distance_m", [300, 1000, 3000])
def test_along_route_matches_utm_buffer_in_the_same_order(distance_m):
    route = demo_route()
    expected, borderline = expected_along(route, distance_m)
    items = along_route(route, distance_m)
    got = [(item["kind"], item["id"]) for item in items]
    assert {x for x in got if x not in borderline} == {x for x in expected if x not in borderline}
    assert len(expected) >= 5
    # Each position is where the route comes nearest to the place (a route that drives a road twice has two
    # such places: either is right), and the list follows the positions.
    line = LineString([TO_UTM(*c) for c in route.coords])
    for item in items:
        place = Point(TO_UTM(item["lon"], item["lat"]))
        at = line.interpolate(item["position"], normalized=True)
        assert place.distance(at) == pytest.approx(line.distance(place), abs=0.5)
    positions = [item["position"] for item in items]
    assert positions == sorted(positions)
    agree = sum(abs(item["position"] - expected[(item["kind"], item["id"])]) < 1e-6 for item in items
                if (item["kind"], item["id"]) in expected)
    assert agree >= 0.8 * len(items)


def test_along_route_leaves_out_the_tour_stops_and_unpublished_places():
    route = demo_route()
    site = TourismSite.objects.get(name="Làng nghề sơn mài Tương Bình Hiệp")
    producer = Producer.objects.published().filter(location__dwithin=(route, 300)).first()
    assert producer is not None
    found = along_route(route, 1000, exclude_sites=[site.pk])
    assert ("site", site.pk) not in {(i["kind"], i["id"]) for i in found}
    Producer.objects.filter(pk=producer.pk).update(status="draft")
    found = along_route(route, 1000)
    assert ("producer", producer.pk) not in {(i["kind"], i["id"]) for i in found}


def test_along_api_returns_positions_in_order(client):
    route = demo_route()
    response = client.post("/api/v1/tours/along/", {"route": {"type": "LineString", "coordinates": route.coords},
                                                    "distance_m": 1000}, content_type="application/json")
    assert response.status_code == 200
    positions = [item["position"] for item in response.json()]
    assert positions == sorted(positions) and len(positions) >= 5

