"""A producer account proposes promotion events for its own producer (#26 item 8c): they wait for review, a
provincial officer publishes them, and the account can neither publish nor touch another producer's events."""
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from gis_app.accounts import moderation
from gis_app.core.publishing import Status
from gis_app.events.models import Event
from tests.roles_helpers import make_user

pytestmark = pytest.mark.django_db

LIST = "/admin/events/event/"


def event_form(name, **extra):
    return {"kind": "livestream", "name": name, "starts_on": "10/12/2026", "ends_on": "11/12/2026", **extra}


def propose(client, user, name, **extra):
    client.force_login(user)
    response = client.post(f"{LIST}add/", event_form(name, **extra))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Event.objects.get(name=name)


def test_a_producer_account_proposes_an_event_for_its_own_producer_and_it_waits_for_review(client, users, places):
    home, away = places
    event = propose(client, users["producer"], "Livestream bưởi của nhà", proposed_by=away.pk, status="published")
    assert event.status == Status.SUBMITTED
    assert event.proposed_by == home  # set from the account, whatever the form said
    assert list(event.producers.all()) == [home]
    assert not Event.objects.published().filter(pk=event.pk).exists()
    assert client.get(f"{LIST}{event.pk}/change/").status_code == 200


def test_a_provincial_officer_publishes_the_proposed_event(client, users, places):
    event = propose(client, users["producer"], "Phiên livestream OCOP")
    client.force_login(users["provincial_officer"])
    client.post(LIST, {"action": "publish_records", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.status == Status.PUBLISHED
    assert Event.objects.published().filter(pk=event.pk).exists()


def test_a_producer_account_cannot_publish_its_event(client, users, places):
    event = propose(client, users["producer"], "Tự đăng thử")
    response = client.post(LIST, {"action": "publish_records", "_selected_action": [event.pk]})
    assert response.status_code in (200, 302)
    with pytest.raises(PermissionDenied):
        moderation.transition(users["producer"], event, "publish")
    event.refresh_from_db()
    assert event.status == Status.SUBMITTED


def test_a_producer_account_cannot_see_or_change_another_producers_or_an_officers_event(client, users, places,
                                                                                     django_user_model):
    home, away = places
    other_account = make_user(django_user_model, "producer", name="away-producer", producer=away)
    theirs = propose(Client(), other_account, "Hội chợ của nhà khác")
    officers = Event.objects.exclude(pk=theirs.pk).filter(proposed_by=None).order_by("pk").first()
    client.force_login(users["producer"])
    listed = client.get(LIST).content.decode()
    for event in (theirs, officers):
        assert f"{LIST}{event.pk}/change/" not in listed
        assert client.get(f"{LIST}{event.pk}/change/").status_code == 403
        response = client.post(f"{LIST}{event.pk}/change/", event_form("Đổi tên", version=event.version))
        assert response.status_code == 403
        event.refresh_from_db()
        assert event.name != "Đổi tên"
    assert theirs.proposed_by == away
