"""The 2025 reform complete: 91 old communes → 36 new units, divided wards by point, consistent demo shapes, history.

Expected values come from the offline `vietnamadminunits` data and from shapely on the stored polygons, not from
the code under test.
"""
import datetime
import json
from collections import defaultdict
from pathlib import Path

import pytest
import vietnamadminunits
from shapely import wkt
from shapely.geometry import Point
from shapely.ops import unary_union

from gis_app.places.models import REFORM_2025, AdminUnit, UnitSuccession
from gis_app.registry.models import Producer, Status, TourismSite

AFTER = datetime.date(2025, 8, 1)
BEFORE = datetime.date(2025, 6, 30)


def shape(unit):
    return wkt.loads(unit.geom.wkt)


def official_conversion():
    """{old ward code: {new ward code}} for Bình Dương, read straight from the package's data."""
    import sqlite3
    data = Path(vietnamadminunits.__file__).parent / "data"
    db = sqlite3.connect(data / "dataset.db")
    old = {f"tinhbinhduong_{d}_{w}": code for d, w, code in db.execute(
        "select districtKey, wardKey, wardCode from admin_units_legacy where provinceKey='tinhbinhduong'")}
    new = dict(db.execute("select wardKey, wardCode from admin_units where provinceCode='79'"))
    conv = json.loads((data / "converter_2025.json").read_text())
    result = defaultdict(set)
    for new_key, olds in conv["DICT_PROVINCE_WARD_NO_DIVIDED"]["thanhphohochiminh"].items():
        for key in olds:
            if key in old:
                result[old[key]].add(new[new_key])
    for key, targets in conv["DICT_PROVINCE_WARD_DIVIDED"]["thanhphohochiminh"].items():
        if key in old:
            result[old[key]] |= {new[t["newWardKey"]] for t in targets}
    return result


def public_producers():
    return [p for p in Producer.objects.all() if p.status == Status.PUBLISHED]


@pytest.mark.django_db
def test_succession_counts_both_ways_match_the_official_conversion(client):
    official = official_conversion()
    assert len(official) == 91 and len({c for v in official.values() for c in v}) == 36
    features = client.get("/api/v1/units/", {"level": "commune", "on": AFTER.isoformat(), "page_size": 1000}).json()
    assert len(features["features"]) == 36
    new_codes = {f["properties"]["code"] for f in features["features"]}
    assert new_codes == {c for v in official.values() for c in v}
    old = client.get("/api/v1/units/", {"level": "commune", "on": BEFORE.isoformat(), "page_size": 1000}).json()
    assert len(old["features"]) == 91
    for f in old["features"]:
        p = f["properties"]
        assert set(p["successor_codes"]) == official[p["code"]], p["name"]
        shares = [s["area_share"] for s in p["successor_shares"]]
        assert abs(sum(shares) - 1) < 0.001
        assert sum(s["main"] for s in p["successor_shares"]) == 1
    predecessors = defaultdict(set)
    for old_code, news in official.items():
        for new_code in news:
            predecessors[new_code].add(old_code)
    for f in features["features"]:
        assert set(f["properties"]["predecessor_codes"]) == predecessors[f["properties"]["code"]]
    divided = [code for code, news in official.items() if len(news) > 1]
    assert len(divided) == 16


@pytest.mark.django_db
def test_area_shares_are_the_share_of_the_old_polygon_inside_the_new_one():
    for link in UnitSuccession.objects.select_related("old_unit", "new_unit"):
        old, new = shape(link.old_unit), shape(link.new_unit)
        assert abs(old.intersection(new).area / old.area - float(link.area_share)) < 0.001, str(link)


@pytest.mark.django_db
@pytest.mark.parametrize("day", [BEFORE, AFTER])
def test_communes_of_a_day_tile_the_province_without_gap_or_overlap(day):
    communes = [shape(u) for u in AdminUnit.objects.filter(level="commune").valid_on(day)]
    province = shape(AdminUnit.objects.filter(level="province").valid_on(day).get())
    union = unary_union(communes)
    assert abs(sum(c.area for c in communes) - union.area) < 1e-9  # no overlap
    assert union.symmetric_difference(province).area < 1e-9  # no gap, no overhang
    old_province = shape(AdminUnit.objects.filter(level="province").valid_on(BEFORE).get())
    assert province.symmetric_difference(old_province).area < 1e-9  # both generations cover the same territory


@pytest.mark.django_db
def test_districts_and_new_units_are_exact_unions_of_their_parts():
    for district in AdminUnit.objects.filter(level="district"):
        parts = unary_union([shape(c) for c in district.children.all()])
        assert parts.symmetric_difference(shape(district)).area < 1e-9, district.name
    for new in AdminUnit.objects.filter(level="commune").valid_on(AFTER):
        olds = [shape(link.old_unit) for link in new.predecessors.select_related("old_unit")]
        pieces = unary_union([o.intersection(shape(new)) for o in olds])
        assert pieces.symmetric_difference(shape(new)).area < 1e-9, new.name
        # Whole predecessors lie entirely inside; divided ones are cut, not overlapped by a neighbour.
        for link in new.predecessors.filter(area_share=1):
            assert shape(link.old_unit).difference(shape(new)).area < 1e-9


