"""The two days units are read on, apart (issue #24).

- `registry_units_on()`: the day the registry's records are filed under (OCOP_REGISTRY_UNITS_ON, the old
  communes of 30/06/2025). Codes in import files, a record's `commune` link and the demo's rows mean the units
  in force that day; newer units are reached by succession (places/resolution.py).
- `report_day(day)`: the day a report, page, export or choice list groups by: the day asked for, else today
  in Asia/Ho_Chi_Minh (settings.TIME_ZONE). Pre-2025 figures stay reproducible by asking for their day.
"""
import datetime

from django.conf import settings
from django.utils import timezone


def registry_units_on() -> datetime.date:
    """The day the registry's records are filed under (settings.OCOP_REGISTRY_UNITS_ON)."""
    return settings.OCOP_REGISTRY_UNITS_ON


def report_day(day: datetime.date | None = None) -> datetime.date:
    """`day` when given, else today in the project's time zone: the one default of every report by unit."""
    return day or timezone.localdate()
