"""Excel workbooks (.xlsx): the first sheet, first row as header (openpyxl, read-only)."""
import zipfile

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .table import Table, check_not_empty, clean_header, clean_value, unreadable


def read(path, source):
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise unreadable(source, _("The Excel file cannot be opened (%(error)s); it may be damaged.")
                         % {"error": error.__class__.__name__})
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [clean_header(h) for h in next(lines, ())]
        rows, numbers = [], []
        for number, values in enumerate(lines, start=1):
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            rows.append({column: clean_value(value) for column, value in zip(header, values) if column})
            numbers.append(number)
    finally:
        workbook.close()
    return check_not_empty(Table(source, [h for h in header if h], rows, numbers=numbers,
                                 notes=[_("Sheet: %(sheet)s") % {"sheet": sheet.title}]))
