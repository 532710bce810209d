"""Attribute filters answer what a loop over the demo rows answers: units old and new, groups across taxonomies."""
import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from shapely import wkt
from shapely.geometry import Point as ShapelyPoint

from gis_app.places.models import AdminUnit
from gis_app.registry.models import CraftVillage, Producer, Product, ProductSubgroup, Status, TourismSite
from tests.api.test_aggregates import public_products, stars_today
from tests.recognition_helpers import decisions_in_force

REFORM_DAY = datetime.date(2025, 8, 1)


def ids(client, url, **params):
    response = client.get(url, {"page_size": 1000, **params})
    assert response.status_code == 200, response.content
    return {f["id"] for f in response.json()["features"]}


def public_producers():
    return [p for p in Producer.objects.select_related("commune__parent") if p.status == Status.PUBLISHED]


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["25771", "718", "725"])
def test_old_unit_codes_select_the_records_filed_under_them(client, code):
    expected = {p.pk for p in public_producers() if code in (p.commune.code, p.commune.parent.code)}
    assert expected
    old_day = settings.OCOP_REGISTRY_UNITS_ON.isoformat()  # old codes on an old day: today's units are the default (#24)
    assert ids(client, "/api/v1/producers/", unit=code, units_on=old_day) == expected
    products = {p.pk for p in public_products() if code in (p.producer.commune.code, p.producer.commune.parent.code)}
    assert ids(client, "/api/v1/products/", unit=code, units_on=old_day) == products


def covered_by(unit):
    shape = wkt.loads(unit.geom.wkt)
    return {p.pk for p in public_producers() if shape.covers(ShapelyPoint(p.location.x, p.location.y))}


@pytest.mark.django_db
def test_a_new_unit_code_selects_the_records_inside_its_area(client):
    new_units = AdminUnit.objects.filter(level="commune").valid_on(REFORM_DAY)
    for unit in sorted(new_units, key=lambda u: -len(covered_by(u)))[:3]:
        assert covered_by(unit)
        assert ids(client, "/api/v1/producers/", unit=unit.code, units_on=REFORM_DAY.isoformat()) == covered_by(unit)
        # Products are located at their producer: the same unit through the relation (a 500 once).
        products = {p.pk for p in public_products() if p.producer_id in covered_by(unit)}
        assert ids(client, "/api/v1/products/", unit=unit.code, units_on=REFORM_DAY.isoformat()) == products


@pytest.mark.django_db
def test_a_code_shared_by_old_and_new_units_means_the_unit_of_the_given_day(client):
    old = AdminUnit.objects.get(code="25747", valid_to__isnull=False)
    new = AdminUnit.objects.get(code="25747", valid_to__isnull=True)
    old_ids = {p.pk for p in public_producers() if p.commune_id == old.pk}
    # today's unit by default (#24), the old one on an old day
    assert ids(client, "/api/v1/producers/", unit="25747", units_on=settings.OCOP_REGISTRY_UNITS_ON.isoformat()) == old_ids
    assert ids(client, "/api/v1/producers/", unit="25747", units_on=REFORM_DAY.isoformat()) == covered_by(new)
    assert ids(client, "/api/v1/producers/", unit="25747") == covered_by(new)
    assert old_ids < covered_by(new)


def products_matching(match):
    """Public product ids whose sub-group, or a sub-group equivalent to it, satisfies match(subgroup)."""
    subgroups = ProductSubgroup.objects.select_related("group").prefetch_related("equivalents__group")
    wanted = {s.pk for s in subgroups if match(s) or any(match(e) for e in s.equivalents.all())}
    return {p.pk for p in public_products() if p.subgroup_id in wanted}


@pytest.mark.django_db
@pytest.mark.parametrize("group", ["2019.SOUV", "2023.CRAFT", "2019.FOOD"])
def test_group_filter_matches_products_of_either_taxonomy(client, group):
    expected = products_matching(lambda s: s.group.code == group)
    found = ids(client, "/api/v1/products/", group=group)
    assert found == expected
    versions = {Product.objects.get(pk=pk).subgroup.group.version.code for pk in found}
    assert versions >= {"2019", "2023"}, "the filter must cross taxonomy versions"


@pytest.mark.django_db
@pytest.mark.parametrize("subgroup", ["2019.FOOD.PROC", "2023.FOOD.PROC"])
def test_subgroup_filter_matches_equivalent_subgroups(client, subgroup):
    expected = products_matching(lambda s: s.code == subgroup)
    assert ids(client, "/api/v1/products/", subgroup=subgroup) == expected
    assert ids(client, "/api/v1/products/", subgroup="2019.FOOD.PROC") == ids(client, "/api/v1/products/",
                                                                             subgroup="2023.FOOD.PROC")


@pytest.mark.django_db
@pytest.mark.parametrize("stars", [3, 4, 5])
def test_min_stars_keeps_producers_with_a_product_of_that_many_stars_in_force(client, stars):
    best = stars_today()
    expected = {p.producer_id for p in public_products() if best.get(p.pk, 0) >= stars}
    assert ids(client, "/api/v1/producers/", min_stars=stars) == expected
    found = client.get("/api/v1/producers/", {"min_stars": stars, "page_size": 1000}).json()["features"]
    assert all(f["properties"]["max_stars"] >= stars for f in found)


@pytest.mark.django_db
def test_group_and_stars_must_hold_for_the_same_product(client):
    best = stars_today()
    food = products_matching(lambda s: s.group.code == "2023.FOOD")
    expected = {p.producer_id for p in public_products() if p.pk in food and best.get(p.pk, 0) >= 4}
    assert ids(client, "/api/v1/producers/", group="2023.FOOD", min_stars=4) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("days", [30, 90, 365])
