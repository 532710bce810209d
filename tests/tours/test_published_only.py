"""#12 items 2 and 6: public tours, site pages and villages show only published records; tour admin and owners."""
import json

import pytest
from django.contrib.gis.gdal import DataSource

from gis_app.accounts.models import Role
from gis_app.registry.models import Producer, Product, Status, TourismSite
from gis_app.tours.models import Tour
from tests.roles_helpers import make_user
from tests.tours.test_api import BACH_DANG, LAI_THIEU, TBH, post, stops

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner(django_user_model):
    return make_user(django_user_model, Role.TOURISM_PLANNER, name="nguoilaptour")


def save_tour(client, user):
    client.force_login(user)
    response = post(client, "/api/v1/tours/", {"name": "Vườn và sơn mài", "stops": stops(LAI_THIEU, TBH, BACH_DANG)})
    assert response.status_code == 201
    return Tour.objects.get(pk=response.json()["id"])


def unpublish(site_name):
    TourismSite.objects.filter(name=site_name).update(status=Status.DRAFT)
    return TourismSite.objects.get(name=site_name)


def test_a_tour_with_a_draft_stop_cannot_be_published(client, planner):
    tour = save_tour(client, planner)
    unpublish(TBH)
    response = client.post(f"/api/v1/tours/{tour.pk}/publish/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and response.json()["error"]["field"] == "stops"
    assert TBH in response.json()["error"]["message"]
    assert Tour.objects.get(pk=tour.pk).status == "draft"


def public_outputs(client, tour):
    client.logout()
    api = client.get(f"/api/v1/tours/{tour.pk}/")
    page = client.get(f"/tours/{tour.pk}/")
    printed = client.get(f"/tours/{tour.pk}/print/")
    files = [client.get(f"/api/v1/tours/{tour.pk}/export/{fmt}/") for fmt in ("gpx", "kml")]
    assert all(r.status_code == 200 for r in [api, page, printed, *files])
    return api.json(), [page.content.decode(), printed.content.decode()], files


def test_a_stop_unpublished_after_publishing_is_left_out_for_the_public(client, planner, tmp_path):
    tour = save_tour(client, planner)
    assert client.post(f"/api/v1/tours/{tour.pk}/publish/").status_code == 200
    site = unpublish(TBH)
    data, pages, files = public_outputs(client, tour)
    assert [s["name"] for s in data["stops"]] == [LAI_THIEU, BACH_DANG]
    assert site.pk not in [s["site"] for s in data["stops"]]
    for html in pages:
        assert TBH not in html and f"\"lon\": {site.location.x}," not in html  # (the route passes nearby)
    for fmt, response in zip(("gpx", "kml"), files):
        path = tmp_path / f"t.{fmt}"
        path.write_bytes(response.content)
        names = [f.get("name" if fmt == "gpx" else "Name") for f in DataSource(str(path))["waypoints"]]
        assert names == [LAI_THIEU, BACH_DANG]
    # staff still see the stop, marked as not public
    client.force_login(planner)
    staff = client.get(f"/api/v1/tours/{tour.pk}/").json()["stops"]
    assert [(s["name"], s["public"]) for s in staff] == [(LAI_THIEU, True), (TBH, False), (BACH_DANG, True)]
    page = client.get(f"/tours/{tour.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert TBH in page and "not public" in page


def test_a_stop_at_a_draft_producer_is_hidden_too(client, planner):
    tour = save_tour(client, planner)
    Tour.objects.filter(pk=tour.pk).update(status="published")
    producer = Producer.objects.published().first()
    tour.stops.filter(position=2).update(site=None, producer=producer, name=producer.name)
    Producer.objects.filter(pk=producer.pk).update(status=Status.DRAFT)
    data, pages, _files = public_outputs(client, tour)
    assert producer.name not in json.dumps(data, ensure_ascii=False) and all(producer.name not in p for p in pages)


def test_tours_do_not_show_their_authors_user_name(client, planner):
    tour = save_tour(client, planner)
    Tour.objects.filter(pk=tour.pk).update(status="published")
    data, pages, _files = public_outputs(client, tour)
    assert "created_by" not in data and "nguoilaptour" not in json.dumps(data)
    assert all("nguoilaptour" not in html for html in pages)


def test_a_tour_whose_creator_was_deleted_belongs_to_moderators_only(client, planner, django_user_model):
    tour = save_tour(client, planner)
    planner.delete()
    other = make_user(django_user_model, Role.TOURISM_PLANNER, name="planner_khac")
    client.force_login(other)
    assert client.post(f"/api/v1/tours/{tour.pk}/publish/").status_code in (403, 404)
    assert client.get(f"/admin/tours/tour/{tour.pk}/change/").status_code in (302, 403, 404)
    assert Tour.objects.get(pk=tour.pk).status == "draft"
    moderator = make_user(django_user_model, Role.PROVINCIAL_OFFICER, name="tinh")
    client.force_login(moderator)
    assert client.post(f"/api/v1/tours/{tour.pk}/publish/").status_code == 200
    response = client.get(f"/api/v1/tours/{tour.pk}/")
    assert response.status_code == 200


def test_a_tour_added_in_the_admin_is_measured_not_a_500(admin_client, admin_user):
    response = admin_client.post("/admin/tours/tour/add/", {
        "name": "Tour vẽ tay", "description": "", "status": "draft",
        "route": json.dumps({"type": "LineString", "coordinates": [[106.65, 10.95], [106.66, 10.96]]}),
        "end": "open", "start_at_0": "2026-01-01", "start_at_1": "08:00:00",
        "stops-TOTAL_FORMS": "0", "stops-INITIAL_FORMS": "0"})
    assert response.status_code == 302, response.content.decode()[:2000]
    tour = Tour.objects.get(name="Tour vẽ tay")
    # independent figure: 0.01° × 0.01° at 10.95° N is about 1,101 m × 1,106 m → ~1,562 m
    assert tour.distance_m == pytest.approx(1562, rel=0.01)
    assert tour.total_seconds == pytest.approx(tour.distance_m / (30 / 3.6)) and tour.created_by == admin_user


def test_a_site_page_lists_no_product_of_a_draft_producer(client):
    site = TourismSite.objects.published().first()
    product = Product.objects.published().first()
    site.products.add(product)
    assert product.name in client.get(f"/sites/{site.pk}/").content.decode()
    Producer.objects.filter(pk=product.producer_id).update(status=Status.DRAFT)
    assert not Product.objects.published().filter(pk=product.pk).exists()
    assert product.name not in client.get(f"/sites/{site.pk}/").content.decode()
