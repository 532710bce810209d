"""Choropleth and group counts equal counts from plain Python loops over the demo rows."""
import datetime
from collections import Counter

import pytest
from django.conf import settings
from shapely import wkt
from shapely.geometry import Point as ShapelyPoint

from gis_app.places.models import AdminUnit
from gis_app.registry.models import Producer, Product, ProductSubgroup, Status
from tests.recognition_helpers import stars_in_force

KEYS = ("producers", "products", "products_3_stars", "products_4_stars", "products_5_stars")


def stars_today():
    """Stars in force today per product id (the latest decision, unless expired or revoked), by a loop."""
    return stars_in_force()


def public_products():
    return [p for p in Product.objects.select_related("producer")
            if p.status == Status.PUBLISHED and p.producer.status == Status.PUBLISHED]


def expected_counts(unit_of_producer):
    """{unit code: counts} where unit_of_producer(producer) gives the codes a producer counts in."""
    counts = {}
    producers = [p for p in Producer.objects.select_related("commune__parent") if p.status == Status.PUBLISHED]
    for producer in producers:
        for code in unit_of_producer(producer):
            counts.setdefault(code, Counter())["producers"] += 1
    stars = stars_today()
    for product in public_products():
        if product.pk not in stars:  # not an OCOP product today: candidate, expired or revoked
            continue
        for code in unit_of_producer(product.producer):
            counts.setdefault(code, Counter())["products"] += 1
            counts[code][f"products_{stars[product.pk]}_stars"] += 1
    return counts


def answer(client, **params):
    if "on" not in params and "units_on" not in params:  # the registry's units (today's are the default, #24)
        params["units_on"] = settings.OCOP_REGISTRY_UNITS_ON.isoformat()
    response = client.get("/api/v1/aggregates/units/", params)
    assert response.status_code == 200, response.content
    return {f["properties"]["code"]: f for f in response.json()["features"]}


@pytest.mark.django_db
def test_commune_counts_equal_a_loop_over_the_demo_rows_zeros_included(client):
    found = answer(client, level="commune")
    communes = AdminUnit.objects.filter(level="commune").valid_on(settings.OCOP_REGISTRY_UNITS_ON)
    assert set(found) == set(communes.values_list("code", flat=True))
    expected = expected_counts(lambda p: [p.commune.code])
    for code, feature in found.items():
        assert {k: feature["properties"][k] for k in KEYS} == {k: expected.get(code, Counter())[k] for k in KEYS}
    assert any(f["properties"]["producers"] == 0 for f in found.values())
    assert sum(f["properties"]["products_4_stars"] for f in found.values()) > 0
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in found.values())


@pytest.mark.django_db
def test_district_counts_equal_a_loop_over_the_demo_rows(client):
    found = answer(client, level="district")
    assert len(found) == 9
    expected = expected_counts(lambda p: [p.commune.parent.code])
    for code, feature in found.items():
        assert {k: feature["properties"][k] for k in KEYS} == {k: expected.get(code, Counter())[k] for k in KEYS}


@pytest.mark.django_db
def test_post_2025_commune_counts_equal_a_point_in_polygon_loop(client):
    found = answer(client, level="commune", on="2025-08-01")
    new_communes = {u.code: wkt.loads(u.geom.wkt)
                    for u in AdminUnit.objects.filter(level="commune").valid_on(datetime.date(2025, 8, 1))}
    assert set(found) == set(new_communes)

    def covering(producer):
        point = ShapelyPoint(producer.location.x, producer.location.y)
        return [code for code, shape in new_communes.items() if shape.covers(point)]

    expected = expected_counts(covering)
    for code, feature in found.items():
        assert {k: feature["properties"][k] for k in KEYS} == {k: expected.get(code, Counter())[k] for k in KEYS}


@pytest.mark.django_db
def test_counts_of_one_group_include_products_rated_under_the_other_taxonomy(client):
    day = datetime.date(2022, 12, 1)  # 1048/2019 decisions in force beside the first 148/2023 ones
    found = answer(client, level="district", group="2023.CRAFT", stars_on=day.isoformat())
    craft = set(ProductSubgroup.objects.filter(group__code="2023.CRAFT").values_list("pk", flat=True))
    craft |= set(ProductSubgroup.objects.filter(equivalents__group__code="2023.CRAFT").values_list("pk", flat=True))
    ocop = stars_in_force(day)
    products = [p for p in public_products() if p.subgroup_id in craft and p.pk in ocop]
    assert {p.subgroup.group.version.code for p in products} == {"2019", "2023"}
    expected = Counter(p.producer.commune.parent.code for p in products)
    assert {code: f["properties"]["products"] for code, f in found.items() if f["properties"]["products"]} == expected
    # Producers count when they hold a product of the group, an OCOP product that day or not.
    in_group = [p for p in public_products() if p.subgroup_id in craft]
    producers = Counter(code for _, code in {(p.producer_id, p.producer.commune.parent.code) for p in in_group})
    found_producers = {code: f["properties"]["producers"] for code, f in found.items() if f["properties"]["producers"]}
    assert found_producers == producers


@pytest.mark.django_db
def test_group_aggregates_equal_a_loop_over_the_demo_rows(client):
    response = client.get("/api/v1/aggregates/groups/", {"version": "2023"}, HTTP_ACCEPT_LANGUAGE="en")
    groups = {g["code"]: g for g in response.json()["groups"]}
    stars = stars_today()
    subgroups = {s.pk: s for s in ProductSubgroup.objects.prefetch_related("equivalents").select_related("group")}
    expected = {}
    for product in public_products():
        if product.pk not in stars:
            continue
        subgroup = subgroups[product.subgroup_id]
        codes = {subgroup.group.code} | {e.group.code for e in subgroup.equivalents.all()}
        if not codes & set(groups):
            codes = {None}  # no equivalent in 2023: a line of its own, never dropped
        for code in codes:
            if code in groups:
                row = expected.setdefault(code, {"products": 0, "producers": set(), 3: 0, 4: 0, 5: 0})
                row["products"] += 1
                row["producers"].add(product.producer_id)
                row[stars[product.pk]] += 1
    assert sum(row["products"] for row in expected.values()) >= len(stars) - 1 > 0
    for code, row in expected.items():
        assert groups[code]["products"] == row["products"]
        assert groups[code]["producers"] == len(row["producers"])
        assert [groups[code][f"products_{n}_stars"] for n in (3, 4, 5)] == [row[3], row[4], row[5]]
    assert groups["2023.FOOD"]["name"] == "Food"
    assert groups[None]["no_equivalent"] is True and groups[None]["name"] == "No equivalent group in this version"


@pytest.mark.django_db
def test_cross_version_counts_show_a_no_equivalent_line_instead_of_dropping_products(client):
    """2023 ornamental plants have no 2019 group: counted under 2019 on a "no equivalent" line."""
    response = client.get("/api/v1/aggregates/groups/", {"version": "2019"}, HTTP_ACCEPT_LANGUAGE="vi")
    groups = {g["code"]: g for g in response.json()["groups"]}
    stars = stars_in_force()
    ornamental = [p for p in public_products() if p.pk in stars and p.subgroup.group.code == "2023.ORNA"]
    assert ornamental and groups[None]["products"] == len(ornamental)
    assert groups[None]["name"] == "Không có nhóm tương đương trong phiên bản này"
    assert sum(groups[code]["products_3_stars"] + groups[code]["products_4_stars"] for code in groups
               if code is None or code.startswith("2019.")) >= len(stars)
