"""CSV files as Excel and LibreOffice write them read back cell for cell (#22): quotes doubled inside quoted
cells, commas, semicolons and newlines inside cells, `,` or `;` as delimiter, UTF-8 with a BOM or Windows-1258,
Vietnamese typed composed (NFC) or decomposed (NFD).

Before, the dialect was sniffed from the header line alone: Excel's cell for  Cong ty "Sao Mai"  came back with
two stray quotes, and a quoted comma could shift columns."""
import csv
import io
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gis_app.core.readers import read_table

HEADER = ["ten", "dia_chi", "ghi_chu"]
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
TEXT = st.text(alphabet=VIETNAMESE + "0123456789 ,;.\"'\n-()/", min_size=1, max_size=40).map(str.strip).filter(bool)


def windows_1258(text):
    """The text as Vietnamese Windows writes it: base letters with their vowel marks (â, ơ…) precomposed and the
    tone as a separate combining mark, which is what cp1258 can hold."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


class LibreOffice(csv.Dialect):
    """LibreOffice Calc's CSV export in a Vietnamese locale: `;` between cells (the decimal mark is a comma),
    `"` quotes doubled inside, text cells quoted, LF line ends."""
    delimiter, quotechar, doublequote, skipinitialspace = ";", '"', True, False
    lineterminator, quoting = "\n", csv.QUOTE_NONNUMERIC


DIALECTS = {"excel": csv.excel, "excel-semicolon": type("ExcelSemicolon", (csv.excel,), {"delimiter": ";"}),
            "libreoffice": LibreOffice}
ENCODINGS = ["utf-8-sig", "utf-8", "cp1258"]


def write(rows, dialect, encoding, form):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect)
    writer.writerow(HEADER)
    writer.writerows([[unicodedata.normalize(form, cell) for cell in row] for row in rows])
    text = buffer.getvalue()
    return windows_1258(text) if encoding == "cp1258" else text.encode(encoding)


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
@pytest.mark.parametrize("encoding", ENCODINGS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(TEXT, min_size=3, max_size=3), min_size=1, max_size=8),
       form=st.sampled_from(["NFC", "NFD"]))
def test_rows_written_by_spreadsheet_tools_read_back_unchanged(tmp_path, dialect, encoding, rows, form):
    path = tmp_path / "rows.csv"
    path.write_bytes(write(rows, DIALECTS[dialect], encoding, form))
    table = read_table(path, "rows.csv")
    assert table.columns == HEADER
    assert [[row[c] for c in HEADER] for row in table.rows] == \
        [[unicodedata.normalize("NFC", cell) for cell in row] for row in rows]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_the_issue_s_company_name_and_a_quoted_comma(tmp_path, delimiter):
    d = delimiter
    path = tmp_path / "excel.csv"
    path.write_bytes(f'ten{d}dia_chi{d}ghi_chu\r\n"Cong ty ""Sao Mai"""{d}"Số 5, đường 30/4{d} Thủ Dầu Một"{d}x\r\n'
                     .encode("utf-8-sig"))
    row = read_table(path, "excel.csv").rows[0]
    assert row == {"ten": 'Cong ty "Sao Mai"', "dia_chi": f"Số 5, đường 30/4{d} Thủ Dầu Một", "ghi_chu": "x"}


def test_a_header_without_quotes_does_not_decide_the_quoting(tmp_path):
    """The header alone says nothing of the quoting: rows far below it carry the doubled quotes and newlines."""
    lines = ["ten,dia_chi"] + [f"Cơ sở {n},Ấp {n}" for n in range(200)] + ['"Bánh ""Bà Tư""","dòng 1\ndòng 2"']
    path = tmp_path / "late.csv"
    path.write_bytes(windows_1258("\r\n".join(lines) + "\r\n"))
    rows = read_table(path, "late.csv").rows
    assert rows[-1] == {"ten": 'Bánh "Bà Tư"', "dia_chi": "dòng 1\ndòng 2"}
    assert len(rows) == 201
