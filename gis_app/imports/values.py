"""Cell values as officers type them (comma decimals, Vietnamese labels, Excel times) to Python values.

Each parser raises ValueError with a translated message that the importer reports against the column.
"""
import datetime

from django.utils.translation import gettext as _
from django.utils.translation import override

from gis_app.core.dates import parse_date
from gis_app.core.importing import as_float, as_time

from .mapping import header_key


def as_int(value):
    number = as_float(value)
    if number != int(number):
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
    return int(number)


def as_date(value):
    """A date cell: Excel/GDAL date objects as they are, text by the one rule (dd/mm/yyyy or ISO, never month
    first: gis_app/core/dates.py)."""
    return parse_date(value)


def as_clock(value):
    if isinstance(value, datetime.datetime):
        return value.time()
    try:
        return as_time(value if isinstance(value, datetime.time) else str(value).strip())
    except ValueError:
        raise ValueError(_("“%(value)s” is not a time of day (hh:mm).") % {"value": value})


def choice_lookup(choices, synonyms=None):
    """{header_key(label or code): code} for a TextChoices, in both languages, plus extra synonyms.

    Built once per (choices, synonyms): an import asks for it on every row."""
    key = (choices, id(synonyms))
    if key not in _LOOKUPS:
        _LOOKUPS[key] = _choice_lookup(choices, synonyms)
    return _LOOKUPS[key]


_LOOKUPS = {}


def _choice_lookup(choices, synonyms=None):
    table = {}
    for language in ("en", "vi"):
        with override(language):
            table.update({header_key(str(label)): code for code, label in choices.choices})
    table.update({header_key(code): code for code in choices.values})
    table.update({header_key(word): code for word, code in (synonyms or {}).items()})
    return table


def as_choice(value, lookup, choices):
    code = lookup.get(header_key(value))
    if code is None:
        raise ValueError(_("“%(value)s” is not one of: %(allowed)s.")
                         % {"value": value, "allowed": ", ".join(str(label) for label in choices.labels)})
    return code


def as_choice_list(value, lookup, choices):
    """'Bãi đỗ xe; Ăn uống' -> ['parking', 'food']."""
    parts = [p for p in str(value).replace(",", ";").split(";") if p.strip()]
    return [as_choice(part, lookup, choices) for part in parts]
