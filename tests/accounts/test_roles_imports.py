"""Imports follow the importer's role: rows outside an officer's area are refused row by row, nothing is written."""
import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from gis_app.core.readers import read_table
from gis_app.imports.models import ImportRun
from gis_app.imports.service import Options, run_import
from gis_app.registry.models import Producer, Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]
HEADER = ["Mã chủ thể", "Tên chủ thể", "Loại hình", "Mã xã", "Kinh độ", "Vĩ độ", "Trạng thái"]


def row(ref, name, producer, status="draft"):
    return [ref, name, "Hộ kinh doanh", producer.commune.code, producer.location.x + 0.0001, producer.location.y,
            status]


def csv_bytes(rows):
    text = io.StringIO()
    csv.writer(text).writerows([HEADER, *rows])
    return text.getvalue().encode("utf-8")


def run(tmp_path, user, rows, language="en"):
    path = tmp_path / "danh_sach.csv"
    path.write_bytes(csv_bytes(rows))
    with translation.override(language):
        return run_import(read_table(path), Options(kind="producers", commit=True, accept_duplicates=True, user=user))


@pytest.mark.parametrize("language,text", [("en", "outside your area"), ("vi", "ngoài địa bàn")])
def test_commune_officer_import_refuses_a_row_in_another_commune_and_writes_nothing(tmp_path, users, places,
                                                                                    language, text):
    home, away = places
    report = run(tmp_path, users["commune_officer"], [row("R1", "Hộ Nhà", home), row("R2", "Hộ Xa", away)], language)
    assert not report.committed
    assert [(p.row, text in p.message) for p in report.problems] == [(2, True)]  # the second data row
    assert not Producer.objects.filter(ref__in=["R1", "R2"]).exists()


def test_commune_officer_imports_rows_of_the_own_commune(tmp_path, users, places):
    home, _away = places
    report = run(tmp_path, users["commune_officer"], [row("R3", "Hộ Nhà Ba", home)])
    assert report.committed and not report.problems
    assert Producer.objects.get(ref="R3").commune == home.commune


def test_an_officer_cannot_publish_through_an_import(tmp_path, users, places):
    home, _away = places
    report = run(tmp_path, users["district_officer"], [row("R4", "Hộ Nhà Bốn", home, "công bố")])
    assert not report.committed and "provincial officers" in report.problems[0].message
    assert run(tmp_path, users["provincial_officer"], [row("R4", "Hộ Nhà Bốn", home, "công bố")]).committed
    assert Producer.objects.get(ref="R4").status == Status.PUBLISHED


def test_commune_officer_upload_in_the_admin_lists_the_row_outside_the_area(client, users, places):
    home, away = places
    client.force_login(users["commune_officer"])
    response = client.post(reverse("admin:imports_importrun_upload"), {
        "kind": "producers", "crs": "wgs84", "central_meridian": "105.75",
        "file": SimpleUploadedFile("ds.csv", csv_bytes([row("R5", "Hộ Xa Năm", away)]))}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    run_ = ImportRun.objects.get(file_name="ds.csv")
    assert run_.state == ImportRun.State.REFUSED and "outside your area" in str(run_.report)
    assert not Producer.objects.filter(ref="R5").exists()


def test_officers_see_only_their_own_import_runs(client, users, places):
    home, _away = places
    client.force_login(users["district_officer"])
    client.post(reverse("admin:imports_importrun_upload"), {
        "kind": "producers", "crs": "wgs84", "central_meridian": "105.75",
        "file": SimpleUploadedFile("cua_huyen.csv", csv_bytes([row("R6", "Hộ Sáu", home)]))})
    run_ = ImportRun.objects.get(file_name="cua_huyen.csv")
    review = reverse("admin:imports_importrun_review", args=[run_.pk])
    assert client.get(review).status_code == 200
    client.force_login(users["commune_officer"])
    assert client.get(review).status_code == 404
    client.force_login(users["provincial_officer"])
    assert client.get(review).status_code == 200
