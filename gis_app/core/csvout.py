"""The one CSV writer of the server: cells a spreadsheet would run are defused, rows stream, Excel reads UTF-8.

(Named `csvout`, not `csv`, so as not to shadow the standard module.) Every text cell goes through
`csv_safe.safe_cell` (a leading `'` before = + - @, tab, CR: OWASP "CSV Injection"); quoting and the CRLF line
ends are the standard `csv` module's (RFC 4180). `bom=True` starts the text with U+FEFF so that Excel opens
Vietnamese as UTF-8.

- `chunks(header, rows, bom=False)`: the CSV text row by row (rows consumed lazily: a server-side cursor
  streams in bounded memory);
- `stream(header, rows, bom=False)`: the same as UTF-8 bytes, for a StreamingHttpResponse;
- `write(handle, header, rows, bom=False)`: into a text file opened with newline="", returns the rows written;
- `text(header, rows, bom=False)`: the whole text.

`header` may be None (no header row).
"""
import csv
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from .csv_safe import safe_row

BOM = "\ufeff"


class _Line:
    """A file-like that hands back what `csv.writer` writes (Django's streaming CSV pattern)."""

    def write(self, value):
        return value


def chunks(header: Iterable[Any] | None, rows: Iterable[Iterable[Any]], bom: bool = False) -> Iterator[str]:
    writer = csv.writer(_Line())
    first = writer.writerow(safe_row(header)) if header is not None else ""
    yield (BOM if bom else "") + first
    for row in rows:
        yield writer.writerow(safe_row(row))


def stream(header: Iterable[Any] | None, rows: Iterable[Iterable[Any]], bom: bool = False) -> Iterator[bytes]:
    for piece in chunks(header, rows, bom):
        yield piece.encode("utf-8")


def text(header: Iterable[Any] | None, rows: Iterable[Iterable[Any]], bom: bool = False) -> str:
    return "".join(chunks(header, rows, bom))


def write(handle: TextIO, header: Iterable[Any] | None, rows: Iterable[Iterable[Any]], bom: bool = False) -> int:
    """Write the CSV to the text file `handle`; returns the number of rows (header left out)."""
    pieces = -1  # the first piece is the header row (or nothing)
    for piece in chunks(header, rows, bom):
        if piece:  # (a management command's stdout would turn an empty write into a line end)
            handle.write(piece)
        pieces += 1
    return pieces
