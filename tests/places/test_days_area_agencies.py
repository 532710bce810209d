"""Issue #24: the registry's filing day apart from the reports' day, the programme's area as configuration,
agency names as of a day, and choice lists whose entries never read alike."""
import datetime
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from gis_app.events.models import Event
from gis_app.places.agencies import UNVERIFIED, agencies, agency_on
from gis_app.places.area import area_label, area_units
from gis_app.places.dates import registry_units_on, report_day
from gis_app.places.management.commands.load_units import package_units
from gis_app.places.models import AdminUnit
from gis_app.places.naming import unit_choices
from gis_app.places.territory import check_inside_province

OLD_DAY = datetime.date(2025, 6, 30)
NEW_DAY = datetime.date(2025, 7, 1)
SAIGON = Point(106.7009, 10.7769, srid=4326)  # Bến Thành: Hồ Chí Minh City, outside the former Bình Dương


def settings_in_subprocess(**env):
    """OCOP_REGISTRY_UNITS_ON as the settings module reads it from the environment `env`."""
    code = "import gis_app.settings as s; print(s.OCOP_REGISTRY_UNITS_ON, s.OCOP_PROVINCE_CODE)"
    clean = {k: v for k, v in os.environ.items() if k not in ("OCOP_UNITS_AS_OF", "OCOP_REGISTRY_UNITS_ON")}
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", code], env=clean | env, capture_output=True,
                         text=True, check=True)
    return out.stdout.split()


def test_the_registry_files_under_the_old_communes_and_reports_default_to_today():
    assert registry_units_on() == settings.OCOP_REGISTRY_UNITS_ON == OLD_DAY
    assert not hasattr(settings, "OCOP_UNITS_AS_OF")
    assert report_day() == timezone.localdate()
    assert report_day(OLD_DAY) == OLD_DAY
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_the_old_setting_name_is_still_read_and_the_new_one_wins():
    assert settings_in_subprocess() == ["2025-06-30", "79"]
    assert settings_in_subprocess(OCOP_UNITS_AS_OF="2024-12-31")[0] == "2024-12-31"
    assert settings_in_subprocess(OCOP_UNITS_AS_OF="2024-12-31", OCOP_REGISTRY_UNITS_ON="2025-01-02")[0] == "2025-01-02"


@pytest.mark.django_db
def test_the_programme_province_is_79_today_and_74_before_the_merger():
    assert settings.OCOP_PROVINCE_CODE == "79"
    assert [u.code for u in AdminUnit.objects.programme_province().valid_on(report_day())] == ["79"]
    assert [u.code for u in AdminUnit.objects.programme_province().valid_on(OLD_DAY)] == ["74"]


@pytest.mark.django_db
def test_the_default_area_is_the_former_binh_duong_in_both_generations():
    assert settings.OCOP_PROGRAMME_AREA == "74"
    assert area_units(OLD_DAY, AdminUnit.Level.COMMUNE).count() == 91
    assert area_units(OLD_DAY, AdminUnit.Level.DISTRICT).count() == 9
    assert area_units(NEW_DAY, AdminUnit.Level.COMMUNE).count() == 36
    assert area_units(report_day(), AdminUnit.Level.COMMUNE).count() == 36


@pytest.mark.django_db
@pytest.mark.parametrize("language,label", [("vi", "tỉnh Bình Dương cũ"), ("en", "the former Bình Dương province")])
def test_the_area_has_one_label_in_each_language_and_the_outside_check_says_it(language, label):
    with translation.override(language):
        assert area_label() == label
        with pytest.raises(ValidationError) as raised:
            check_inside_province("location", SAIGON)
    assert label in raised.value.message_dict["location"][0]
    check_inside_province("location", Point(106.66, 10.98, srid=4326))  # Thủ Dầu Một: inside


@pytest.mark.django_db
@pytest.mark.parametrize("language,label", [("vi", "Thành phố Hồ Chí Minh"), ("en", "Hồ Chí Minh City")])
def test_the_area_follows_the_setting(settings, language, label):
    settings.OCOP_PROGRAMME_AREA = "79"
    with translation.override(language):
        assert area_label() == label
    # the city's units of today are the area's (the demo holds only the 36 of the former Bình Dương)
    assert area_units(report_day(), AdminUnit.Level.COMMUNE).count() == 36


@pytest.mark.django_db
def test_loading_all_of_the_city_gives_its_168_units_once_and_keeps_the_area():
    _, rows = package_units()
    assert len(rows) == 168 and len({code for code, *_ in rows}) == 168
    shapes_before = {u.code: u.geom.wkb for u in area_units(report_day(), AdminUnit.Level.COMMUNE)}
    for _ in range(2):  # idempotent
        call_command("load_units", "--all-hcmc", stdout=open(os.devnull, "w"))
        city = AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE, parent__code="79").valid_on(report_day())
        assert city.count() == 168
    assert set(city.values_list("code", flat=True)) == {code for code, *_ in rows}
    assert set(city.values_list("kind", flat=True)) == {"phường", "xã", "đặc khu"}
    # the default area is still the former Bình Dương, its 36 units with their boundaries untouched
    area = area_units(report_day(), AdminUnit.Level.COMMUNE)
    assert {u.code: u.geom.wkb for u in area} == shapes_before
    assert city.filter(geom__isempty=True).count() == 168 - 36
    with translation.override("vi"):
        assert area_label() == "tỉnh Bình Dương cũ"


