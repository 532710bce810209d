"""Excel workbooks (.xlsx): the first sheet, first row as header (openpyxl, read-only, row by row).

An .xlsx is a zip of XML: a 1 MB file can unpack to gigabytes (a "zip bomb"), so the unpacked size is checked
against the limits before openpyxl opens it, and rows are counted while streaming.
"""
import os
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .table import StreamedTable, Table, check_limits, clean_header, clean_value, unreadable

ERRORS = (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError)


def unpacked_size(path: str | Path, source: str) -> int:
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise unreadable(source, _("The Excel file cannot be opened (%(error)s); it may be damaged.")
                         % {"error": error.__class__.__name__})


def check_unpacked(source: str, size: int) -> None:
    limit = settings.OCOP_IMPORT_MAX_UNPACKED_BYTES
    if size > limit:
        raise unreadable(source, _("The file unpacks to %(size).0f MB; imports are limited to %(max).0f MB "
                                   "unpacked.") % {"size": size / 1e6, "max": limit / 1e6})


def _open(path, source):
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except ERRORS as error:
        raise unreadable(source, _("The Excel file cannot be opened (%(error)s); it may be damaged.")
                         % {"error": error.__class__.__name__})


def open_table(path: str | Path, source: str) -> StreamedTable:
    check_limits(source, size=os.path.getsize(path))
    check_unpacked(source, unpacked_size(path, source))
    workbook = _open(path, source)
    try:
        sheet = workbook.worksheets[0]
        declared = sheet.max_row  # from the sheet's <dimension>, when present
        header = [clean_header(h) for h in next(sheet.iter_rows(values_only=True, max_row=1), ())]
        title = sheet.title
    finally:
        workbook.close()
    if declared:
        check_limits(source, rows=declared - 1)

    def stream():
        book = _open(path, source)
        try:
            lines = book.worksheets[0].iter_rows(values_only=True)
            next(lines, None)
            for number, values in enumerate(lines, start=1):
                if number > settings.OCOP_IMPORT_MAX_ROWS:  # the dimension may be missing or lie
                    check_limits(source, rows=number)
                if all(v is None or str(v).strip() == "" for v in values):
                    continue
                yield number, {column: clean_value(value) for column, value in zip(header, values) if column}, None
        finally:
            book.close()

    table = StreamedTable(source, [h for h in header if h], max(0, (declared or 1) - 1), stream,
                          notes=[_("Sheet: %(sheet)s") % {"sheet": title}])
    if not table.columns:
        raise unreadable(source, _("The file has no header row."))
    return table


def read(path: str | Path, source: str) -> Table:
    return open_table(path, source).materialize()
