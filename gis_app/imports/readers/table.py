"""The shape every reader returns: column names, rows of text/number values, and geometries when the format has them."""
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gis_app.core.importing import ImportFailed, RowProblem
from gis_app.core.text import nfc


@dataclass
class Table:
    source: str
    columns: list
    rows: list  # one dict per data row: column -> value (str, number, date…, or None)
    geometries: list = None  # OGR geometries in EPSG:4326, one per row, for GIS formats
    transformed: bool = False  # geometries were transformed to EPSG:4326 from the layer's declared CRS
    notes: list = field(default_factory=list)  # facts about the reading worth showing (e.g. detected encoding)
    numbers: list = None  # data row number of each row (1 = first under the header), counting skipped blank rows
    vn2000: tuple = None  # (central meridian, scale) when the layer declares a VN-2000 TM projection


    def __post_init__(self):
        if self.numbers is None:
            self.numbers = list(range(1, len(self.rows) + 1))


def unreadable(source, message):
    """The error for a file that cannot be read at all: nothing is imported."""
    return ImportFailed([RowProblem(source, 0, "", message)])


def clean_header(value):
    return nfc(str(value)).strip() if value is not None else ""


def clean_value(value):
    """Text in NFC without surrounding spaces; empty text becomes None; other values pass through."""
    if isinstance(value, str):
        value = nfc(value).strip()
        return value or None
    return value


def check_not_empty(table):
    if not [c for c in table.columns if c]:
        raise unreadable(table.source, _("The file has no header row."))
    if not table.rows:
        raise unreadable(table.source, _("The file has a header but no data rows."))
    return table
