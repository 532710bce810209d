"""The shape every reader returns: column names, rows of text/number values, and geometries when the format has them."""
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from gis_app.core.importing import ImportFailed, RowProblem
from gis_app.core.text import nfc


@dataclass
class Table:
    source: str
    columns: list
    rows: list  # one dict per data row: column -> value (str, number, date…, or None)
    geometries: list | None = None  # OGR geometries in EPSG:4326, one per row, for GIS formats
    transformed: bool = False  # geometries were transformed to EPSG:4326 from the layer's declared CRS
    notes: list = field(default_factory=list)  # facts about the reading worth showing (e.g. detected encoding)
    numbers: list | None = None  # data row number of each row (1 = first under the header), counting skipped blank rows
    vn2000: tuple | None = None  # (central meridian, scale) when the layer declares a VN-2000 TM projection
    vn2000_unconfirmed: tuple | None = None  # a projection that only looks like VN-2000 (crs.confirmed decides)
    def __post_init__(self) -> None:
        if self.numbers is None:
            self.numbers = list(range(1, len(self.rows) + 1))

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def geometric(self) -> bool:
        return self.geometries is not None and any(g is not None for g in self.geometries)

    def records(self) -> Iterator[tuple[int, dict, Any]]:
        """(row number, row, geometry or None) for every data row, in order."""
        geometries = self.geometries or [None] * len(self.rows)
        return zip(self.numbers or [], self.rows, geometries)


@dataclass
class StreamedTable:
    """A file opened for reading row by row: what is known before reading the rows (columns, notes, the number
    of rows, checked against the limits), and `records()`, which reads the file again each time it is called.

    Memory stays bounded whatever the file's size: the importer never holds more than one batch of rows.
    """
    source: str
    columns: list
    row_count: int  # data rows (an upper bound for formats that may hold blank rows)
    stream: Callable[[], Iterable[tuple[int, dict, Any]]]  # callable returning an iterator of (row number, row, geometry or None)
    geometric: bool = False
    transformed: bool = False
    notes: list = field(default_factory=list)
    vn2000: tuple | None = None
    vn2000_unconfirmed: tuple | None = None

    def records(self) -> Iterable[tuple[int, dict, Any]]:
        return self.stream()

    def materialize(self) -> Table:
        numbers: list[int] = []
        rows: list[dict] = []
        geometries: list[Any] = []
        for number, row, geometry in self.records():
            numbers.append(number)
            rows.append(row)
            geometries.append(geometry)
        return check_not_empty(Table(self.source, self.columns, rows, geometries if self.geometric else None,
                                     transformed=self.transformed, notes=self.notes, numbers=numbers,
                                     vn2000=self.vn2000, vn2000_unconfirmed=self.vn2000_unconfirmed))


def unreadable(source: str, message: str) -> ImportFailed:
    """The error for a file that cannot be read at all: nothing is imported."""
    return ImportFailed([RowProblem(source, 0, "", message)])


def clean_header(value: object) -> str:
    return nfc(str(value)).strip() if value is not None else ""


def clean_value(value: Any) -> Any:
    """Text in NFC without surrounding spaces; empty text becomes None; other values pass through."""
    if isinstance(value, str):
        value = nfc(value).strip()
        return value or None
    return value


def check_not_empty(table: Table) -> Table:
    if not [c for c in table.columns if c]:
        raise unreadable(table.source, _("The file has no header row."))
    if not table.rows:
        raise unreadable(table.source, _("The file has a header but no data rows."))
    return table


def check_limits(source: str, size: int | None = None, rows: int | None = None) -> None:
    """Refuse a file over the import limits before any heavy work (ImportFailed naming the limit)."""
    max_bytes, max_rows = settings.OCOP_IMPORT_MAX_BYTES, settings.OCOP_IMPORT_MAX_ROWS
    if size is not None and size > max_bytes:
        raise unreadable(source, _("The file holds %(size).1f MB of data; imports are limited to %(max).1f MB.")
                         % {"size": size / 1e6, "max": max_bytes / 1e6})
    if rows is not None and rows > max_rows:
        raise unreadable(source, _("The file holds %(rows)s rows; imports are limited to %(max)s rows: split it.")
                         % {"rows": rows, "max": max_rows})


def too_many_vertices(source: str, count: int) -> ImportFailed:
    return unreadable(source, _("The geometries of the file have more than %(max)s vertices in all (%(count)s so "
                                "far); imports are limited to that: simplify or split the file.")
                      % {"max": settings.OCOP_IMPORT_MAX_VERTICES, "count": count})
