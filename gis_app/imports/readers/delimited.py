"""CSV (and tab/semicolon separated) files in the encodings officers' computers produce.

Excel on Vietnamese Windows saves "CSV" as Windows-1258 (cp1258), which writes tone marks as separate
combining characters: the text is NFC-normalised after decoding so that it equals what was typed elsewhere.
"Unicode text" from Excel is UTF-16 with a BOM and tabs.
"""
import codecs
import csv
import io

from django.utils.translation import gettext as _

from .table import Table, check_not_empty, clean_header, clean_value, unreadable

BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
# Tried in order when there is no BOM: UTF-8 fails loudly on legacy bytes, cp1258 then reads them.
FALLBACKS = ["utf-8", "cp1258"]


def decode(data, source):
    """(text, encoding) of the bytes, or ImportFailed when no supported encoding reads them."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise unreadable(source, _("The file announces %(encoding)s but is not valid %(encoding)s.")
                                 % {"encoding": encoding.upper()})
    if b"\x00" in data:
        raise unreadable(source, _("This is not a text file (it contains binary data). Save it as CSV "
                                   "(UTF-8) or upload the Excel file itself."))
    for encoding in FALLBACKS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise unreadable(source, _("The text encoding is not recognised; save the file as CSV UTF-8."))


def read(path, source):
    with open(path, "rb") as f:
        text, encoding = decode(f.read(), source)
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample.splitlines()[0] if sample else "", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [clean_header(h) for h in next(reader, [])]
        rows, numbers = [], []
        for number, values in enumerate(reader, start=1):
            if not any(v.strip() for v in values):
                continue  # blank lines at the end of Excel exports
            rows.append({column: clean_value(value) for column, value in zip(header, values) if column})
            numbers.append(number)
    except csv.Error as error:
        raise unreadable(source, _("The CSV file is malformed: %(error)s") % {"error": error})
    table = Table(source, [h for h in header if h], rows, numbers=numbers,
                  notes=[_("Text encoding: %(encoding)s") % {"encoding": encoding}])
    return check_not_empty(table)