@pytest.mark.django_db
def test_a_divided_wards_producers_land_in_the_new_unit_containing_them(client):
    divided = {link.old_unit_id for link in UnitSuccession.objects.filter(is_main_successor=False)}
    in_divided = [p for p in public_producers() if p.commune_id in divided]
    assert len(in_divided) >= 6
    landed_elsewhere_than_main = 0
    for producer in in_divided:
        point = Point(producer.location.x, producer.location.y)
        [container] = [u for u in producer.commune.successors.all() if shape(u.new_unit).covers(point)]
        new = container.new_unit
        found = {f["id"] for f in client.get("/api/v1/producers/", {
            "unit": new.code, "units_on": AFTER.isoformat(), "page_size": 1000}).json()["features"]}
        assert producer.pk in found, (producer.name, new.name)
        landed_elsewhere_than_main += not container.is_main_successor
    assert landed_elsewhere_than_main >= 2  # the point decides, not the main successor


@pytest.mark.django_db
def test_new_tan_dong_hiep_has_both_tan_dong_hiep_producers(client):
    old = AdminUnit.objects.get(name="Tân Đông Hiệp", valid_to=REFORM_2025)
    theirs = {p.pk for p in public_producers() if p.commune_id == old.pk}
    assert len(theirs) == 2
    found = {f["id"] for f in client.get("/api/v1/producers/", {
        "unit": "25945", "units_on": AFTER.isoformat(), "page_size": 1000}).json()["features"]}
    assert theirs <= found


@pytest.mark.django_db
def test_post_2025_choropleth_counts_every_producer_exactly_once(client):
    features = client.get("/api/v1/aggregates/units/", {"level": "commune", "on": AFTER.isoformat()}).json()
    assert features["count"] == 36
    counts = {f["properties"]["code"]: f["properties"]["producers"] for f in features["features"]}
    producers = public_producers()
    assert sum(counts.values()) == len(producers)
    new_units = list(AdminUnit.objects.filter(level="commune").valid_on(AFTER))
    expected = defaultdict(int)
    for p in producers:
        point = Point(p.location.x, p.location.y)
        [unit] = [u for u in new_units if shape(u).covers(point)]
        expected[unit.code] += 1
    assert {c: n for c, n in counts.items() if n} == dict(expected)


@pytest.mark.django_db
def test_every_record_has_a_new_unit():
    new = unary_union([shape(u) for u in AdminUnit.objects.filter(level="commune").valid_on(AFTER)])
    for record in list(Producer.objects.all()) + list(TourismSite.objects.all()):
        assert new.covers(Point(record.location.x, record.location.y)), record.name


@pytest.mark.django_db
@pytest.mark.parametrize("day,kind", [("2010-06-01", "huyện"), ("2019-06-01", "thị xã"), ("2021-06-01", "thành phố")])
def test_units_and_reports_as_of_a_day_use_the_kind_in_force(client, day, kind):
    units = client.get("/api/v1/units/", {"level": "district", "on": day, "q": "Dĩ An"}).json()["features"]
    assert [(u["properties"]["kind"], u["properties"]["name"]) for u in units] == [(kind, "Dĩ An")]
    report = client.get("/api/v1/aggregates/units/", {"level": "district", "on": day}).json()["features"]
    [di_an] = [f["properties"] for f in report if f["properties"]["code"] == "724"]
    assert di_an["kind"] == kind
    tan_uyen, ben_cat = AdminUnit.objects.get(code="723"), AdminUnit.objects.get(code="721")
    assert [tan_uyen.as_of(datetime.date(2023, 4, d))[0] for d in (9, 10)] == ["thị xã", "thành phố"]
    assert [ben_cat.as_of(datetime.date(2024, m, d))[0] for m, d in ((4, 30), (5, 1))] == ["thị xã", "thành phố"]
    an_dien = AdminUnit.objects.get(code="25840", valid_to=REFORM_2025)
    assert [an_dien.as_of(datetime.date(2024, m, d))[0] for m, d in ((4, 30), (5, 1))] == ["xã", "phường"]


@pytest.mark.django_db
def test_one_code_names_at_most_one_unit_of_a_level_on_any_day():
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    unit = AdminUnit.objects.get(code="25771", valid_to=REFORM_2025)
    clash = AdminUnit(code=unit.code, level=unit.level, name="X", valid_from=datetime.date(2020, 1, 1),
                      geom=unit.geom)
    with pytest.raises(ValidationError):
        clash.full_clean()  # the admin shows it as a form error
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()
    # The same code after the old unit ended is another unit (the new phường Chánh Hiệp).
    assert AdminUnit.objects.filter(code="25771").count() == 2
