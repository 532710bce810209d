"""The API as of a date (#24): each record's unit of the report day (today by default, `?units_on=` for another
day), the unit filter and the counts by unit on the same day, and one place naming a unit."""
import datetime
from collections import Counter

import pytest
import yaml
from django.db import connection

from gis_app.places.dates import report_day
from gis_app.places.models import AdminUnit
from gis_app.places.naming import UNIT_JSON_FUNCTION_BODY, unit_label, units_of_day
from gis_app.places.resolution import UNIT_OF_FUNCTION_BODY, unit_of
from gis_app.registry.models import Producer

pytestmark = pytest.mark.django_db

OLD_DAY = datetime.date(2025, 6, 30)


def get(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_database_functions_are_the_codes_rules():
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname, prosrc FROM pg_proc WHERE proname IN ('places_unit_of', 'places_unit_json')")
        bodies = dict(cursor.fetchall())
    assert bodies == {"places_unit_of": UNIT_OF_FUNCTION_BODY, "places_unit_json": UNIT_JSON_FUNCTION_BODY}


def test_a_producer_filed_under_an_old_commune_appears_under_its_current_wards_code(client):
    producer = (Producer.objects.published().filter(commune__valid_to__isnull=False).select_related("commune")
                .order_by("pk").first())
    ward = AdminUnit.objects.get(pk=unit_of(producer.commune_id, producer.location, report_day()))
    assert ward.valid_to is None and ward.valid_from >= datetime.date(2025, 7, 1)
    detail = get(client, f"/api/v1/producers/{producer.pk}/")
    assert detail["unit"]["code"] == ward.code and detail["unit"]["level"] == "commune"
    assert detail["unit"]["parent"]["code"] == "79" and detail["units_on"] == report_day().isoformat()
    assert detail["commune_code"] == producer.commune.code  # the unit it was filed under stays, as history
    listed = get(client, "/api/v1/producers/", unit=ward.code, page_size=1000)
    assert producer.pk in {f["id"] for f in listed["features"]}
    assert {f["properties"]["unit"]["code"] for f in listed["features"]} == {ward.code}
    # On the day before the reorganisation: the commune it was filed under, in its district
    old = get(client, f"/api/v1/producers/{producer.pk}/", units_on=OLD_DAY.isoformat())
    assert old["unit"]["code"] == producer.commune.code
    assert old["unit"]["parent"]["code"] == producer.commune.parent.code
    assert old["unit"]["parent"]["level"] == "district"
    products = get(client, "/api/v1/products/", producer=producer.pk)["features"]
    assert products and {f["properties"]["unit"]["code"] for f in products} == {ward.code}


def test_counts_by_unit_today_sum_to_the_same_total_as_on_30_june_2025(client):
    today = get(client, "/api/v1/aggregates/units/")
    old = get(client, "/api/v1/aggregates/units/", units_on=OLD_DAY.isoformat())
    districts = get(client, "/api/v1/aggregates/units/", level="district", units_on=OLD_DAY.isoformat())
    assert (today["count"], old["count"], districts["count"]) == (36, 91, 9)
    assert today["units_on"] == report_day().isoformat()
    for key in ("producers", "products", "products_4_stars"):
        totals = {sum(f["properties"][key] for f in answer["features"]) for answer in (today, old, districts)}
        assert len(totals) == 1 and totals.pop() > 0, key
    assert get(client, "/api/v1/aggregates/units/", level="district")["count"] == 0  # no district today


def test_each_producers_unit_is_the_one_the_choropleth_counts_it_in(client):
    for day in (None, OLD_DAY.isoformat()):
        params = {"units_on": day} if day else {}
        producers = get(client, "/api/v1/producers/", page_size=1000, **params)["features"]
        counted = Counter(f["properties"]["unit"]["code"] for f in producers)
        choropleth = get(client, "/api/v1/aggregates/units/", **params)["features"]
        assert counted == {f["properties"]["code"]: f["properties"]["producers"] for f in choropleth
                           if f["properties"]["producers"]}, day


def test_a_units_name_code_and_parent_come_from_one_place(client):
    """The same function names a unit on the pages (place_of/unit_label), in the API and in the map's choices."""
    day = report_day()
    choices = {unit["code"]: unit for unit in units_of_day(day)}
    assert len(choices) == 36
    producers = get(client, "/api/v1/producers/", page_size=1000)["features"]
    sample = {f["properties"]["unit"]["code"]: f["properties"]["unit"] for f in producers}
    assert len(sample) >= 5
    map_page = client.get("/map/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    choropleth = {f["properties"]["code"]: f["properties"] for f in get(client, "/api/v1/aggregates/units/")["features"]}
    for code, unit in sorted(sample.items())[:8]:
        assert unit == choices[code]
        assert unit["label"] == unit_label(unit["id"], day)
        assert f'<option value="{code}" data-district="{unit["parent"]["code"]}">{unit["label"]}</option>' in map_page
        assert (choropleth[code]["name"], choropleth[code]["kind"], choropleth[code]["parent_code"],
                choropleth[code]["label"]) == (unit["name"], unit["kind"], unit["parent"]["code"], unit["label"])


@pytest.mark.parametrize("path", ["/api/v1/producers/", "/api/v1/products/", "/api/v1/sites/",
                                  "/api/v1/aggregates/units/"])
@pytest.mark.parametrize("language, words", [("vi", "không phải là ngày"), ("en", "is not a date")])
def test_a_bad_day_is_refused_naming_the_field(client, path, language, words):
    response = client.get(path, {"units_on": "30/13/2025"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "units_on" and words in error["message"], error


def test_a_bad_day_on_a_detail_is_refused_naming_the_field(client):
    producer = Producer.objects.published().first()
    response = client.get(f"/api/v1/producers/{producer.pk}/", {"units_on": "hôm qua"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and response.json()["error"]["field"] == "units_on"


def test_every_record_with_a_place_gives_its_unit_and_the_schema_says_so(client):
    for path in ("/api/v1/products/", "/api/v1/evaluations/", "/api/v1/sites/", "/api/v1/villages/"):
        answer = get(client, path, page_size=50)
        assert answer["features"] and answer["units_on"] == report_day().isoformat(), path
        assert all(f["properties"]["unit"]["level"] == "commune" for f in answer["features"]), path
    schema = yaml.safe_load(client.get("/api/schema/").content)["paths"]
    for path in ("/api/v1/producers/", "/api/v1/producers/{id}/", "/api/v1/products/{id}/",
                 "/api/v1/sites/", "/api/v1/aggregates/units/"):
        assert "units_on" in {p["name"] for p in schema[path]["get"]["parameters"]}, path

