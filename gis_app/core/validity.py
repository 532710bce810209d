"""Whether a dated row is in force on a day: one Python function, one Django Q, one SQL fragment.

Two conventions for the end of a period are stored, each declared once by its model as `VALIDITY`:

- `UNTIL_BEFORE` (half-open, [valid_from, valid_to)): `valid_to` is the first day the row no longer applies,
  "đến trước ngày". Administrative units and their names (`places.AdminUnit`, `places.UnitName`): the
  reform's units end on 01/07/2025, the day the new ones start, so a day is in exactly one generation.
- `UNTIL_END_OF` (closed, [valid_from, valid_to]): `valid_to` is the last day the row applies, "đến hết ngày",
  as legal texts state it. Rule sets (`effective_to`) and recognition rules (`registry.RuleSet`,
  `registry.RecognitionRule`): 148/2023's rules apply through 21/05/2026, 26/2026's from 22/05/2026.

Labels follow the convention: a half-open end is "in force before" ("hiệu lực đến trước ngày"), a closed one
"valid until"/"effective until" ("hiệu lực đến"). A NULL end is open. The stored values were not changed.

- `in_force(row, day)`: Python, for a model instance (its class's `VALIDITY`) or a dict (`validity=` given);
- `in_force_q(day, prefix="", validity=...)`: a Q for querysets, `prefix` a relation path ("commune__");
- `in_force_sql(alias, param, validity=...)`: the SQL of the test on table alias `alias`, the day being the
  bound parameter `%(param)s` (never a value written into the SQL); `in_force_sql_at(alias, day, validity)`
  the same for a day that is a column or a SQL function's parameter;
- `first_day_after(row)`: the first day a row no longer applies (None for an open end).
"""
import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Validity:
    """How a model stores its period: the fields of its first and end days, and whether the end day is included."""

    start: str = "valid_from"
    end: str = "valid_to"
    end_included: bool = False


UNTIL_BEFORE = Validity()  # [valid_from, valid_to): valid_to is the first day no longer in force
UNTIL_END_OF = Validity(end_included=True)  # [valid_from, valid_to]: valid_to is the last day in force


def validity_of(model_or_row: Any, validity: Validity | None = None) -> Validity:
    """`validity` if given, else the `VALIDITY` declared by the model (class or instance), else half-open."""
    if validity is not None:
        return validity
    return getattr(model_or_row, "VALIDITY", UNTIL_BEFORE)


def _get(row, name):
    return row[name] if isinstance(row, dict) else getattr(row, name)


def in_force(row: Any, day: datetime.date, validity: Validity | None = None) -> bool:
    """Whether `row` (a model instance or a dict) is in force on `day`."""
    v = validity_of(row, validity)
    start, end = _get(row, v.start), _get(row, v.end)
    if start > day:
        return False
    return end is None or (day <= end if v.end_included else day < end)


def first_day_after(row: Any, validity: Validity | None = None) -> datetime.date | None:
    """The first day `row` no longer applies (its exclusive end), None when open."""
    v = validity_of(row, validity)
    end = _get(row, v.end)
    if end is None:
        return None
    return end + DAY if v.end_included else end


def in_force_q(day: datetime.date | Any, prefix: str = "", validity: Validity = UNTIL_BEFORE) -> Q:
    """A Q: the rows (reached through `prefix`, e.g. "commune__") in force on `day`."""
    end_lookup = "gte" if validity.end_included else "gt"
    return (Q(**{f"{prefix}{validity.start}__lte": day})
            & (Q(**{f"{prefix}{validity.end}__isnull": True}) | Q(**{f"{prefix}{validity.end}__{end_lookup}": day})))


def in_force_sql(alias: str, param: str, validity: Validity = UNTIL_BEFORE) -> str:
    """SQL: the row of table alias `alias` is in force on the day bound as `%(param)s` (pyformat)."""
    if not (alias.isidentifier() and param.isidentifier()):
        raise ValueError("alias and param must be identifiers")
    return in_force_sql_at(alias, f"%({param})s", validity)


_COLUMN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?")


def in_force_sql_at(alias: str, day: str, validity: Validity = UNTIL_BEFORE) -> str:
    """SQL: the row of table alias `alias` is in force on `day`, a column (`d.date`) or a SQL function's
    parameter (`unit_day`), or the placeholder `in_force_sql` gives; never a value written into the SQL."""
    if not alias.isidentifier() or not (_COLUMN.fullmatch(day) or re.fullmatch(r"%\([A-Za-z_]\w*\)s", day)):
        raise ValueError("alias must be an identifier and day a column, a parameter or a placeholder")
    op = ">=" if validity.end_included else ">"
    return (f"({alias}.{validity.start} <= {day} "
            f"AND ({alias}.{validity.end} IS NULL OR {alias}.{validity.end} {op} {day}))")
