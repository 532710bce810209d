"""The supply study by the units of a day (#24): today's wards and communes by default, 30/06/2025 on request."""
import pytest
from django.db.models import Count

from gis_app.places.models import AdminUnit
from gis_app.registry.models import Producer

CLUSTERS = "/api/v1/supply/clusters/"
OLD_DAY = "2025-06-30"


def producer_ids(client, **params):
    body = client.get(CLUSTERS, {"eps": 3000, "min_points": 2, **params}, HTTP_ACCEPT_LANGUAGE="en")
    assert body.status_code == 200, body.content
    return {f["properties"]["id"] for f in body.json()["features"] if f["properties"]["kind"] == "producer"}


def filed_under_an_old_commune():
    """A published producer filed under an old commune that went wholly into one ward, and that ward."""
    for producer in Producer.objects.published().select_related("commune").order_by("pk"):
        successors = producer.commune.successors.annotate(n=Count("old_unit__successors"))
        link = successors.filter(n=1).select_related("new_unit").first()
        if link:
            return producer, link.new_unit
    pytest.fail("no producer filed under an old commune with one successor")


@pytest.mark.django_db
def test_the_page_offers_todays_units_with_unique_labels_by_default(admin_client_vi):
    response = admin_client_vi.get("/supply/")
    assert response.status_code == 200
    units = [u for _level, group in response.context["unit_levels"] for u in group]
    assert 30 <= len(units) <= 40
    assert len({u["label"] for u in units}) == len(units)
    html = response.content.decode()
    assert 'name="unit"' in html and 'name="district"' not in html
    assert 'id="units-on-switch"' in html and f"units_on={OLD_DAY}" in html


@pytest.mark.django_db
def test_the_switch_to_the_old_units_keeps_the_other_filters_and_comes_back(admin_client_vi):
    response = admin_client_vi.get("/supply/", {"group": "2023.FOOD", "min_stars": "3", "unit": "x"})
    switch = response.context["switch_url"]
    assert "group=2023.FOOD" in switch and "min_stars=3" in switch and f"units_on={OLD_DAY}" in switch
    assert "unit=" not in switch.replace("units_on", "")
    old = admin_client_vi.get("/supply/" + switch)
    levels = dict(old.context["unit_levels"])
    assert sum(len(units) for units in levels.values()) == 100  # the 91 old communes and 9 districts
    assert "units_on" not in old.context["switch_url"] and "group=2023.FOOD" in old.context["switch_url"]
    assert f'name="units_on" value="{OLD_DAY}"' in old.content.decode()


@pytest.mark.django_db
def test_an_old_district_link_opens_the_units_of_30_06_2025_with_it_chosen(admin_client_vi):
    response = admin_client_vi.get("/supply/", {"district": "718"})
    assert response.context["units_on"].isoformat() == OLD_DAY
    assert 'value="718" selected' in response.content.decode()


@pytest.mark.django_db
def test_a_producer_filed_under_an_old_commune_is_in_the_study_of_its_current_ward(staff):
    producer, ward = filed_under_an_old_commune()
    chosen = producer_ids(staff, unit=ward.code)
    assert producer.pk in chosen
    assert chosen < producer_ids(staff)
    # the old commune's code is not a unit of today; on 30/06/2025 it is, with the same producer
    assert producer.pk in producer_ids(staff, unit=producer.commune.code, units_on=OLD_DAY)


@pytest.mark.django_db
def test_an_old_district_on_30_06_2025_gives_what_the_deprecated_district_filter_gave(staff):
    in_district = set(Producer.objects.published().filter(
        commune__parent__level=AdminUnit.Level.DISTRICT, commune__parent__code="718").values_list("pk", flat=True))
    assert in_district
    assert producer_ids(staff, unit="718", units_on=OLD_DAY) == in_district == producer_ids(staff, district="718")


@pytest.mark.django_db
def test_the_csv_and_the_job_take_the_unit_of_the_day(staff):
    producer, ward = filed_under_an_old_commune()
    response = staff.get("/api/v1/supply/clusters/export.csv", {"method": "kmeans", "k": 1, "unit": ward.code})
    assert response.status_code == 200
    rows = response.content.decode("utf-8-sig").splitlines()[1:]
    assert rows and len(rows) == len(producer_ids(staff, unit=ward.code))
    job = staff.post("/api/v1/supply/clusters/job/?unit=nope", HTTP_ACCEPT_LANGUAGE="en")
    assert job.status_code == 400 and job.json()["error"]["field"] == "unit"


@pytest.mark.django_db
@pytest.mark.parametrize("language,english,vietnamese", [("en", True, False), ("vi", False, True)])
@pytest.mark.parametrize("params,field,texts", [
    ({"units_on": "31/02/2026"}, "units_on", ("is not a date", "không phải là ngày")),
    ({"unit": "99999"}, "unit", ("Unknown administrative unit", "Không có")),
])
@pytest.mark.parametrize("url", [CLUSTERS, "/api/v1/supply/clusters/export.csv", "/api/v1/supply/clusters/job/"])
def test_a_bad_day_or_unit_is_refused_naming_the_field(staff, url, params, field, texts, language, english,
                                                       vietnamese):
    if url.endswith("job/"):
        response = staff.post(url + "?" + "&".join(f"{k}={v}" for k, v in params.items()),
                              HTTP_ACCEPT_LANGUAGE=language)
    else:
        response = staff.get(url, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == field
    assert texts[0 if english else 1] in error["message"]


@pytest.mark.django_db
def test_the_page_refuses_a_bad_day_naming_units_on(admin_client_vi):
    response = admin_client_vi.get("/supply/", {"units_on": "yesterday"})
    assert response.status_code == 400
    text = response.content.decode()
    assert text.startswith("units_on:") and "không phải là ngày" in text
