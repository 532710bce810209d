"""All-or-nothing loading of rows: validate every row, report every problem, write nothing if any."""
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm


@dataclass
class RowProblem:
    source: str
    row: int  # 1-based data row (header excluded), or 0 for the whole source
    field: str
    message: str

    def __str__(self):
        where = f"{self.source}, row {self.row}" if self.row else self.source
        return f"{where}, {self.field or '-'}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Importer:
    """Collects problems while rows are saved inside one transaction; rolls back at the end if any."""

    progress: bool = True
    problems: list = field(default_factory=list)

    def rows(self, source, rows, label=None):
        """Iterate (row number, row) with a progress bar on stderr."""
        return tqdm(list(enumerate(rows, start=1)), desc=label or source, unit="row", disable=not self.progress,
                    leave=False)

    def report(self, source, row, error, field_name=""):
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for name, errors in error.message_dict.items():
                for message in errors:
                    self.problems.append(RowProblem(source, row, "" if name == "__all__" else name, message))
        elif isinstance(error, ValidationError):
            for message in error.messages:
                self.problems.append(RowProblem(source, row, field_name, message))
        else:
            self.problems.append(RowProblem(source, row, field_name, str(error)))

    def save(self, source, row, obj, exclude=None):
        """Validate `obj` fully and save it; on failure record the problems and return None."""
        try:
            obj.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as error:
            self.report(source, row, error)
            return None
        with transaction.atomic():  # a savepoint: one bad row must not poison the transaction
            obj.save()
        return obj

    def finish(self):
        if self.problems:
            raise ImportFailed(self.problems)


def as_float(value: Any) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # Vietnamese Excel writes 106,6353
    try:
        return float(text)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})


def as_date(value: Any) -> datetime.date | None:
    """A date from GDAL or Excel (which may have parsed it already) or from text, by the one date rule
    (gis_app/core/dates.py: dd/mm/yyyy or ISO, never month first); None when empty."""
    from .dates import parse_date

    return parse_date(value)


def as_time(value: Any) -> datetime.time | None:
    """A time of day from GDAL or from text ("07:30"); None when empty."""
    if isinstance(value, datetime.time) or not value:
        return value or None
    return datetime.time.fromisoformat(str(value))
