"""The programme's area as configuration (issue #24): OCOP_PROGRAMME_AREA names a province-level unit of any
generation ("74": the former Bình Dương province, by default; "79": the whole of Hồ Chí Minh City).

- `area_province()`: that unit (its outline is the "outside the area" check of places/territory.py);
- `area_units(day, level)`: the districts and communes of the area in force on `day` (the 91 old communes on
  30/06/2025, the 36 wards and communes that succeeded them today);
- `area_label()`: the one wording of the area, in the request's language ("tỉnh Bình Dương cũ" / "the former
  Bình Dương province"; "Thành phố Hồ Chí Minh" / "Hồ Chí Minh City").
"""
import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AdminUnit

CITY_KINDS = {"thành phố"}


def area_code() -> str:
    return str(settings.OCOP_PROGRAMME_AREA)


def area_province() -> QuerySet[AdminUnit]:
    """The province-level unit(s) with the area's code (one in practice)."""
    return AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE, code=area_code())


def _in_area(code):
    """Units under the area's province (one or two levels down), under a predecessor of it, or succeeding
    (on 01/07/2025) a unit under it: the new ward inherits its old communes' area."""
    q = Q()
    for path in ("parent__", "parent__parent__"):
        q |= Q(**{f"{path}code": code, f"{path}level": AdminUnit.Level.PROVINCE})
        q |= Q(**{f"{path}successors__new_unit__code": code, f"{path}level": AdminUnit.Level.PROVINCE})
        q |= Q(**{f"predecessors__old_unit__{path}code": code,
                  f"predecessors__old_unit__{path}level": AdminUnit.Level.PROVINCE})
    return q


def area_units(day: datetime.date, level: str | None = None) -> QuerySet[AdminUnit]:
    """The area's districts and communes in force on `day` (`level` to keep one level)."""
    inside = AdminUnit.objects.filter(_in_area(area_code())).values("pk")
    units = AdminUnit.objects.valid_on(day).filter(pk__in=inside)
    return units.filter(level=level) if level else units


def province_text(kind: str, name: str) -> str:
    """"tỉnh Bình Dương" / "Bình Dương province"; "Thành phố Hồ Chí Minh" / "Hồ Chí Minh City"."""
    if kind.lower() in CITY_KINDS:
        return _("%(name)s City") % {"name": name}
    return _("%(name)s province") % {"name": name}


def area_label(day: datetime.date | None = None) -> str:
    """The area's name on `day` (today): "tỉnh Bình Dương cũ" once the province has ended, else its name."""
    day = day or timezone.localdate()
    unit = area_province().order_by("-valid_from").first()
    if unit is None:
        return _("the programme's area")
    last = min(day, unit.valid_to - datetime.timedelta(days=1)) if unit.valid_to else day
    text = province_text(*unit.as_of(last))
    if unit.valid_to is not None and unit.valid_to <= day:
        return _("the former %(unit)s") % {"unit": text}
    return text
