"""Today's units first (issue #24): pages name today's ward or commune, the old one as history; the province is
79 with its official name, the demo nature of the shapes apart from it; 74 → 79 and the commune links carry
their legal basis."""
import pytest
from django.utils import timezone

from gis_app.places.models import AdminUnit, UnitSuccession
from gis_app.places.naming import place_of, unit_label
from gis_app.registry.models import Producer

pytestmark = pytest.mark.django_db


def test_a_producers_page_names_its_current_ward_and_the_old_commune_as_history(client):
    producer = Producer.objects.published().filter(commune__valid_to__isnull=False).select_related(
        "commune__parent").order_by("pk").first()
    place = place_of(producer)
    assert place["current"].endswith("Thành phố Hồ Chí Minh")
    assert place["before"].startswith(f"{producer.commune.kind} {producer.commune.name}")
    page = client.get(f"/producers/{producer.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert place["current"] in page
    assert f"trước 01/07/2025: {place['before']}" in page
    english = client.get(f"/producers/{producer.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"before 01/07/2025: {place['before']}" in english
    product = producer.products.published().first()
    if product is not None:
        assert place["current"] in client.get(f"/products/{product.pk}/").content.decode()


def test_the_current_ward_is_the_one_the_record_lies_in():
    for producer in Producer.objects.filter(commune__isnull=False).order_by("pk")[:20]:
        current = place_of(producer)["current"]
        today = AdminUnit.objects.filter(level="commune", geom__covers=producer.location).valid_on(
            timezone.localdate())
        assert any(current.startswith(f"{u.kind} {u.name}") for u in today), (producer.pk, current)


def test_the_province_is_79_with_its_official_name_and_the_demo_shapes_are_said_apart():
    city = AdminUnit.objects.get(level="province", code="79")
    assert (city.kind, city.name) == ("thành phố", "Hồ Chí Minh")
    assert unit_label(city, timezone.localdate()) == "Thành phố Hồ Chí Minh"
    assert "demo" in city.shape_source and "demo" not in city.name
    link = UnitSuccession.objects.get(old_unit__code="74", new_unit=city)
    assert str(link.effective) == "2025-07-01" and "202/2025/QH15" in link.legal_basis
    communes = UnitSuccession.objects.filter(old_unit__level="commune")
    assert communes.count() == 107 and all("1685/NQ-UBTVQH15" in c.legal_basis for c in communes)
    assert all("chưa đối chiếu" in c.legal_basis for c in UnitSuccession.objects.all())  # unverified, said so


def test_a_units_label_comes_from_its_history_rows_on_the_day():
    old = AdminUnit.objects.filter(level="commune", valid_to__isnull=False).select_related("parent").first()
    day = old.valid_from
    kind, name = old.as_of(day)
    assert unit_label(old, day).startswith(f"{kind} {name}, ")


def test_the_boundary_source_goes_with_the_shapes_in_the_api_and_the_layer(client):
    unit = client.get("/api/v1/units/", {"level": "province", "page_size": 10}).json()["features"]
    assert unit and all("demo" in f["properties"]["shape_source"] for f in unit)
    items = client.get("/ogc/collections/admin_units/items", {"limit": 5}).json()["features"]
    assert items and all("demo" in f["properties"]["shape_source"] for f in items)


def test_the_catalogues_unit_choices_put_todays_first_and_never_read_alike(client):
    import re

    page = client.get("/products/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    select = page[page.index('<select name="unit">'):]
    select = select[:select.index("</select>")]
    groups = re.findall(r'<optgroup label="([^"]+)"', select)
    assert groups[0] == "Cấp xã (từ 01/07/2025)", groups  # today's units first, the pre-2025 ones after
    labels = re.findall(r"<option value=\"[^\"]+\"[^>]*>([^<]+)</option>", select)
    assert len(labels) == len(set(labels)), [x for x in labels if labels.count(x) > 1]
