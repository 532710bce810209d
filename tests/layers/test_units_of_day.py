"""Layers report by the unit of a day (#24): exports and OGC items carry today's ward or commune of each record
(`unit_code`, `unit_name`) by default, the unit of any earlier day with `?units_on=`, and keep the commune the
record was filed under (`commune_code`, `commune`) as history."""
import datetime
import io
import json

import pytest
from django.contrib.gis.gdal import DataSource
from openpyxl import load_workbook

from gis_app.places.dates import report_day
from gis_app.places.models import AdminUnit
from gis_app.places.naming import unit_label
from gis_app.places.resolution import unit_of
from gis_app.registry.models import Producer
from layers.catalogue import all_layers

pytestmark = pytest.mark.django_db

OLD_DAY = datetime.date(2025, 6, 30)


@pytest.fixture
def moved():
    """A published producer filed under an old commune whose ward of today has another code, and that ward."""
    for producer in (Producer.objects.published().filter(commune__valid_to__isnull=False).select_related("commune")
                     .order_by("pk")):
        ward = AdminUnit.objects.get(pk=unit_of(producer.commune_id, producer.location, report_day()))
        if ward.code != producer.commune.code:
            assert ward.valid_to is None and ward.valid_from >= datetime.date(2025, 7, 1)
            return producer, ward
    raise AssertionError("no producer of the demo moved to a ward of another code")


