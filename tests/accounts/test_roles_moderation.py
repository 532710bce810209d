"""Moderation: draft → submitted → published, or rejected with a reason; each role takes only its own steps,
and the public sees published records only."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from gis_app.accounts.moderation import transition
from gis_app.registry.models import Producer, Status

pytestmark = pytest.mark.django_db


def with_status(producer, status):
    Producer.objects.filter(pk=producer.pk).update(status=status)
    return Producer.objects.get(pk=producer.pk)


def test_the_full_path_draft_submitted_published(users, places):
    home, _away = places
    record = transition(users["producer"], with_status(home, Status.DRAFT), "submit")
    assert record.status == Status.SUBMITTED
    record = transition(users["provincial_officer"], Producer.objects.get(pk=home.pk), "publish")
    assert Producer.objects.get(pk=home.pk).status == Status.PUBLISHED


@pytest.mark.parametrize("role", ["producer", "commune_officer", "district_officer", "tourism_planner"])
@pytest.mark.parametrize("action", ["publish", "reject"])
def test_only_provincial_officers_and_administrators_publish_or_reject(users, places, role, action):
    home, _away = places
    with pytest.raises(PermissionDenied):
        transition(users[role], with_status(home, Status.SUBMITTED), action, "lý do")
    assert Producer.objects.get(pk=home.pk).status == Status.SUBMITTED


def test_tourism_planners_do_not_submit_registry_records(users, places):
    home, _away = places
    with pytest.raises(PermissionDenied):
        transition(users["tourism_planner"], with_status(home, Status.DRAFT), "submit")


def test_an_officer_submits_only_inside_the_area(users, places):
    home, away = places
    assert transition(users["commune_officer"], with_status(home, Status.DRAFT), "submit").status == Status.SUBMITTED
    with pytest.raises(PermissionDenied):
        transition(users["commune_officer"], with_status(away, Status.DRAFT), "submit")
    assert Producer.objects.get(pk=away.pk).status == Status.DRAFT


@pytest.mark.parametrize("language,text", [("en", "Say why"), ("vi", "Nêu lý do")])
def test_a_rejection_needs_a_reason_which_is_kept_until_published(users, places, language, text):
    home, _away = places
    with translation.override(language), pytest.raises(ValidationError) as refused:
        transition(users["provincial_officer"], with_status(home, Status.SUBMITTED), "reject", "  ")
    assert text in str(refused.value)
    transition(users["provincial_officer"], Producer.objects.get(pk=home.pk), "reject", "Ảnh sản phẩm bị mờ")
    rejected = Producer.objects.get(pk=home.pk)
    assert rejected.status == Status.REJECTED and rejected.rejection_reason == "Ảnh sản phẩm bị mờ"
    transition(users["producer"], rejected, "submit")  # corrected and sent again
    transition(users["administrator"], Producer.objects.get(pk=home.pk), "publish")
    assert Producer.objects.get(pk=home.pk).rejection_reason == ""


def test_a_step_that_does_not_apply_to_the_status_is_refused(users, places):
    home, _away = places
    with pytest.raises(ValidationError):
        transition(users["provincial_officer"], with_status(home, Status.DRAFT), "reject", "lý do")
    with pytest.raises(ValidationError):
        transition(users["producer"], with_status(home, Status.PUBLISHED), "submit")


def test_the_public_sees_only_published_records(client, users, places):
    home, away = places
    with_status(home, Status.SUBMITTED)
    with_status(away, Status.REJECTED)
    listed = {f["id"] for f in client.get("/api/v1/producers/", {"page_size": 1000}).json()["features"]}
    assert home.pk not in listed and away.pk not in listed
    assert client.get(f"/api/v1/producers/{home.pk}/").status_code == 404
    assert Producer.objects.published().exists() and listed == set(Producer.objects.published()
                                                                   .values_list("pk", flat=True))
    transition(users["provincial_officer"], Producer.objects.get(pk=home.pk), "publish")
    assert client.get(f"/api/v1/producers/{home.pk}/").status_code == 200


def test_layers_show_a_record_only_once_published(client, users, places):
    home, _away = places
    with_status(home, Status.SUBMITTED)
    item = f"/ogc/collections/producers/items/{home.pk}"
    assert client.get(item).status_code == 404
    assert home.name not in client.get("/export/producers.geojson").content.decode()
    transition(users["provincial_officer"], Producer.objects.get(pk=home.pk), "publish")
    assert client.get(item).status_code == 200
    assert home.name in client.get("/export/producers.geojson").content.decode()


def test_producer_accounts_do_not_see_other_drafts_or_private_contacts(client, users, places):
    _home, away = places
    with_status(away, Status.DRAFT)
    client.force_login(users["producer"])
    assert client.get(f"/api/v1/producers/{away.pk}/").status_code == 404
    published = Producer.objects.published().exclude(pk=places[0].pk).first()
    detail = client.get(f"/api/v1/producers/{published.pk}/").json()  # another household: the key, never the value
    assert detail.get("private_phone") is None and detail.get("private_email") is None

