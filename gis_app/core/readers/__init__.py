"""Readers turn an uploaded file into a `Table`; one module per format, dispatched on the file name.

Every reader refuses a corrupt or empty file with `ImportFailed` (row 0, a translated message), so the caller
never sees a half-read file.
"""
from pathlib import Path

from django.utils.translation import gettext as _

from . import delimited, gis, spreadsheet
from .table import StreamedTable, Table, unreadable

READERS = {
    ".csv": delimited, ".txt": delimited, ".tsv": delimited,
    ".xlsx": spreadsheet,
    ".geojson": gis, ".json": gis, ".gpkg": gis, ".zip": gis, ".shp": gis,
    ".kml": gis,  # Google Earth / My Maps placemarks: always WGS84; ExtendedData fields as columns
}
SUPPORTED = sorted(READERS)


def open_table(path: str | Path, name: str | None = None) -> StreamedTable:
    """The file at `path` as a StreamedTable (rows read lazily, limits checked first); `name` (the uploaded
    name) chooses the format."""
    name = name or Path(path).name
    module = READERS.get(Path(name).suffix.lower())
    if module is None:
        raise unreadable(name, _("Unsupported file type. Use one of: %(types)s.") % {"types": ", ".join(SUPPORTED)})
    if Path(path).stat().st_size == 0:
        raise unreadable(name, _("The file is empty."))
    return module.open_table(path, name)


def read_table(path: str | Path, name: str | None = None) -> Table:
    """The rows of the file at `path` as a Table held in memory (small files, other importers)."""
    return open_table(path, name).materialize()


__all__ = ["StreamedTable", "Table", "open_table", "read_table", "SUPPORTED"]
