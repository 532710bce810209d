"""The one rule for dates people type or files hold: day first (dd/mm/yyyy), or ISO yyyy-mm-dd, in both languages.

Django's `vi` locale declares no DATE_INPUT_FORMATS, so without this rule the global `%m/%d/%Y` applied and
01/12/2026 (1 December) became 12 January: every day ≤ 12 was swapped. The form formats (gis_app/formats/),
the importers (gis_app/imports/values.py, gis_app/core/importing.py) and management commands read this list;
month-first is never tried. The API speaks ISO 8601 only (DRF's default).
"""
import datetime

from django.utils.translation import gettext as _

# Day first: what Vietnamese (and British) officers write. ISO is unambiguous (the year comes first).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
TIME_PARTS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"]
DATETIME_INPUT_FORMATS = ([f"{d} {t}" for d in ("%d/%m/%Y", "%Y-%m-%d") for t in TIME_PARTS]
                          + [f"%Y-%m-%dT{t}" for t in TIME_PARTS] + ["%d/%m/%Y", "%Y-%m-%d"])
DISPLAY = "%d/%m/%Y"  # what people read, in both languages (Django format strings: "d/m/Y")


def parse_date(value: object) -> datetime.date | None:
    """A date from text typed or stored as people write it (dd/mm/yyyy, ISO), or a date/datetime object (Excel
    and GDAL cells); None when empty. Raises ValueError with a translated message naming the value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    # ISO with a time part ("2026-12-01T00:00:00", as GDAL writes date-time attributes as text)
    try:
        return datetime.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    raise ValueError(_("“%(value)s” is not a date: write dd/mm/yyyy (for example 25/12/2026) or yyyy-mm-dd.")
                     % {"value": value})


def show_date(value: datetime.date | None) -> str:
    """dd/mm/yyyy, the way people read a date in both languages ("" for None)."""
    return value.strftime(DISPLAY) if value else ""


def local_input(moment: datetime.datetime | None) -> str:
    """An aware datetime as the text of an <input type="datetime-local"> in the project's time zone
    (Asia/Ho_Chi_Minh), "yyyy-mm-ddThh:mm", whatever the browser's zone: the server sends local wall time and
    reads it back as such (DRF makes naive times aware in the current zone), so reopening never shifts it."""
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""


def date_argument(text: str) -> datetime.date | None:
    """argparse `type=` for management commands: the same rule, with argparse's error on failure."""
    import argparse

    try:
        return parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error))
