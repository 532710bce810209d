"""POST /api/v1/events/: a producer account proposes an event through the API under the admin's rules (#26 item
8): submitted for review, never published by itself, seen only by its producer and staff until a provincial
officer publishes it; each event's representation carries its own .ics; refusals name the field, in vi and en."""
import json

import pytest
from django.test import Client

from gis_app.accounts import moderation
from gis_app.core.publishing import Status
from gis_app.events.models import Event
from tests.roles_helpers import make_user

pytestmark = pytest.mark.django_db

LIST = "/api/v1/events/"


def body(name, **extra):
    return {"kind": "livestream", "name": name, "starts_on": "2099-12-10", "ends_on": "2099-12-11", **extra}


def post(client, data, language="vi"):
    return client.post(LIST, json.dumps(data), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


def listed(client, name):
    features = client.get(LIST, {"q": name, "page_size": 100}).json()["features"]
    return [f for f in features if f["properties"]["name"] == name]


def propose(client, user, name, **extra):
    client.force_login(user)
    response = post(client, body(name, **extra))
    assert response.status_code == 201, response.content.decode()
    return Event.objects.get(pk=response.json()["id"])


def test_a_producer_account_proposes_an_event_that_waits_for_review_and_only_it_and_staff_see(
        client, users, places, django_user_model):
    home, away = places
    event = propose(client, users["producer"], "Livestream bưởi qua API")
    assert event.status == Status.SUBMITTED and event.proposed_by == home
    assert list(event.producers.all()) == [home]
    assert not Event.objects.published().filter(pk=event.pk).exists()
    mine = listed(client, event.name)
    assert [f["properties"]["status"] for f in mine] == [Status.SUBMITTED]
    assert mine[0]["properties"]["ics_url"] is None  # no public calendar file before it is published
    assert client.get(f"{LIST}{event.pk}/").status_code == 200
    other = Client()
    other.force_login(make_user(django_user_model, "producer", name="away-producer", producer=away))
    for visitor in (Client(), other):
        assert listed(visitor, event.name) == []
        assert visitor.get(f"{LIST}{event.pk}/").status_code == 404
    officer = Client()
    officer.force_login(users["provincial_officer"])
    assert len(listed(officer, event.name)) == 1


def test_published_by_a_provincial_officer_it_is_public_with_its_own_ics(client, users, places):
    event = propose(Client(), users["producer"], "Phiên livestream OCOP qua API")
    moderation.transition(users["provincial_officer"], event, "publish")
    row = listed(client, event.name)[0]["properties"]
    assert row["ics_url"] == f"/events/{event.pk}.ics"
    assert client.get(f"{LIST}{event.pk}/").json()["ics_url"] == row["ics_url"]
    calendar = client.get(row["ics_url"])
    assert calendar.status_code == 200 and calendar["Content-Type"].startswith("text/calendar")
    assert "Phiên livestream OCOP qua API" in calendar.content.decode()


def test_the_producer_names_neither_another_producer_nor_a_published_status(client, users, places):
    home, away = places
    client.force_login(users["producer"])
    response = post(client, body("Tự đăng qua API", proposed_by=away.pk, status="draft"))
    assert response.status_code == 201
    event = Event.objects.get(pk=response.json()["id"])
    assert (event.proposed_by, event.status) == (home, Status.SUBMITTED)
    for language, words in (("vi", "cán bộ cấp tỉnh"), ("en", "provincial officers")):
        refused = post(client, body("Tự công bố", status="published"), language)
        assert refused.status_code == 403
        error = refused.json()["error"]
        assert error["field"] == "status" and words in error["message"]
    assert not Event.objects.filter(name="Tự công bố").exists()


@pytest.mark.parametrize("language, change, field, words", [
    ("vi", {"ends_on": "2099-12-01"}, "ends_on", "phải kết thúc"),
    ("en", {"ends_on": "2099-12-01"}, "ends_on", "must end"),
    ("vi", {"kind": "concert"}, "kind", "concert"),
    ("en", {"kind": "concert"}, "kind", "concert"),
    ("vi", {"starts_on": "10/12/2099"}, "starts_on", None),
    ("en", {"location": {"type": "Polygon", "coordinates": [[[106, 11], [106.1, 11], [106, 11.1], [106, 11]]]}},
     "location", "GeoJSON Point"),
    ("vi", {"location": {"type": "Polygon", "coordinates": [[[106, 11], [106.1, 11], [106, 11.1], [106, 11]]]}},
     "location", "điểm GeoJSON"),
    ("en", {"products": [10**9]}, "products", None),
    ("vi", {"name": ""}, "name", None),
])
def test_a_bad_proposal_is_a_4xx_naming_the_field_in_the_requests_language(client, users, places, language,
                                                                          change, field, words):
    client.force_login(users["producer"])
    before = Event.objects.count()
    response = post(client, {**body("Đề xuất lỗi"), **change}, language)
    assert 400 <= response.status_code < 500, response.content.decode()
    error = response.json()["error"]
    assert error["field"] == field, error
    assert error["message"] and (words is None or words in error["message"]), error
    assert Event.objects.count() == before


@pytest.mark.parametrize("language, words", [("vi", "Đăng nhập"), ("en", "Log in")])
def test_a_visitor_cannot_propose_and_a_tourism_planner_may_not(client, users, language, words):
    response = post(client, body("Khách đề xuất"), language)
    assert response.status_code in (401, 403) and words in response.json()["error"]["message"]
    client.force_login(users["tourism_planner"])
    assert post(client, body("Khách đề xuất"), language).status_code == 403
    assert not Event.objects.filter(name="Khách đề xuất").exists()
