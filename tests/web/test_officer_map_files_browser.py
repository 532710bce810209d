"""In Chromium: the officer map's XLSX button downloads the server's workbook of exactly the filtered map
(issue #26 item 4); CSV and GeoJSON come from the same server path and agree with it."""
import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gis_app.registry.models import Producer

pytestmark = pytest.mark.browser


def drawn_ids(page):
    page.wait_for_function("document.body.dataset.producersLoaded !== undefined"
                           " && document.body.dataset.producersLoaded !== ''")
    return [int(i) for i in page.locator("#producer-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.id)")]


def download(page, button):
    with page.expect_download() as info:
        page.locator(button).click()
    return info.value


def test_the_xlsx_button_downloads_a_workbook_of_the_filtered_map(tab):
    page = tab.goto("/map/")
    everything = drawn_ids(page)
    page.evaluate("document.body.dataset.producersLoaded = ''")
    page.select_option("select[name=legal_form]", Producer.LegalForm.COOPERATIVE)
    page.evaluate("document.body.dataset.producersLoaded = ''")
    page.get_by_label("Hạng sao").select_option("3")
    shown = drawn_ids(page)
    assert 0 < len(shown) < len(everything)

    workbook = download(page, "#download-xlsx")
    assert workbook.suggested_filename == "ocop-producers.xlsx"
    sheet = load_workbook(io.BytesIO(Path(workbook.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:3] == ["Mã định danh", "Mã đăng ký", "Chủ thể OCOP"]  # the page's language
    assert sorted(row[0] for row in rows[1:]) == sorted(shown)
    assert all(isinstance(row[header.index("Kinh độ")], float) for row in rows[1:])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref

    # The other two files come from the same path with the same filters.
    text = Path(download(page, "#download-csv").path()).read_text(encoding="utf-8-sig")
    assert sorted(int(row["Mã định danh"]) for row in csv.DictReader(io.StringIO(text))) == sorted(shown)
    collection = json.loads(Path(download(page, "#download-geojson").path()).read_text(encoding="utf-8"))
    assert sorted(feature["id"] for feature in collection["features"]) == sorted(shown)
    href = page.locator("#download-xlsx").get_attribute("href")
    assert href.startswith("/map/producers.xlsx?") and "legal_form=cooperative" in href and "min_stars=3" in href
    tab.assert_clean()