def test_expiring_within_lists_products_whose_recognition_ends_soon(client, days):
    today = timezone.localdate()
    ends = {pk: e.valid_until for pk, e in decisions_in_force(today).items()}  # the decision in force
    public = {p.pk for p in public_products()}
    expected = {pk for pk, end in ends.items() if pk in public and today <= end <= today + datetime.timedelta(days)}
    assert ids(client, "/api/v1/products/", expiring_within=days) == expected
    if days == 90:
        assert expected


@pytest.mark.django_db
def test_valid_on_a_past_day_uses_the_evaluations_in_force_then(client):
    day = timezone.localdate() - datetime.timedelta(days=3 * 365)
    in_force = decisions_in_force(day)
    expected = set(in_force) & {p.pk for p in public_products()}
    assert expected
    assert ids(client, "/api/v1/products/", valid_on=day.isoformat()) == expected
    evaluations = {e.pk for e in in_force.values()}
    assert ids(client, "/api/v1/evaluations/", valid_on=day.isoformat()) == evaluations


@pytest.mark.django_db
@pytest.mark.parametrize("query,expected", [("tuong binh hiep", "Tương Bình Hiệp"), ("SON MAI", "sơn mài"),
                                            ("Sơn mài", "sơn mài")])
def test_text_search_ignores_accents_and_case(client, query, expected):
    found = client.get("/api/v1/producers/", {"q": query, "page_size": 1000}).json()["features"]
    assert found
    assert all(expected.lower() in (f["properties"]["name"] + f["properties"]["address"]).lower() for f in found)


@pytest.mark.django_db
def test_legal_form_and_kind_filters(client):
    expected = {p.pk for p in public_producers() if p.legal_form == "cooperative"}
    assert ids(client, "/api/v1/producers/", legal_form="cooperative") == expected
    orchards = {s.pk for s in TourismSite.objects.published() if s.kind == "orchard"}
    assert orchards and ids(client, "/api/v1/sites/", kind="orchard") == orchards


@pytest.mark.django_db
def test_villages_carry_the_number_of_producers_inside_them(client):
    for feature in client.get("/api/v1/villages/").json()["features"]:
        shape = wkt.loads(CraftVillage.objects.get(pk=feature["id"]).area.wkt)
        inside = [p for p in public_producers() if shape.covers(ShapelyPoint(p.location.x, p.location.y))]
        assert feature["properties"]["members"] == len(inside) > 0


@pytest.mark.django_db
def test_pages_cover_every_producer_once(client):
    seen = []
    url, params = "/api/v1/producers/", {"page_size": 7}
    while url:
        page = client.get(url, params).json()
        seen += [f["id"] for f in page["features"]]
        url, params = page["next"], {}
    assert sorted(seen) == sorted(p.pk for p in public_producers())


@pytest.mark.django_db
def test_units_list_carries_old_and_new_codes_with_successions(client):
    features = client.get("/api/v1/units/", {"level": "commune", "page_size": 1000}).json()["features"]
    old = [f for f in features if f["properties"]["valid_to"]]
    new = [f for f in features if not f["properties"]["valid_to"]]
    assert len(old) == 91 and len(new) == 36
    by_code = {(f["properties"]["code"], bool(f["properties"]["valid_to"])): f["properties"] for f in features}
    assert "25747" in by_code[("25753", True)]["successor_codes"]
    assert {"25747", "25753"} <= set(by_code[("25747", False)]["predecessor_codes"])


@pytest.mark.django_db
@pytest.mark.parametrize("language,household,orchard,group", [
    ("vi", "Hộ kinh doanh", "Vườn cây ăn trái", "Thực phẩm"), ("en", "Household business", "Orchard", "Food")])
def test_labels_follow_accept_language(client, language, household, orchard, group):
    header = {"HTTP_ACCEPT_LANGUAGE": language}
    producer = client.get("/api/v1/producers/", {"legal_form": "household"}, **header).json()["features"][0]
    site = client.get("/api/v1/sites/", {"kind": "orchard"}, **header).json()["features"][0]
    groups = {g["code"]: g["name"] for g in client.get("/api/v1/aggregates/groups/", {"version": "2023"},
                                                       **header).json()["groups"]}
    assert producer["properties"]["legal_form_label"] == household
    assert site["properties"]["kind_label"] == orchard
    assert groups["2023.FOOD"] == group


@pytest.mark.django_db
def test_demo_records_are_filed_under_the_communes_of_the_registry_date():
    """New (2025) communes reuse old codes; the unit filter relies on records linking the old commune."""
    for model in (Producer, TourismSite, CraftVillage):
        communes = AdminUnit.objects.filter(pk__in=model.objects.values("commune"))
        assert not communes.exclude(pk__in=AdminUnit.objects.valid_on(settings.OCOP_REGISTRY_UNITS_ON)).exists()


@pytest.mark.django_db
def test_product_detail_is_plain_json_with_its_evaluations(client):
    product = next(p for p in public_products() if p.evaluations.count() >= 2)
    detail = client.get(f"/api/v1/products/{product.pk}/").json()
    assert "type" not in detail and detail["geometry"]["type"] == "Point"
    assert detail["name"] == product.name
    assert sorted(e["id"] for e in detail["evaluations"]) == sorted(product.evaluations.values_list("pk", flat=True))
