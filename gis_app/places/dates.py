"""The two days units are read on, apart (issue #24).

- `registry_units_on()`: the day the registry's records are filed under (OCOP_REGISTRY_UNITS_ON, the old
  communes of 30/06/2025). Codes in import files, a record's `commune` link and the demo's rows mean the units
  in force that day; newer units are reached by succession (places/resolution.py).
- `report_day(day)`: the day a report, page, map, export, API answer or choice list groups by: the day asked
  for, else today in Asia/Ho_Chi_Minh. Pre-2025 figures stay reproducible by asking for their day.
- `units_on(value)`: the day a request asks for (`?units_on=YYYY-MM-DD` or dd/mm/yyyy), else the report day;
  every place that reports by unit reads it through here, so that no two pages disagree about "today".
"""
import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from gis_app.core.dates import parse_date
from gis_app.core.errors import InputError

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
PARAMETER = "units_on"  # the one query parameter name of the day (overview, officer map, catalogue, API)


def registry_units_on() -> datetime.date:
    """The day the registry's records are filed under (settings.OCOP_REGISTRY_UNITS_ON)."""
    return settings.OCOP_REGISTRY_UNITS_ON


def report_day(day: datetime.date | None = None) -> datetime.date:
    """`day` when given, else today in Hồ Chí Minh City: the one default of every report by unit."""
    return day or timezone.now().astimezone(ZONE).date()


def units_on(value: Any, field: str = PARAMETER) -> datetime.date:
    """The day a request asks units for: `value` (ISO or dd/mm/yyyy, or a date), else the report day.
    Raises InputError(field) with a message in the request's language for a value that is not a day."""
    if isinstance(value, datetime.date):
        return value
    try:
        day = parse_date(value)
    except ValueError as error:
        raise InputError(field, str(error)) from None
    return day or report_day()
