"""A layer as an Excel workbook, written by openpyxl (the maintained library Excel files are read with here too).

GDAL's XLSX driver would type every cell from GeoJSON, where dates are text; officers need cells Excel sorts
and filters as what they are. So, from the layer's own SQL (`Layer.select`, the public fields, filters and
bbox applied):
- one row per feature, headers the fields' titles in the request's language, the header row frozen and
  Excel's filters on;
- cells typed by the field's declared type: dates as dates (shown dd/mm/yyyy), integers and numbers as
  numbers, booleans as booleans, and every text (codes, phones with their leading zeros) as text, never a
  formula: a name starting with "=" stays that text, as typed;
- point layers give longitude and latitude (WGS84, 7 decimals) in two number columns, headed as the importers
  read them; other layers give a
  point inside the shape (ST_PointOnSurface) and the shape as WKT, unless it exceeds the 32,767 characters an
  Excel cell holds: then the cell says so and points to the GeoPackage export (nothing is cut silently).
Rows are streamed (a server-side cursor, openpyxl's write-only mode): memory stays bounded.
"""
import datetime
from decimal import Decimal

from django.db import connection, transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .features import STREAM_ROWS

EXCEL_CELL_CHARS = 32767  # the most characters an Excel cell holds
COORDINATE_DECIMALS = 7
DATE_FORMAT = "DD/MM/YYYY"  # how Vietnamese offices write dates (both languages here, as on the site)
TEXT_FORMAT = "@"


def _sql(layer, queryset):
    inner_sql, params = layer.select(queryset)
    columns = ", ".join(column for _name, column in layer.field_columns())
    if layer.is_point:
        shape = (f"round(ST_X(t._geom)::numeric, {COORDINATE_DECIMALS}), "
                 f"round(ST_Y(t._geom)::numeric, {COORDINATE_DECIMALS})")
    else:
        inside = "ST_PointOnSurface(t._geom)"
        shape = (f"round(ST_X({inside})::numeric, {COORDINATE_DECIMALS}), "
                 f"round(ST_Y({inside})::numeric, {COORDINATE_DECIMALS}), "
                 f"CASE WHEN length(ST_AsText(t._geom, {COORDINATE_DECIMALS})) <= {EXCEL_CELL_CHARS} "
                 f"THEN ST_AsText(t._geom, {COORDINATE_DECIMALS}) END")
    return f"SELECT {columns}, {shape} FROM ({inner_sql}) t ORDER BY t._id", params


def headers(layer):
    """The column titles in the active language: the fields', then the geometry's."""
    titles = [str(field.title or field.name) for field in layer.fields]
    # The names the importers know (gis_app/imports/mapping.py), so that a sheet edited in Excel imports back.
    titles += [_("Longitude"), _("Latitude")]
    if not layer.is_point:
        titles.append(_("Shape (WKT, WGS84)"))
    return titles


def _cell(sheet, value, kind):
    cell = WriteOnlyCell(sheet, value=None)
    if value is None:
        return cell
    if kind == "date" and isinstance(value, datetime.date):
        cell.value, cell.number_format = value, DATE_FORMAT
    elif kind in ("integer", "number") and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        cell.value = value
    elif kind == "boolean" and isinstance(value, bool):
        cell.value = value
    else:
        # Text stays text: openpyxl would take "=…" for a formula, and Excel a code like "0274…" for a number.
        cell.value = str(value)
        cell.data_type, cell.number_format = "s", TEXT_FORMAT
    return cell


# Other workbooks of the project (gis_app/decisions/export.py) type their cells the same way.
typed_cell = _cell


def write_xlsx(layer, queryset, path, progress=None):
    """Write the features of `queryset` (a narrowed `layer.filtered()`) to the workbook `path`; the count."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=layer.id[:31])
    titles = headers(layer)
    sheet.freeze_panes = "A2"  # before any row: it belongs to the sheet's head
    for index, title in enumerate(titles, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(title) + 4))
    bold = Font(bold=True)
    header_cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.data_type = bold, "s"
        header_cells.append(cell)
    sheet.append(header_cells)
    kinds = [field.type for field in layer.fields] + ["number", "number"] + ([] if layer.is_point else ["string"])
    too_long = _("(longer than an Excel cell holds: use the GeoPackage export)")
    sql, params = _sql(layer, queryset)
    written = 0
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(STREAM_ROWS):
            for row in rows:
                values = list(row)
                if not layer.is_point and values[-1] is None:
                    values[-1] = too_long
                sheet.append([_cell(sheet, value, kind) for value, kind in zip(values, kinds, strict=True)])
            written += len(rows)
            if progress:
                progress(written)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{written + 1}"
    workbook.save(path)
    return written
