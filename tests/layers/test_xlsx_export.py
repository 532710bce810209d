"""XLSX export of every layer (issue #26 item 4): typed cells, headers in the request's language, the header row
frozen, Excel's filters on; the workbook reads back unchanged and imports back as no change."""
import datetime
import io

import pytest
from django.contrib.gis.geos import Point
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from gis_app.core.readers import read_table
from gis_app.imports.service import Options, run_import
from gis_app.registry.models import Producer, Status
from layers.catalogue import all_layers
from tests.imports.test_csv_as_excel_writes import VIETNAMESE

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(client, url, language="vi"):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


@pytest.mark.parametrize("layer", [layer.id for layer in all_layers()])
def test_every_layer_exports_as_a_workbook_with_one_row_per_feature(client, layer):
    sheet = workbook(client, f"/export/{layer}.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    expected = next(each for each in all_layers() if each.id == layer).filtered().count()
    assert len(rows) - 1 == expected
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(row=1, column=len(rows[0])).column_letter}{expected + 1}"


@pytest.mark.parametrize("language,first,lon", [("vi", "mã định danh", "Kinh độ"),
                                                ("en", "identifier", "Longitude")])
def test_the_header_row_is_in_the_requests_language(client, language, first, lon):
    header = [c.value for c in workbook(client, "/export/producers.xlsx", language).active[1]]
    assert header[0].lower() == first.lower() and lon in header


def test_cells_are_typed_dates_numbers_and_text_codes(client):
    units = workbook(client, "/export/admin_units.xlsx").active
    header = [c.value for c in units[1]]
    first = units[2]
    valid_from = first[header.index("hiệu lực từ")]
    assert isinstance(valid_from.value, datetime.datetime) and valid_from.number_format == "DD/MM/YYYY"
    assert isinstance(first[0].value, int)  # the identifier
    assert first[1].data_type == "s"  # the official code: text, its leading zeros kept
    producer = Producer.objects.published().order_by("pk").first()
    Producer.objects.filter(pk=producer.pk).update(public_phone="0274389000", name='=HYPERLINK("http://x","y")')
    sheet = workbook(client, "/export/producers.xlsx").active
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    row = rows[producer.pk]
    header = [c.value for c in sheet[1]]
    assert row[header.index("Kinh độ")].value == pytest.approx(producer.location.x, abs=1e-7)
    phone = [c for c in row if c.value == "0274389000"]
    assert phone and phone[0].data_type == "s"
    name = [c for c in row if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert name and name[0].data_type == "s"  # text as typed, never a formula


TEXT = st.text(alphabet=VIETNAMESE + "0123456789 ,;.\"'=+-@()/", min_size=1, max_size=40).map(str.strip).filter(
    bool)
PHONES = st.text(alphabet="0123456789", min_size=8, max_size=11).map(lambda t: "0" + t)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=TEXT, address=TEXT, phone=PHONES)
def test_a_producer_exported_reads_back_and_imports_back_unchanged(client, tmp_path, name, address, phone):
    producer = Producer.objects.filter(status=Status.PUBLISHED, ref__isnull=False).order_by("pk").first()
    Producer.objects.filter(pk=producer.pk).update(name=name, address=address, public_phone=phone)
    producer.refresh_from_db()
    response = client.get("/export/producers.xlsx", {"name": name})
    assert response.status_code == 200
    path = tmp_path / "producers.xlsx"
    path.write_bytes(response.content)
    table = read_table(path)
    assert len(table.rows) == 1
    row = table.rows[0]
    assert row["tên"] == name and row["địa chỉ"] == address and row["điện thoại"] == phone
    report = run_import(read_table(path), Options(kind="producers", commit=False))
    assert not report.problems, report.problems
    assert report.unchanged == 1 and report.created == 0 and report.updated == 0, (report.mapping, row, producer.ref)
    assert Point(float(row["Kinh độ"]), float(row["Vĩ độ"])).distance(
        Point(producer.location.x, producer.location.y)) < 1e-6
