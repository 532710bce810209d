"""The report day: the day whose administrative units a page, a map or an API answer reports by (#24).

Today in Asia/Ho_Chi_Minh unless the request names another day (`?units_on=YYYY-MM-DD` or dd/mm/yyyy). This is
not `settings.OCOP_UNITS_AS_OF`, the day of the units records are *filed* under (the registry's generation);
every place that reports by unit reads its default day from `report_day()` and its requested day from
`units_on()`, so that no two pages disagree about "today".
"""
import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from gis_app.core.dates import parse_date
from gis_app.core.errors import InputError

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
PARAMETER = "units_on"  # the one query parameter name of the day (overview, officer map, API)


def report_day():
    """Today in Hồ Chí Minh City: the default day units are reported by."""
    return timezone.now().astimezone(ZONE).date()


def units_on(value, field=PARAMETER):
    """The day a request asks units for: `value` (ISO or dd/mm/yyyy, or a date), else the report day.
    Raises InputError(field) with a message in the request's language for a value that is not a day."""
    if isinstance(value, datetime.date):
        return value
    try:
        day = parse_date(value)
    except ValueError as error:
        raise InputError(field, str(error)) from None
    return day or report_day()
