"""CSV (and tab/semicolon separated) files in the encodings officers' computers produce.

Excel on Vietnamese Windows saves "CSV" as Windows-1258 (cp1258), which writes tone marks as separate
combining characters: the text is NFC-normalised after decoding so that it equals what was typed elsewhere.
"Unicode text" from Excel is UTF-16 with a BOM and tabs.
"""
import codecs
import csv
import io
import os
from pathlib import Path

from django.utils.translation import gettext as _

from .table import StreamedTable, Table, check_limits, clean_header, clean_value, unreadable

BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
# Tried in order when there is no BOM: UTF-8 fails loudly on legacy bytes, cp1258 then reads them.
FALLBACKS = ["utf-8", "cp1258"]


CHUNK_BYTES = 1 << 20


def _decodes(path, encoding, skip=0):
    """(whether the whole file decodes as `encoding`, lines counted): one streaming pass, constant memory."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 0
    with open(path, "rb") as f:
        f.seek(skip)
        try:
            while chunk := f.read(CHUNK_BYTES):
                lines += decoder.decode(chunk).count("\n")
            lines += decoder.decode(b"", final=True).count("\n")
        except UnicodeDecodeError:
            return False, 0
    return True, lines


def detect(path: str | Path, source: str) -> tuple[str, int]:
    """(encoding, number of lines) of the text file at `path`, or ImportFailed; reads it once, in chunks."""
    with open(path, "rb") as f:
        head = f.read(4)
    for bom, encoding in BOMS:
        if head.startswith(bom):
            ok, lines = _decodes(path, encoding)
            if not ok:
                raise unreadable(source, _("The file announces %(encoding)s but is not valid %(encoding)s.")
                                 % {"encoding": encoding.upper()})
            return encoding, lines
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK_BYTES):
            if b"\x00" in chunk:
                raise unreadable(source, _("This is not a text file (it contains binary data). Save it as CSV "
                                           "(UTF-8) or upload the Excel file itself."))
    for encoding in FALLBACKS:
        ok, lines = _decodes(path, encoding)
        if ok:
            return encoding, lines
    raise unreadable(source, _("The text encoding is not recognised; save the file as CSV UTF-8."))


SAMPLE_CHARS = 64 * 1024
DELIMITERS = [",", ";", "\t"]


class Spreadsheet(csv.excel):
    """What Excel and LibreOffice write: `"` quotes, a quote inside a quoted cell doubled (`""`), commas and
    newlines inside quoted cells; only the delimiter differs (`,`, or `;` where the decimal mark is a comma)."""


def dialect_of(path: str | Path, encoding: str) -> type[csv.Dialect]:
    """The dialect of the file, judged on a real sample (up to 64 K characters, whole records), not the header
    line alone: each delimiter is tried with the spreadsheet quoting rules and the one that splits the header
    into the most columns with the most rows of that width wins. csv.Sniffer is not used: on a header line it
    guesses `doublequote=False`, which turned Excel's cell for  Cong ty "Sao Mai"  into  Cong ty "Sao Mai" followed
    by two stray quotes."""
    with open(path, encoding=encoding, newline="") as handle:
        sample = handle.read(SAMPLE_CHARS)
        truncated = bool(handle.read(1))
    best, best_score = ",", None
    for delimiter in DELIMITERS:
        dialect = type("Sampled", (Spreadsheet,), {"delimiter": delimiter})
        try:
            rows = [row for row in csv.reader(io.StringIO(sample), dialect) if any(v.strip() for v in row)]
        except csv.Error:
            continue
        if truncated and len(rows) > 1:
            rows = rows[:-1]  # the sample may end inside a record
        if not rows:
            continue
        width = len(rows[0])
        fitting = sum(1 for row in rows[1:] if len(row) == width)
        score = (width > 1, fitting / max(1, len(rows) - 1), width)
        if best_score is None or score > best_score:
            best, best_score = delimiter, score
    return type("Sampled", (Spreadsheet,), {"delimiter": best})


def open_table(path: str | Path, source: str) -> StreamedTable:
    """The file as a StreamedTable: encoding and size checked in one pass, rows read lazily."""
    check_limits(source, size=os.path.getsize(path))
    encoding, lines = detect(path, source)
    check_limits(source, rows=max(0, lines - 1))
    dialect = dialect_of(path, encoding)
    with open(path, encoding=encoding, newline="") as handle:
        try:
            header = [clean_header(h) for h in next(csv.reader(handle, dialect), [])]
        except csv.Error as error:
            raise unreadable(source, _("The CSV file is malformed: %(error)s") % {"error": error})

    def stream():
        with open(path, encoding=encoding, newline="") as handle:
            reader = csv.reader(handle, dialect)
            try:
                next(reader, None)
                for number, values in enumerate(reader, start=1):
                    if not any(v.strip() for v in values):
                        continue  # blank lines at the end of Excel exports
                    yield number, {column: clean_value(value) for column, value in zip(header, values) if column}, None
            except csv.Error as error:
                raise unreadable(source, _("The CSV file is malformed: %(error)s") % {"error": error})

    table = StreamedTable(source, [h for h in header if h], max(0, lines - 1), stream,
                          notes=[_("Text encoding: %(encoding)s") % {"encoding": encoding}])
    if not table.columns:
        raise unreadable(source, _("The file has no header row."))
    return table


def read(path: str | Path, source: str) -> Table:
    return open_table(path, source).materialize()
