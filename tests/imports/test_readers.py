"""Files as officers' computers write them are read with Vietnamese intact (NFC); damaged files are refused."""
import unicodedata
import zipfile
from pathlib import Path

import pytest
from django.utils import translation

from gis_app.core.importing import ImportFailed
from gis_app.core.readers import read_table
from gis_app.imports.service import Options, run_import
from gis_app.registry.models import Producer

DATA = Path(__file__).parents[1] / "data" / "imports"
SAMPLE = (DATA / "producers_vi.csv").read_text(encoding="utf-8")
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text):
    """Bytes as Vietnamese Windows writes them: base letters precomposed where cp1258 has them, tones combining."""
    letters = []  # [base letter with its circumflex/breve/horn, its tone marks]
    for char in unicodedata.normalize("NFD", text):
        if not unicodedata.combining(char):
            letters.append([char, ""])
        elif char in TONES:
            letters[-1][1] += char
        else:  # circumflex, breve, horn: part of the letter in cp1258
            letters[-1][0] = unicodedata.normalize("NFC", letters[-1][0] + char)
    return "".join(base + tones for base, tones in letters).encode("cp1258")


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(path):
    with pytest.raises(ImportFailed) as raised:
        read_table(path)
    [problem] = raised.value.problems
    assert problem.row == 0
    return problem.message


@pytest.mark.parametrize("encoding,data", [
    ("utf-8", SAMPLE.encode("utf-8")),
    ("utf-8-sig", SAMPLE.encode("utf-8-sig")),
    ("utf-16", SAMPLE.encode("utf-16")),  # with BOM, as Excel's "Unicode text"
    ("utf-16-tabs", SAMPLE.replace(",", "\t").replace('"12 đường Phú Lợi\tThủ', '"12 đường Phú Lợi, Thủ')
     .replace('"5 đường Lê Hồng Phong\tThủ', '"5 đường Lê Hồng Phong, Thủ')
     .replace('"88 Bạch Đằng\tThủ', '"88 Bạch Đằng, Thủ').encode("utf-16")),
    ("cp1258", windows_1258(SAMPLE)),
])
def test_csv_in_any_officer_encoding_reads_vietnamese_intact_in_nfc(tmp_path, encoding, data):
    if encoding == "cp1258":
        assert data != SAMPLE.encode("utf-8") and "\u0301" in data.decode("cp1258")  # really decomposed tones
    table = read_table(write(tmp_path, "list.csv", data))
    assert table.columns[:3] == ["Mã chủ thể", "Tên chủ thể", "Loại hình"]
    assert [row["Tên chủ thể"] for row in table.rows] == [
        "Hộ kinh doanh Bánh tráng Phú Lợi", "Hợp tác xã Nông nghiệp Hiệp Thành", "Công ty TNHH Gốm sứ Phú Cường"]
    assert all(unicodedata.is_normalized("NFC", v) for row in table.rows for v in row.values() if v)


@pytest.mark.django_db
def test_windows_1258_file_imports_producers_with_nfc_names(tmp_path):
    path = write(tmp_path, "danh_sach.csv", windows_1258(SAMPLE))
    report = run_import(read_table(path), Options(kind="producers", commit=True))
    assert report.committed, report.problems
    names = set(Producer.objects.filter(ref__in=["T101", "T102", "T103"]).values_list("name", flat=True))
    assert names == {"Hộ kinh doanh Bánh tráng Phú Lợi", "Hợp tác xã Nông nghiệp Hiệp Thành",
                     "Công ty TNHH Gốm sứ Phú Cường"}
    assert Producer.objects.get(ref="T102").legal_form == "cooperative"


@pytest.mark.parametrize("name,data,text", [
    ("empty.csv", b"", "The file is empty"),
    ("blank.csv", b"\xef\xbb\xbf\r\n\r\n", "no header row"),
    ("header_only.csv", "Tên chủ thể,Kinh độ,Vĩ độ\n".encode(), "no data rows"),
    ("binary.csv", bytes(range(256)) * 4, "not a text file"),
    ("broken.xlsx", b"PK\x03\x04 this is not a workbook", "cannot be opened"),
    ("broken.geojson", b'{"type": "FeatureCollection", "features": [', "GDAL cannot read"),
    ("broken.gpkg", b"SQLite format 3\x00" + b"\x00" * 200, "GDAL cannot read"),
    ("list.pdf", b"%PDF-1.4", "Unsupported file type"),
])
def test_empty_or_corrupt_file_is_refused_with_a_clear_message(tmp_path, name, data, text):
    with translation.override("en"):
        assert text in refused(write(tmp_path, name, data))


def test_zip_without_a_shapefile_is_refused(tmp_path):
    path = tmp_path / "shapes.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "no shapefile here")
    with translation.override("en"):
        assert "GDAL cannot read" in refused(path)


@pytest.mark.parametrize("language,text", [("vi", "Tệp rỗng"), ("en", "The file is empty")])
def test_empty_file_message_is_translated(tmp_path, language, text):
    with translation.override(language):
        assert text in refused(write(tmp_path, "empty.xlsx", b""))


def test_xlsx_first_sheet_is_read_with_numbers_and_text(tmp_path):
    from openpyxl import Workbook
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tên chủ thể", "Kinh độ", "Vĩ độ", "Mã xã"])
    sheet.append(["Cơ sở Bánh bèo Phú Hòa", 106.6904, 10.9689, 25750])
    sheet.append([None, None, None, None])  # blank rows Excel leaves behind
    workbook.save(tmp_path / "list.xlsx")
    table = read_table(tmp_path / "list.xlsx")
    assert table.rows == [{"Tên chủ thể": "Cơ sở Bánh bèo Phú Hòa", "Kinh độ": 106.6904, "Vĩ độ": 10.9689,
                           "Mã xã": 25750}]
