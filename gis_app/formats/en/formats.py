"""Dates typed and shown dd/mm/yyyy, whatever the language (gis_app/core/dates.py holds the one rule).

Only the date formats are set here; numbers and the rest come from Django's own locale files."""
from gis_app.core.dates import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS  # noqa: F401

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