@pytest.mark.parametrize("day,name", [
    (datetime.date(2025, 2, 28), "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bình Dương"),
    (datetime.date(2025, 3, 1), "Sở Nông nghiệp và Môi trường tỉnh Bình Dương"),
    (datetime.date(2025, 6, 30), "Sở Nông nghiệp và Môi trường tỉnh Bình Dương"),
    (datetime.date(2025, 7, 1), "Sở Nông nghiệp và Môi trường Thành phố Hồ Chí Minh"),
    (datetime.date(2026, 12, 7), "Sở Nông nghiệp và Môi trường Thành phố Hồ Chí Minh"),
])
def test_the_agency_is_named_as_it_was_on_the_day(day, name):
    assert agency_on(day, "agriculture").name == name


def test_every_agency_row_cites_a_basis_and_the_unverified_ones_say_so():
    assert all(a.basis for a in agencies())
    assert all(UNVERIFIED in a.basis for a in agencies() if "chưa" in a.basis)
    assert agency_on(datetime.date(2025, 7, 1), "people_committee").name == "Ủy ban nhân dân Thành phố Hồ Chí Minh"
    with translation.override("en"):
        assert str(agency_on(datetime.date(2025, 3, 1))) == "Department of Agriculture and Environment of Bình Dương province"
    with pytest.raises(KeyError):
        agency_on(None, "ministry of magic")


@pytest.mark.django_db
def test_demo_events_name_the_agency_of_their_day():
    week = Event.objects.get(name="Tuần lễ sản phẩm OCOP Bình Dương")
    assert week.organiser == f"{agency_on(week.starts_on).name} (demo)"
    assert "Phát triển nông thôn" not in week.organiser


@pytest.mark.django_db
@pytest.mark.parametrize("day", [OLD_DAY, NEW_DAY, None])
def test_unit_labels_never_read_alike(day):
    day = day or report_day()
    labels = list(AdminUnit.objects.with_labels(day).values_list("label_on", flat=True))
    assert len(labels) == len(set(labels)) == AdminUnit.objects.count()
    names = list(AdminUnit.objects.values_list("name", flat=True))
    assert len(names) > len(set(names))  # bare names do repeat ("An Bình"): the labels are what tells them apart


@pytest.mark.django_db
def test_a_label_carries_kind_and_parent():
    an_binh = AdminUnit.objects.filter(name="An Bình", level=AdminUnit.Level.COMMUNE).valid_on(OLD_DAY)
    labels = dict(unit_choices(an_binh, OLD_DAY))
    assert labels and all(label.startswith(("phường An Bình (", "xã An Bình (")) for label in labels.values())
    assert len(set(labels.values())) == len(labels)
    new = AdminUnit.objects.filter(code="25747").valid_on(NEW_DAY)
    assert dict(unit_choices(new, NEW_DAY)) == {"25747": "phường Thủ Dầu Một (Thành phố Hồ Chí Minh)"}


@pytest.mark.django_db
@pytest.mark.parametrize("area,language,text", [
    ("74", "vi", "trên địa bàn tỉnh Bình Dương cũ"), ("74", "en", "of the former Bình Dương province"),
    ("79", "vi", "trên địa bàn Thành phố Hồ Chí Minh"), ("79", "en", "of Hồ Chí Minh City"),
])
def test_pages_name_the_configured_area(client, settings, area, language, text):
    settings.OCOP_PROGRAMME_AREA = area
    assert text in client.get("/tours/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert text in client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE=language).json()["description"]
    assert "Toàn tỉnh" not in client.get("/tours/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()


@pytest.mark.django_db
def test_a_new_event_proposes_the_agency_of_today(admin_client):
    html = admin_client.get("/admin/events/event/add/").content.decode()
    assert 'value="Sở Nông nghiệp và Môi trường Thành phố Hồ Chí Minh"' in html


@pytest.mark.django_db
def test_load_units_takes_the_shapes_it_is_given(tmp_path):
    import json

    _, rows = package_units()
    inside = set(area_units(report_day(), AdminUnit.Level.COMMUNE).values_list("code", flat=True))
    code = next(code for code, *_ in rows if code not in inside)  # a unit outside the former Bình Dương
    square = [[[106.70, 10.77], [106.71, 10.77], [106.71, 10.78], [106.70, 10.78], [106.70, 10.77]]]
    path = tmp_path / "shapes.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": code}, "geometry": {"type": "Polygon", "coordinates": square}}]}))
    call_command("load_units", "--all-hcmc", "--shapes", str(path), stdout=open(os.devnull, "w"))
    unit = AdminUnit.objects.get(code=code, valid_from=NEW_DAY)
    assert unit.geom.geom_type == "MultiPolygon" and not unit.geom.empty and unit.shape_source == ""
    assert AdminUnit.objects.filter(valid_from=NEW_DAY, level="commune", geom__isempty=True).count() == 168 - 36 - 1


@pytest.mark.django_db
@pytest.mark.parametrize("params,count", [({}, 37), ({"on": "2025-06-30"}, 101), ({"on": "2025-06-30", "level": "district"}, 9)])
def test_the_units_layer_is_today_by_default_and_any_day_on_request(client, params, count):
    doc = client.get("/ogc/collections/admin_units/items", {"limit": 1000, **params}).json()
    assert doc["numberMatched"] == count


def test_the_units_layer_names_a_bad_day(client):
    response = client.get("/ogc/collections/admin_units/items", {"on": "30/13/2025"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400 and "on" in response.content.decode()
