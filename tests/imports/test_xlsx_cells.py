"""Excel cells read back as they were written (#22): dates as dates (not month-first text), numbers as numbers,
text with leading zeros as text; a date typed as text in a cell is read day first."""
import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from gis_app.core.readers import read_table
from gis_app.imports.values import as_date
from tests.imports.test_csv_as_excel_writes import VIETNAMESE

DATES = st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2100, 12, 31))
NUMBERS = st.one_of(st.integers(min_value=-10**12, max_value=10**12),
                    # Excel holds 15 significant digits (and openpyxl writes 16): numbers as a sheet can hold them
                    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
                    .map(lambda x: float(f"{x:.15g}")))
CODES = st.text(alphabet="0123456789", min_size=2, max_size=12).map(lambda t: "0" + t)  # leading zeros
WORDS = st.text(alphabet=VIETNAMESE + "0123456789 ,;.\"'-()/", min_size=1, max_size=30).map(str.strip).filter(bool)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(WORDS, DATES, NUMBERS, CODES), min_size=1, max_size=8))
def test_cells_written_by_openpyxl_read_back_unchanged(tmp_path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["ten", "ngay_quyet_dinh", "so", "ma_so"])
    for name, day, number, code in rows:
        sheet.append([name, day, number, code])
        sheet.cell(row=sheet.max_row, column=2).number_format = "DD/MM/YYYY"  # as a Vietnamese Excel shows it
        sheet.cell(row=sheet.max_row, column=4).number_format = "@"  # a text cell
    path = tmp_path / "bang.xlsx"
    book.save(path)
    table = read_table(path)
    assert [(r["ten"], as_date(r["ngay_quyet_dinh"]), r["so"], r["ma_so"]) for r in table.rows] == \
        [(name, day, number, code) for name, day, number, code in rows]


@pytest.mark.parametrize("typed, meant", [("01/12/2026", datetime.date(2026, 12, 1)),
                                          ("25/12/2026", datetime.date(2026, 12, 25)),
                                          ("2026-12-01", datetime.date(2026, 12, 1))])
def test_a_date_typed_as_text_in_a_cell_is_read_day_first(tmp_path, typed, meant):
    book = Workbook()
    book.active.append(["ngay"])
    book.active.append([typed])
    path = tmp_path / "van_ban.xlsx"
    book.save(path)
    assert as_date(read_table(path).rows[0]["ngay"]) == meant
