"""Agency names as of a day (issue #24, "terms as of the date"): a dated table, gis_app/places/data/agencies.csv,
one row per name with its first day, its first day no longer in force, and the basis it cites (unverified parts
marked "chưa đối chiếu văn bản gốc"). Read through `agency_on(day, role)` only; roles: "agriculture" (the
department that runs the provincial OCOP programme), "people_committee" (the provincial People's Committee).

    agency_on(date(2025, 2, 28), "agriculture").name == "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bình Dương"
    agency_on(date(2025, 3, 1), "agriculture").name == "Sở Nông nghiệp và Môi trường tỉnh Bình Dương"
    agency_on(date(2025, 7, 1), "agriculture").name == "Sở Nông nghiệp và Môi trường Thành phố Hồ Chí Minh"
"""
import csv
import datetime
import functools
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from django.utils.translation import get_language

from gis_app.core.validity import in_force

TABLE = Path(__file__).resolve().parent / "data" / "agencies.csv"
UNVERIFIED = "chưa đối chiếu văn bản gốc"


@dataclass(frozen=True)
class Agency:
    role: str
    valid_from: datetime.date
    valid_to: datetime.date | None  # first day no longer in force; None: still in force
    name: str
    name_en: str
    basis: str

    @property
    def verified(self):
        return UNVERIFIED not in self.basis

    def localized(self, language=None):
        """The name in `language` (the request's): Vietnamese unless English is asked for."""
        return self.name_en if (language or get_language() or "vi").startswith("en") and self.name_en else self.name

    def __str__(self):
        return self.localized()


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


@functools.cache
def agencies() -> tuple[Agency, ...]:
    with open(TABLE, encoding="utf-8", newline="") as f:
        return tuple(Agency(row["role"], datetime.date.fromisoformat(row["valid_from"]), _date(row["valid_to"]), row["name"],
                            row["name_en"], row["basis"]) for row in csv.DictReader(f))


def agency_on(day: datetime.date | None = None, role: str = "agriculture") -> Agency | None:
    """The agency of `role` in force on `day` (today), or None when the table has none for that day."""
    day = day or timezone.localdate()
    if role not in {a.role for a in agencies()}:
        raise KeyError(role)
    for agency in agencies():
        if agency.role == role and in_force(agency, day):  # valid_to: the first day it no longer applies
            return agency
    return None
