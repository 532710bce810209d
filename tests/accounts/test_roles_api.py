"""API write paths follow the roles, and an edit based on a stale version gets 409 Conflict."""
import json

import pytest

from gis_app.registry.models import Producer, Product, StaleRecord, Status, TourismSite

pytestmark = pytest.mark.django_db


def patch(client, url, data, language="en", **headers):
    return client.patch(url, json.dumps(data), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language,
                        **headers)


def as_user(client, user):
    client.force_login(user)
    return client


def test_anonymous_visitors_cannot_write_anything(client, places):
    home, _away = places
    product = home.products.first()
    assert patch(client, f"/api/v1/producers/{home.pk}/", {"version": home.version, "name": "x"}).status_code \
        in (401, 403)
    assert patch(client, f"/api/v1/products/{product.pk}/", {"version": product.version, "name": "x"}).status_code \
        in (401, 403)
    for kind, pk in (("producers", home.pk), ("products", product.pk)):
        for action in ("submit", "publish", "reject"):
            assert client.post(f"/api/v1/{kind}/{pk}/{action}/", {"reason": "x"}).status_code in (401, 403)
    assert client.post("/api/v1/tours/", {}, content_type="application/json").status_code in (401, 403)
    assert Producer.objects.get(pk=home.pk).name == home.name


@pytest.mark.parametrize("role", ["commune_officer", "district_officer", "producer", "tourism_planner"])
def test_editing_a_producer_elsewhere_is_refused(client, users, places, role):
    _home, away = places
    response = patch(as_user(client, users[role]), f"/api/v1/producers/{away.pk}/",
                     {"version": away.version, "name": "Đổi tên trái phép"})
    assert response.status_code in (403, 404)
    if response.status_code == 403:
        assert response.json()["error"]["message"]
    assert Producer.objects.get(pk=away.pk).name == away.name


@pytest.mark.parametrize("role", ["commune_officer", "district_officer", "provincial_officer", "producer"])
def test_editing_a_producer_in_ones_own_area_or_account_is_saved(client, users, places, role):
    home, _away = places
    response = patch(as_user(client, users[role]), f"/api/v1/producers/{home.pk}/",
                     {"version": home.version, "public_phone": "0274 3 777 666"})
    saved = Producer.objects.get(pk=home.pk)
    if role == "producer" and home.status == Status.PUBLISHED:
        # a producer's edit of a published record waits as a pending change; the record stays public (#25 item 5)
        assert response.status_code == 202, response.content
        assert saved.public_phone == home.public_phone and saved.status == Status.PUBLISHED
        assert response.json()["pending_change"]["fields"] == ["public_phone"]
        return
    assert response.status_code == 200, response.content
    assert saved.public_phone == "0274 3 777 666" and response.json()["version"] == saved.version == home.version + 1
    assert (saved.status == Status.SUBMITTED) == (role == "producer")  # producers' changes wait for review


@pytest.mark.parametrize("language,text", [("en", "outside your area"), ("vi", "ngoài địa bàn")])
def test_commune_officer_cannot_move_a_producer_into_another_district(client, users, places, language, text):
    home, away = places
    response = patch(as_user(client, users["commune_officer"]), f"/api/v1/producers/{home.pk}/",
                     {"version": home.version, "location": {"type": "Point", "coordinates": list(away.location)}},
                     language)
    assert response.status_code == 403 and text in response.json()["error"]["message"]
    assert Producer.objects.get(pk=home.pk).commune_id == home.commune_id


def test_producer_account_edits_its_own_products_only(client, users, places):
    home, away = places
    own, other = home.products.first(), away.products.first()
    client = as_user(client, users["producer"])
    # own is published: the edit waits as a pending change (202), the product stays public (#25 item 5)
    assert patch(client, f"/api/v1/products/{own.pk}/", {"version": own.version, "description": "Mới"}).status_code \
        == (202 if own.status == Status.PUBLISHED else 200)
    refused = patch(client, f"/api/v1/products/{other.pk}/", {"version": other.version, "description": "x"})
    assert refused.status_code in (403, 404)
    assert Product.objects.get(pk=other.pk).description == other.description
    assert Product.objects.get(pk=own.pk).status == (Status.PUBLISHED if own.status == Status.PUBLISHED
                                                      else Status.SUBMITTED)