def _get(client, path, language="vi", **params):
    response = client.get(path, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content[:500]
    return response


def _geojson_properties(client, producer, **params):
    collection = _get(client, "/export/producers.geojson", name=producer.name, **params).json()
    return next(f["properties"] for f in collection["features"] if f["properties"]["id"] == producer.pk)


def test_geojson_export_carries_todays_ward_and_the_filed_commune(client, moved):
    producer, ward = moved
    properties = _geojson_properties(client, producer)
    assert properties["unit_code"] == ward.code
    assert properties["unit_name"] == unit_label(ward, report_day())
    assert properties["unit_name"].endswith("Thành phố Hồ Chí Minh")
    assert properties["commune_code"] == producer.commune.code  # the history column stays
    old = _geojson_properties(client, producer, units_on=OLD_DAY.isoformat())
    assert old["unit_code"] == producer.commune.code
    assert old["unit_name"] == unit_label(producer.commune, OLD_DAY)


def test_csv_export_carries_the_unit_of_the_day(client, moved, tmp_path):
    producer, ward = moved
    for day, expected in ((None, ward), (OLD_DAY, producer.commune)):
        params = {"units_on": day.isoformat()} if day else {}
        path = tmp_path / f"producers-{day}.csv"
        path.write_bytes(_get(client, "/export/producers.csv", name=producer.name, **params).content)
        layer = DataSource(str(path))[0]
        rows = {feature.get("id"): feature for feature in layer}
        row = rows[str(producer.pk)] if str(producer.pk) in rows else rows[producer.pk]
        assert row.get("unit_code") == expected.code
        assert row.get("unit_name") == unit_label(expected, day or report_day())


def test_xlsx_export_carries_the_unit_of_the_day_under_its_title(client, moved):
    producer, ward = moved
    for language, title in (("vi", "đơn vị hành chính (ngày báo cáo)"), ("en", "administrative unit (report day)")):
        sheet = load_workbook(io.BytesIO(_get(client, "/export/producers.xlsx", language, name=producer.name)
                                         .content)).active
        rows = list(sheet.iter_rows(values_only=True))
        header = [str(cell).lower() for cell in rows[0]]
        row = next(dict(zip(header, values)) for values in rows[1:] if values[0] == producer.pk)
        assert row[title] == unit_label(ward, report_day())
    old = load_workbook(io.BytesIO(_get(client, "/export/producers.xlsx", name=producer.name,
                                        units_on=OLD_DAY.isoformat()).content)).active
    rows = list(old.iter_rows(values_only=True))
    header = [str(cell).lower() for cell in rows[0]]
    row = next(dict(zip(header, values)) for values in rows[1:] if values[0] == producer.pk)
    assert row["mã đơn vị hành chính (ngày báo cáo)"] == producer.commune.code


def test_ogc_items_carry_the_unit_of_the_day(client, moved):
    producer, ward = moved
    path = "/ogc/collections/producers/items"
    today = _get(client, path, name=producer.name).json()["features"]
    properties = next(f["properties"] for f in today if f["id"] == producer.pk)
    assert (properties["unit_code"], properties["unit_name"]) == (ward.code, unit_label(ward, report_day()))
    old = _get(client, path, name=producer.name, units_on=OLD_DAY.isoformat()).json()["features"]
    properties = next(f["properties"] for f in old if f["id"] == producer.pk)
    assert properties["unit_code"] == producer.commune.code
    single = json.loads(_get(client, f"{path}/{producer.pk}").content)
    assert single["properties"]["unit_code"] == ward.code


def test_products_sites_and_points_of_sale_carry_a_unit_of_today(client):
    for layer in all_layers():
        if "unit_code" not in {field.name for field in layer.fields}:
            continue
        features = _get(client, f"/ogc/collections/{layer.id}/items", limit=20).json()["features"]
        assert features, layer.id
        codes = {f["properties"]["unit_code"] for f in features}
        assert None not in codes and codes <= set(AdminUnit.objects.valid_on(report_day())
                                                  .values_list("code", flat=True)), layer.id
    assert {"products", "craft_villages", "tourism_sites", "points_of_sale"} <= {
        layer.id for layer in all_layers() if "unit_code" in {field.name for field in layer.fields}}


@pytest.mark.parametrize("language,word", [("vi", "ngày"), ("en", "date")])
@pytest.mark.parametrize("path", ["/export/producers.csv", "/export/products.geojson", "/export/producers.xlsx",
                                  "/ogc/collections/producers/items"])
def test_a_bad_day_is_refused_naming_the_field(client, language, word, path):
    response = client.get(path, {"units_on": "30/13/2025x"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    body = json.dumps(response.json(), ensure_ascii=False)
    assert "units_on" in body and word in body.lower(), body


@pytest.mark.parametrize("language,word", [("vi", "hôm nay"), ("en", "today")])
def test_tiles_carry_todays_units_only_and_refuse_another_day(client, language, word):
    for path in ("/tiles/producers/12/3258/1922.pbf", "/tiles/producers.json"):
        response = client.get(path, {"units_on": OLD_DAY.isoformat()}, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 400, path
        body = json.dumps(response.json(), ensure_ascii=False)
        assert "units_on" in body and word in body.lower(), body
    assert client.get("/tiles/producers/12/3258/1922.pbf").status_code == 200


def test_the_label_in_sql_is_the_label_of_the_pages_for_every_unit():
    """UnitLabel (the layers' SQL) and naming.label (pages, API) name every unit alike, on both days."""
    from django.db.models import F

    from gis_app.places.naming import UnitLabel, unit_json_expression

    for day in (OLD_DAY, report_day()):
        units = AdminUnit.objects.valid_on(day).annotate(sql_label=UnitLabel(unit_json_expression(F("pk"), day)))
        pairs = list(units.values_list("pk", "sql_label"))
        assert len(pairs) > 30
        assert all(label == unit_label(pk, day) for pk, label in pairs), day


def test_cql2_filters_on_the_unit_of_the_day(client, moved):
    producer, ward = moved
    path = "/ogc/collections/producers/items"
    today = _get(client, path, filter=f"unit_code='{ward.code}'", limit=1000).json()["features"]
    assert producer.pk in {f["id"] for f in today} and {f["properties"]["unit_code"] for f in today} == {ward.code}
    old = _get(client, path, filter=f"unit_code='{ward.code}'", units_on=OLD_DAY.isoformat(), limit=1000).json()
    assert producer.pk not in {f["id"] for f in old["features"]}
