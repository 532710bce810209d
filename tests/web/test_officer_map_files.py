"""The officer map's selection as a file (/map/producers.{xlsx,csv,geojson}, issue #26 item 4): the same rows as
the API's producer list for the same query, typed cells, visibility as the API's, bad filters refused by name."""
import csv
import datetime
import io
import json

import pytest
from django.contrib.gis.geos import Point
from openpyxl import load_workbook

from gis_app.accounts.models import Role
from gis_app.registry.models import Producer, Status
from tests.roles_helpers import make_user, producers_in_two_districts

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PRIVATE_PHONE = "0900111222"


def api_ids(client, query):
    ids, url, params = [], "/api/v1/producers/", {"page_size": 7, **query}
    while url:  # every page, as the map reads them
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        body = response.json()
        ids += [feature["id"] for feature in body["features"]]
        url, params = body["next"], {}
    return ids


def sheet_of(client, query, language="vi"):
    response = client.get("/map/producers.xlsx", query, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="ocop-producers.xlsx"'
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def table(sheet):
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


def csv_rows(client, query, language="vi"):
    response = client.get("/map/producers.csv", query, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content[:500]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


QUERIES = [{}, {"legal_form": "cooperative"}, {"min_stars": "4"}, {"group": "2019.FOOD", "min_stars": "3"},
           {"q": "tan uyen"}, {"expiring_within": "90"}, {"stage": "rated", "legal_form": "enterprise"}]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()) or "all")
def test_the_three_files_hold_exactly_the_rows_the_api_list_returns(client, query):
    expected = api_ids(client, query)
    header, rows = table(sheet_of(client, query))
    assert [row["Mã định danh"].value for row in rows] == expected  # the same rows, in the list's order
    assert [int(row["Mã định danh"]) for row in csv_rows(client, query)] == expected
    response = client.get("/map/producers.geojson", query)
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(b"".join(response.streaming_content))
    assert [feature["id"] for feature in collection["features"]] == expected
    assert ("Công nhận còn hiệu lực đến" in header) == ("expiring_within" in query)


def test_a_filtered_selection_is_a_strict_part_of_the_whole():
    """The queries above select something and not everything (else the comparison could not fail)."""
    from django.test import Client
    client = Client()
    total = len(api_ids(client, {}))
    for query in QUERIES[1:4]:
        assert 0 < len(api_ids(client, query)) < total, query


def test_cells_are_typed_and_the_sheet_has_a_frozen_filtered_header(client):
    producer = Producer.objects.published().filter(legal_form="cooperative").order_by("pk").first()
    Producer.objects.filter(pk=producer.pk).update(public_phone="0274389000", ref="007", name='=HYPERLINK("x","y")')
    sheet = sheet_of(client, {"legal_form": "cooperative", "expiring_within": "3650"})
    header, rows = table(sheet)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(row=1, column=len(header)).column_letter}{len(rows) + 1}"
    assert all(cell.font.b for cell in next(sheet.iter_rows(max_row=1)))
    row = next(row for row in rows if row["Mã định danh"].value == producer.pk)
    assert row["Điện thoại"].value == "0274389000" and row["Điện thoại"].data_type == "s"
    assert row["Mã đăng ký"].value == "007" and row["Mã đăng ký"].data_type == "s"
    assert row["Chủ thể OCOP"].value == '=HYPERLINK("x","y")' and row["Chủ thể OCOP"].data_type == "s"
    assert isinstance(row["Kinh độ"].value, float) and row["Kinh độ"].value == pytest.approx(producer.location.x)
    assert isinstance(row["Vĩ độ"].value, float)
    stars = [r["Hạng sao cao nhất"].value for r in rows if r["Hạng sao cao nhất"].value is not None]
    assert stars and all(isinstance(value, int) for value in stars)
    ends = [r["Công nhận còn hiệu lực đến"] for r in rows if r["Công nhận còn hiệu lực đến"].value is not None]
    assert ends and all(isinstance(c.value, datetime.datetime) and c.number_format == "DD/MM/YYYY" for c in ends)
    assert all("2019." not in (r["Nhóm sản phẩm"].value or "") for r in rows)  # groups in words, not codes
    # The CSV: the formula quoted off, the date as dd/mm/yyyy.
    line = next(r for r in csv_rows(client, {"legal_form": "cooperative", "expiring_within": "3650"})
                if r["Mã định danh"] == str(producer.pk))
    assert line["Chủ thể OCOP"] == "'=HYPERLINK(\"x\",\"y\")" and line["Điện thoại"] == "0274389000"


