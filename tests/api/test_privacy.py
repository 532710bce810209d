"""Anonymous callers see only published records and never private contacts; staff see everything."""
import json

import pytest
from django.contrib.gis.geos import Point

from gis_app.registry.models import CraftVillage, Producer, Status
from tests.factories import ProducerFactory, ProductFactory, TourismSiteFactory

PRIVATE_PHONE = "0900111222"
PRIVATE_EMAIL = "secret.household@example.vn"


@pytest.fixture
def hidden(db):
    """A draft producer (with private contacts) and its product, a draft site and a rejected village."""
    village = CraftVillage.objects.get(name="Làng nghề sơn mài Tương Bình Hiệp")
    inside = village.area.point_on_surface
    here = Point(inside.x, inside.y, srid=4326)
    producer = ProducerFactory(name="Hộ sơn mài chưa duyệt", status=Status.DRAFT, location=here,
                               private_phone=PRIVATE_PHONE, private_email=PRIVATE_EMAIL)
    product = ProductFactory(producer=producer, name="Tranh sơn mài chưa duyệt")
    draft_of_published = ProductFactory(producer=Producer.objects.published().first(), name="Sản phẩm nháp",
                                        status=Status.SUBMITTED)
    site = TourismSiteFactory(name="Vườn chưa duyệt", status=Status.DRAFT, location=here)
    rejected = CraftVillage.objects.create(name="Làng bị từ chối", craft="Gốm", area=village.area,
                                           status=Status.REJECTED)
    return {"producer": producer, "product": product, "draft_product": draft_of_published, "site": site,
            "village": rejected, "point": f"{inside.x},{inside.y}"}


LISTS = ["/api/v1/producers/", "/api/v1/products/", "/api/v1/evaluations/", "/api/v1/sites/", "/api/v1/villages/"]


def body(client, url, **params):
    response = client.get(url, {"page_size": 1000, **params})
    assert response.status_code == 200, response.content
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", LISTS)
def test_anonymous_lists_hold_no_unpublished_record_and_no_private_contact(client, hidden, url):
    for params in ({}, {"nearest": hidden["point"], "limit": 100}, {"near": hidden["point"], "radius": 5000}):
        if url.endswith("villages/") and params:
            continue
        text = body(client, url, **params)
        for key in ("private_phone", "private_email", PRIVATE_PHONE, PRIVATE_EMAIL, "chưa duyệt", "Sản phẩm nháp",
                    "Làng bị từ chối"):
            assert key not in text
        statuses = {f["properties"].get("status", "published") for f in json.loads(text)["features"]}
        assert statuses <= {"published"}


@pytest.mark.django_db
def test_anonymous_details_of_unpublished_records_are_not_found(client, hidden):
    assert client.get(f"/api/v1/producers/{hidden['producer'].pk}/").status_code == 404
    assert client.get(f"/api/v1/products/{hidden['product'].pk}/").status_code == 404  # its producer is a draft
    assert client.get(f"/api/v1/products/{hidden['draft_product'].pk}/").status_code == 404
    assert client.get(f"/api/v1/sites/{hidden['site'].pk}/").status_code == 404
    assert client.get(f"/api/v1/villages/{hidden['village'].pk}/").status_code == 404
    published = Producer.objects.published().exclude(private_phone="").first()
    text = client.get(f"/api/v1/producers/{published.pk}/").content.decode()
    assert published.private_phone not in text and "private_email" not in text


@pytest.mark.django_db
def test_hidden_producers_count_nowhere_for_the_public(client, hidden):
    village = client.get("/api/v1/villages/", {"q": "Tương Bình Hiệp"}).json()["features"][0]
    members = CraftVillage.objects.get(pk=village["id"]).members()
    assert village["properties"]["members"] == members.published().count() == members.count() - 1
    communes = client.get("/api/v1/aggregates/units/").json()["features"]
    assert sum(f["properties"]["producers"] for f in communes) == Producer.objects.published().count()


@pytest.mark.django_db
def test_staff_see_every_record_and_the_private_contacts(admin_client, hidden):
    producers = admin_client.get("/api/v1/producers/", {"page_size": 1000}).json()
    assert producers["count"] == Producer.objects.count()
    mine = next(f for f in producers["features"] if f["id"] == hidden["producer"].pk)
    assert mine["properties"]["private_phone"] == PRIVATE_PHONE
    assert mine["properties"]["status"] == "draft"
    detail = admin_client.get(f"/api/v1/producers/{hidden['producer'].pk}/").json()
    assert detail["private_email"] == PRIVATE_EMAIL
    assert [p["name"] for p in detail["products"]] == ["Tranh sơn mài chưa duyệt"]
    for kind in ("product", "draft_product", "site", "village"):
        path = {"product": "products", "draft_product": "products", "site": "sites", "village": "villages"}[kind]
        assert admin_client.get(f"/api/v1/{path}/{hidden[kind].pk}/").status_code == 200
    village = admin_client.get("/api/v1/villages/", {"q": "Tương Bình Hiệp"}).json()["features"][0]
    assert village["properties"]["members"] == CraftVillage.objects.get(pk=village["id"]).members().count()