@pytest.mark.parametrize("language,text", [("en", "Someone else saved"), ("vi", "Người khác đã lưu")])
def test_an_edit_of_a_stale_version_gets_409_and_changes_nothing(client, users, places, language, text):
    home, _away = places
    client = as_user(client, users["district_officer"])
    url = f"/api/v1/producers/{home.pk}/"
    read = client.get(url).json()["version"]
    first = patch(client, url, {"version": read, "address": "Bản của cán bộ A"})
    assert first.status_code == 200
    second = patch(client, url, {"version": read, "address": "Bản của cán bộ B"}, language)
    assert second.status_code == 409 and text in second.json()["error"]["message"]
    assert second.json()["error"]["field"] == "version"
    assert Producer.objects.get(pk=home.pk).address == "Bản của cán bộ A"


def test_if_match_header_works_like_the_version_field_and_a_missing_version_is_refused(client, users, places):
    home, _away = places
    client = as_user(client, users["provincial_officer"])
    url = f"/api/v1/products/{home.products.first().pk}/"
    etag = client.get(url)["ETag"]
    assert patch(client, url, {"description": "A"}, HTTP_IF_MATCH=etag).status_code == 200
    assert patch(client, url, {"description": "B"}, HTTP_IF_MATCH=etag).status_code == 409
    assert patch(client, url, {"description": "C"}).status_code == 428


def test_producer_account_may_submit_but_not_publish(client, users, places):
    home, _away = places
    Producer.objects.filter(pk=home.pk).update(status=Status.DRAFT)
    client = as_user(client, users["producer"])
    assert client.post(f"/api/v1/producers/{home.pk}/publish/").status_code == 403
    assert client.post(f"/api/v1/producers/{home.pk}/submit/").json()["status"] == Status.SUBMITTED
    assert client.post(f"/api/v1/producers/{home.pk}/reject/", {"reason": "x"}).status_code == 403
    assert Producer.objects.get(pk=home.pk).status == Status.SUBMITTED


@pytest.mark.parametrize("role", ["commune_officer", "district_officer", "tourism_planner"])
def test_only_provincial_officers_publish(client, users, places, role):
    home, _away = places
    Producer.objects.filter(pk=home.pk).update(status=Status.SUBMITTED)
    response = as_user(client, users[role]).post(f"/api/v1/producers/{home.pk}/publish/")
    assert response.status_code == 403
    assert Producer.objects.get(pk=home.pk).status == Status.SUBMITTED


def test_officer_cannot_submit_a_site_outside_the_area(client, users, places):
    _home, away = places
    site = TourismSite.objects.exclude(commune__parent=places[0].commune.parent).first()
    TourismSite.objects.filter(pk=site.pk).update(status=Status.DRAFT)
    response = as_user(client, users["district_officer"]).post(f"/api/v1/sites/{site.pk}/submit/")
    assert response.status_code == 403
    assert TourismSite.objects.get(pk=site.pk).status == Status.DRAFT


def test_tourism_planner_saves_tours_and_producer_accounts_do_not(client, users):
    payload = {"name": "Thử", "stops": []}
    response = as_user(client, users["producer"]).post("/api/v1/tours/", payload, content_type="application/json")
    assert response.status_code == 403
    response = as_user(client, users["tourism_planner"]).post("/api/v1/tours/", payload,
                                                              content_type="application/json")
    assert response.status_code == 400  # allowed in, then told the stops are missing


def test_a_copy_read_before_another_save_cannot_be_saved_by_any_path(places):
    home, _away = places
    mine, theirs = Producer.objects.get(pk=home.pk), Producer.objects.get(pk=home.pk)
    theirs.address = "Bản của người kia"
    theirs.save()
    mine.address = "Bản của tôi"
    with pytest.raises(StaleRecord):
        mine.save()
    assert Producer.objects.get(pk=home.pk).address == "Bản của người kia"


def test_producer_accounts_do_not_get_the_staff_supply_pages(client, users):
    client.force_login(users["producer"])
    assert client.get("/api/v1/supply/clusters/").status_code == 403
    assert client.get("/supply/").status_code == 302
    client.force_login(users["district_officer"])
    assert client.get("/supply/").status_code == 200