def test_headers_follow_the_requests_language(client):
    vi, _rows = table(sheet_of(client, {"min_stars": "4"}, "vi"))
    en, _rows = table(sheet_of(client, {"min_stars": "4"}, "en"))
    assert vi[:3] == ["Mã định danh", "Mã đăng ký", "Chủ thể OCOP"] and "Xã/phường/thị trấn" in vi
    assert en[:3] == ["Identifier", "Registry code", "OCOP producer"] and "Longitude" in en


@pytest.fixture
def draft():
    """A draft producer with a private phone, and a published one given a private phone."""
    producer = Producer.objects.create(legal_form="household", name="Hộ sơn mài chưa duyệt", status=Status.DRAFT,
                                       location=Point(106.65, 11.0, srid=4326), private_phone=PRIVATE_PHONE)
    published = Producer.objects.published().filter(legal_form="household").order_by("pk").first()
    Producer.objects.filter(pk=published.pk).update(private_phone=PRIVATE_PHONE)
    return producer, published


@pytest.mark.parametrize("suffix", ["xlsx", "csv", "geojson"])
def test_a_visitor_never_gets_a_draft_or_a_private_field(client, draft, suffix):
    producer, published = draft
    response = client.get(f"/map/producers.{suffix}", {"legal_form": "household"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    text = (json.dumps([[c.value for c in row] for row in load_workbook(io.BytesIO(content)).active.iter_rows()],
                       ensure_ascii=False, default=str) if suffix == "xlsx" else content.decode("utf-8"))
    assert published.name in text
    for secret in (producer.name, PRIVATE_PHONE, "Điện thoại riêng", "Thư điện tử riêng", "private_"):
        assert secret not in text


def test_staff_get_private_contacts_per_their_area_rights(client, django_user_model, draft):
    producer, published = draft
    home, away = producers_in_two_districts()
    Producer.objects.filter(pk__in=[home.pk, away.pk]).update(private_phone=PRIVATE_PHONE)
    officer = make_user(django_user_model, Role.DISTRICT_OFFICER, unit=home.commune.parent)
    client.force_login(officer)
    api = {f["id"]: f["properties"] for f in client.get("/api/v1/producers/", {"page_size": 1000}).json()["features"]}
    _header, rows = table(sheet_of(client, {}))
    by_id = {row["Mã định danh"].value: row for row in rows}
    assert set(by_id) == set(api)
    assert by_id[home.pk]["Điện thoại riêng"].value == PRIVATE_PHONE  # in the officer's district
    assert by_id[away.pk]["Điện thoại riêng"].value is None  # elsewhere: the API gives null, so does the file
    for pk, row in by_id.items():
        assert row["Điện thoại riêng"].value == (api[pk]["private_phone"] or None)


@pytest.mark.parametrize("query,field,words", [
    ({"unit": "99999"}, "unit", ("Không có đơn vị hành chính", "Unknown administrative unit")),
    ({"group": "FOO"}, "group", ("Không có nhóm sản phẩm", "Unknown product group")),
    ({"min_stars": "9"}, "min_stars", ("phải từ 1 đến 5", "must be between 1 and 5")),
    ({"legal_form": "bogus"}, "legal_form", ("Hãy chọn một lựa chọn hợp lệ", "Select a valid choice")),
    ({"bbox": "1,2"}, "bbox", ("Cần nhập", "Expected")),
])
@pytest.mark.parametrize("suffix", ["xlsx", "csv", "geojson"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_bad_filter_is_a_400_naming_it_in_the_requests_language(client, query, field, words, suffix, language):
    response = client.get(f"/map/producers.{suffix}", query, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == field
    assert words[0 if language == "vi" else 1] in error["message"]
    api = client.get("/api/v1/producers/", query, HTTP_ACCEPT_LANGUAGE=language).json()["error"]
    assert api == error  # the list's own answer, word for word


def test_the_officer_map_links_its_downloads_to_the_server():
    from django.test import Client
    page = Client().get("/map/").content.decode()
    for suffix in ("xlsx", "csv", "geojson"):
        assert f'href="/map/producers.{suffix}"' in page
