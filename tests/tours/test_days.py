"""Tours of several days, saving edits over a tour, a drawn line far from its stops, and one format for
durations and lengths."""
import datetime

import pytest
from django.test import Client
from django.utils import translation
from pyproj import Geod

from gis_app.accounts.models import Role
from gis_app.accounts.roles import assign_role
from gis_app.registry.models import TourismSite
from gis_app.tours import days
from gis_app.tours.formatting import duration, km
from gis_app.tours.models import Tour

pytestmark = pytest.mark.django_db

COMPUTE = "/api/v1/tours/compute/"
GEOD = Geod(ellps="WGS84")


def six_sites():
    return [{"site": pk} for pk in TourismSite.objects.published().exclude(kind="homestay")
            .order_by("name").values_list("pk", flat=True)[:6]]


def compute(client, body):
    response = client.post(COMPUTE, body, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def nearest_lodging_by_brute_force(lon, lat):
    """The published homestay/lodging site nearest to lon/lat, by geodesic distance over all of them."""
    candidates = [s for s in TourismSite.objects.published()
                  if s.kind == "homestay" or "lodging" in (s.services or [])]
    best = min(candidates, key=lambda s: GEOD.inv(lon, lat, s.location.x, s.location.y)[2])
    return best.pk, GEOD.inv(lon, lat, best.location.x, best.location.y)[2]


def test_a_day_too_long_splits_with_the_night_at_the_nearest_lodging():
    plan = compute(Client(), {"stops": six_sites(), "start_at": "2026-12-01T12:00:00+07:00"})
    assert plan["day_count"] >= 2
    stops = plan["stops"]
    for before, after in zip(stops, stops[1:]):
        arrival = datetime.datetime.fromisoformat(after["arrival"])
        left = datetime.datetime.fromisoformat(before["departure"])
        if after["day"] == before["day"]:
            # Same day: arrival is departure plus the drive, and the day has not run past its end.
            assert arrival == pytest.approx(left + datetime.timedelta(seconds=after["leg_seconds"]),
                                            abs=datetime.timedelta(seconds=1))
            assert before["overnight"] is None
        else:
            assert after["day"] == before["day"] + 1
            # The visit would have ended after DAY_END had it gone on the same day.
            same_day_end = left + datetime.timedelta(seconds=after["leg_seconds"], minutes=after["visit_minutes"])
            assert same_day_end.time() > days.DAY_END or same_day_end.date() > left.date()
            start = arrival - datetime.timedelta(seconds=after["leg_seconds"])
            assert (start.date() - left.date()).days == 1 and start.time() == days.DAY_START
            site, metres = nearest_lodging_by_brute_force(before["lon"], before["lat"])
            assert before["overnight"]["id"] == site
            assert before["overnight"]["distance_m"] == pytest.approx(metres, rel=1e-3)
    for stop in stops:
        if stop is not stops[0] and stops[stops.index(stop) - 1]["day"] == stop["day"]:
            assert datetime.datetime.fromisoformat(stop["departure"]).time() <= days.DAY_END


def test_a_morning_start_with_two_short_stops_stays_one_day():
    plan = compute(Client(), {"stops": six_sites()[:2], "start_at": "2026-12-01T08:00:00+07:00"})
    assert plan["day_count"] == 1 and all(s["day"] == 1 and s["overnight"] is None for s in plan["stops"])


def test_a_drawn_line_far_from_a_stop_flags_that_stop_only():
    sites = list(TourismSite.objects.published().exclude(kind="homestay").order_by("name")[:2])
    a, b = sites
    # The line runs from a to 5 km north of b: b is ~5 km off it.
    line = {"type": "LineString", "coordinates": [[a.location.x, a.location.y], [b.location.x, b.location.y + 0.045]]}
    plan = compute(Client(HTTP_ACCEPT_LANGUAGE="en"), {"stops": [{"site": a.pk}, {"site": b.pk}], "route": line})
    assert not any("drawn line" in w for w in plan["stops"][0]["warnings"])
    assert any("drawn line passes" in w for w in plan["stops"][1]["warnings"])


def test_saving_again_edits_the_tour_and_only_its_author_may(django_user_model):
    planner = django_user_model.objects.create_user("days-planner", is_staff=True)
    assign_role(planner, Role.TOURISM_PLANNER)
    other = django_user_model.objects.create_user("days-other", is_staff=True)
    assign_role(other, Role.TOURISM_PLANNER)
    client = Client()
    client.force_login(planner)
    body = {"stops": six_sites()[:3], "name": "Một tuyến", "start_at": "2026-12-01T08:00:00+07:00"}
    created = client.post("/api/v1/tours/", body, content_type="application/json").json()
    body.update(name="Một tuyến (sửa)", stops=six_sites()[:4])
    updated = client.put(f"/api/v1/tours/{created['id']}/", body, content_type="application/json")
    assert updated.status_code == 200
    tour = Tour.objects.get(pk=created["id"])
    assert Tour.objects.filter(created_by=planner).count() == 1
    assert tour.name == "Một tuyến (sửa)" and tour.stops.count() == 4 and tour.status == Tour.Status.DRAFT
    assert client.get(f"/tours/{tour.pk}/edit/").status_code == 200
    client.force_login(other)
    refused = client.put(f"/api/v1/tours/{tour.pk}/", body, content_type="application/json")
    assert refused.status_code in (403, 404) and Tour.objects.get(pk=tour.pk).name == "Một tuyến (sửa)"
    assert client.get(f"/tours/{tour.pk}/edit/").status_code in (403, 404)
    assert Client().get(f"/tours/{tour.pk}/edit/").status_code == 302  # log in first


def test_durations_and_lengths_read_the_same_everywhere():
    with translation.override("vi"):
        assert duration(3900) == "1 giờ 05 phút" and duration(45 * 60) == "45 phút"
        assert km(12_540) == "12,5 km"
    with translation.override("en"):
        assert duration(3900) == "1 h 05 min" and km(12_540) == "12.5 km"


def test_the_tour_admin_shows_km_and_durations_not_raw_floats(admin_client):
    body = {"stops": six_sites()[:3], "name": "Tuyến cho quản trị", "start_at": "2026-12-01T08:00:00+07:00"}
    tour_id = admin_client.post("/api/v1/tours/", body, content_type="application/json").json()["id"]
    tour = Tour.objects.get(pk=tour_id)
    with translation.override("vi"):
        listing = admin_client.get("/admin/tours/tour/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
        form = admin_client.get(f"/admin/tours/tour/{tour_id}/change/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
        assert km(tour.distance_m) in listing and duration(tour.total_seconds) in listing
        assert duration(tour.drive_seconds) in form and str(tour.distance_m) not in listing + form
