"""#12 item 1: admin history pages apply the change view's rules (no other household's drafts or contacts)."""
import pytest

from gis_app.registry.models import CraftVillage, Evaluation, Producer, Product, Status, TourismSite
from gis_app.tours.models import Tour

pytestmark = pytest.mark.django_db

URLS = {Producer: "registry/producer", Product: "registry/product", Evaluation: "registry/evaluation",
        CraftVillage: "registry/craftvillage", TourismSite: "registry/tourismsite", Tour: "tours/tour"}


def history_urls(record):
    base = f"/admin/{URLS[type(record)]}/{record.pk}/history/"
    return [base, f"{base}{record.history.first().history_id}/"]


@pytest.fixture
def secret_draft(places):
    """The `away` producer as a draft household with private contacts, outside everyone's home area."""
    _home, away = places
    away = Producer.objects.get(pk=away.pk)
    away.status, away.private_phone, away.private_email = Status.DRAFT, "0909 111 222", "bimat@example.vn"
    away.save()
    return away


def test_a_producer_account_cannot_read_another_households_draft_through_history(client, users, secret_draft):
    client.force_login(users["producer"])
    for url in history_urls(secret_draft):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"0909 111 222" not in response.content and b"bimat@example.vn" not in response.content


def test_every_model_with_history_is_guarded(client, users, places):
    _home, away = places
    product = Product.objects.filter(producer=away).first()
    records = [away, product, Evaluation.objects.filter(product__producer=away).first() or Evaluation.objects.first(),
               CraftVillage.objects.first(), TourismSite.objects.first(),
               Tour.objects.create(name="Tour riêng", route="LINESTRING(106.65 10.95, 106.66 10.96)",
                                   start_at="2026-01-01T08:00:00+07:00", distance_m=1, drive_seconds=1,
                                   visit_seconds=0, total_seconds=1, created_by=users["provincial_officer"])]
    for record in records:
        if not record.history.exists():  # demo rows loaded in bulk: give them a first history entry
            record.save()
        client.force_login(users["producer"])
        for url in history_urls(record):
            assert client.get(url).status_code == 403, url
        client.force_login(users["provincial_officer"])
        for url in history_urls(record):
            assert client.get(url).status_code == 200, url


def test_an_officer_reads_history_inside_the_area_only(client, users, places, secret_draft):
    home, _away = places
    client.force_login(users["commune_officer"])
    for url in history_urls(Producer.objects.get(pk=home.pk)):
        assert client.get(url).status_code == 200, url
    for url in history_urls(secret_draft):
        assert client.get(url).status_code == 403, url


def test_a_producer_account_reads_its_own_history(client, users, places):
    home, _away = places
    home = Producer.objects.get(pk=home.pk)
    home.save()
    client.force_login(users["producer"])
    for url in history_urls(home):
        assert client.get(url).status_code == 200, url


def test_a_deleted_records_history_is_for_moderators_only(client, users, places):
    home, _away = places
    product = Product.objects.filter(producer=home).first()
    product.save()
    urls = history_urls(product)
    product.delete()
    client.force_login(users["producer"])
    assert all(client.get(url).status_code == 403 for url in urls)
    client.force_login(users["provincial_officer"])
    assert client.get(urls[0]).status_code == 200
