"""The planner, public tour and print pages render (browser behaviour is tested with Playwright elsewhere)."""
import pytest

from gis_app.registry.models import TourismSite
from gis_app.tours.models import Tour

pytestmark = pytest.mark.django_db


@pytest.fixture
def tour(admin_client):
    sites = TourismSite.objects.published().order_by("name")[:3]
    response = admin_client.post("/api/v1/tours/", {"name": "Một ngày ở Bình Dương",
                                                     "stops": [{"site": s.pk} for s in sites]},
                                 content_type="application/json")
    assert response.status_code == 201
    return Tour.objects.get(pk=response.json()["id"])


def test_planner_lists_published_sites_and_loads_leaflet_draw(admin_client, settings):
    settings.OCOP_TILES_URL = ""
    page = admin_client.get("/tours/plan/").content.decode()
    assert "Làng nghề sơn mài Tương Bình Hiệp" in page
    assert "leaflet.draw.js" in page and "tours/planner.js" in page


def test_tour_page_shows_stops_and_timings_once_published(client, tour):
    assert client.get(f"/tours/{tour.pk}/").status_code == 404  # a draft is private
    tour.status = Tour.Status.PUBLISHED
    tour.save()
    page = client.get(f"/tours/{tour.pk}/").content.decode()
    first = tour.stops.get(position=1)
    assert first.name in page and "08:00" in page
    assert f"/api/v1/tours/{tour.pk}/export/gpx/" in page and f"/api/v1/tours/{tour.pk}/export/kml/" in page
    assert f'href="/tours/{tour.pk}/print/"' in page


def test_print_view_lists_every_stop(admin_client, tour):
    page = admin_client.get(f"/tours/{tour.pk}/print/").content.decode()
    assert all(stop.name in page for stop in tour.stops.all())
    assert "id=\"print-button\"" in page


def test_admin_shows_a_tour_with_its_route_on_a_map_and_its_stops(admin_client, tour):
    page = admin_client.get(f"/admin/tours/tour/{tour.pk}/change/").content.decode()
    assert "leaflet.js" in page and "id_route-map" in page
    assert tour.stops.get(position=2).name in page


def test_tour_page_shows_when_a_round_trip_is_back_at_the_start(admin_client):
    sites = TourismSite.objects.published().order_by("name")[:3]
    response = admin_client.post("/api/v1/tours/", {"name": "Khứ hồi", "end": "round",
                                                     "start_at": "2026-12-01T07:00:00+07:00",
                                                     "stops": [{"site": s.pk} for s in sites]},
                                 content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    tour = Tour.objects.get(pk=response.json()["id"])
    last = tour.stops.order_by("position").last()
    assert tour.finish_at > last.departure  # the drive back counts
    page = admin_client.get(f"/tours/{tour.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Về đến điểm xuất phát" in page
    from django.utils import timezone
    assert timezone.localtime(tour.finish_at).strftime("%H:%M") in page
