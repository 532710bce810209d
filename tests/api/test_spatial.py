"""Near me, radius and box answers equal an independent geodesic computation (pyproj Geod) on the demo data."""
import pytest
from pyproj import Geod

from gis_app.registry.models import Producer, Status, TourismSite

GEOD = Geod(ellps="WGS84")
# Thủ Dầu Một centre, Lái Thiêu, the north of Dầu Tiếng: dense, medium and sparse neighbourhoods.
PLACES = [(106.6537, 10.9804), (106.7010, 10.9050), (106.5200, 11.3200)]


def geodesic_m(lon, lat, point):
    return GEOD.inv(lon, lat, point.x, point.y)[2]


def published(model):
    return model.objects.filter(status=Status.PUBLISHED)


def features(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()["features"]


@pytest.mark.django_db
@pytest.mark.parametrize("lon,lat", PLACES)
@pytest.mark.parametrize("url,model", [("/api/v1/producers/", Producer), ("/api/v1/sites/", TourismSite)])
def test_nearest_features_are_ordered_by_geodesic_distance(client, url, model, lon, lat):
    found = features(client, url, nearest=f"{lon},{lat}", limit=7)
    expected = sorted((geodesic_m(lon, lat, row.location), row.pk) for row in published(model))[:7]
    assert len(found) == 7
    assert [f["id"] for f in found] == [pk for _, pk in expected]
    for feature, (metres, _) in zip(found, expected):
        assert feature["properties"]["distance_m"] == pytest.approx(metres, abs=1.0)


@pytest.mark.django_db
def test_nearest_products_are_placed_and_measured_at_their_producer(client):
    lon, lat = PLACES[0]
    found = features(client, "/api/v1/products/", nearest=f"{lon},{lat}", limit=5)
    producers = {p.pk: p for p in published(Producer)}
    distances = [f["properties"]["distance_m"] for f in found]
    assert distances == sorted(distances)
    for feature in found:
        producer = producers[feature["properties"]["producer_id"]]
        assert feature["geometry"]["coordinates"] == pytest.approx([producer.location.x, producer.location.y])
        assert feature["properties"]["distance_m"] == pytest.approx(geodesic_m(lon, lat, producer.location), abs=1.0)


@pytest.mark.django_db
@pytest.mark.parametrize("lon,lat", PLACES)
@pytest.mark.parametrize("radius", [800, 3000, 12000])
def test_radius_finds_exactly_the_producers_within_the_geodesic_distance(client, lon, lat, radius):
    found = features(client, "/api/v1/producers/", near=f"{lon},{lat}", radius=radius, page_size=1000)
    expected = {p.pk: geodesic_m(lon, lat, p.location) for p in published(Producer)
                if geodesic_m(lon, lat, p.location) <= radius}
    assert {f["id"] for f in found} == set(expected)
    distances = [f["properties"]["distance_m"] for f in found]
    assert distances == sorted(distances)
    for feature in found:
        assert feature["properties"]["distance_m"] == pytest.approx(expected[feature["id"]], abs=1.0)


@pytest.mark.django_db
def test_radius_around_thu_dau_mot_is_neither_empty_nor_everything(client):
    lon, lat = PLACES[0]
    count = client.get("/api/v1/producers/", {"near": f"{lon},{lat}", "radius": 3000}).json()["count"]
    assert 0 < count < published(Producer).count()


@pytest.mark.django_db
def test_nearest_within_a_radius_stops_at_the_radius(client):
    lon, lat = PLACES[2]
    found = features(client, "/api/v1/producers/", nearest=f"{lon},{lat}", limit=20, radius=15000)
    within = sorted((geodesic_m(lon, lat, p.location), p.pk) for p in published(Producer))
    within = [pk for metres, pk in within if metres <= 15000]
    assert 0 < len(within) < 20
    assert [f["id"] for f in found] == within


@pytest.mark.django_db
@pytest.mark.parametrize("bbox", [(106.60, 10.95, 106.70, 11.05), (106.55, 10.85, 106.80, 11.00)])
def test_bbox_returns_the_producers_inside_the_box(client, bbox):
    found = features(client, "/api/v1/producers/", bbox=",".join(map(str, bbox)), page_size=1000)
    min_lon, min_lat, max_lon, max_lat = bbox
    expected = {p.pk for p in published(Producer)
                if min_lon <= p.location.x <= max_lon and min_lat <= p.location.y <= max_lat}
    assert expected
    assert {f["id"] for f in found} == expected
