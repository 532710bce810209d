"""How pages name where a record is: today's ward or commune first, the unit it was filed under as history
(issue #24: "trước 01/07/2025: phường Phú Cường, thành phố Thủ Dầu Một"). Three queries at most: the unit of
today (places/resolution.py), and each label with its parent's, names as they were on the day."""
import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from gis_app.core.validity import in_force

from .models import AdminUnit
from .resolution import unit_of


def unit_label(unit: AdminUnit | int, day: datetime.date) -> str:
    """"phường Phú Cường, thành phố Thủ Dầu Một" / "phường Thủ Dầu Một, Thành phố Hồ Chí Minh": the unit (or its
    id) and its parent with their kinds and names on `day`; a province's kind is part of its name."""
    pk = getattr(unit, "pk", unit)
    rows = {row["pk"]: row for row in AdminUnit.objects.filter(Q(pk=pk) | Q(children=pk)).with_names_on(day)
            .values("pk", "level", "kind_on", "name_on")}
    own = rows.pop(pk)
    parts = []
    for row in [own, *rows.values()]:
        text = f"{row['kind_on']} {row['name_on']}".strip()
        parts.append(text[:1].upper() + text[1:] if row["level"] == AdminUnit.Level.PROVINCE else text)
    return ", ".join(parts)


def place_of(record: Any, day: datetime.date | None = None) -> dict[str, Any] | None:
    """{"current": label on `day` (today), "before": label of the filed unit or None, "until": its end or None}."""
    day = day or timezone.localdate()
    filed = getattr(record, "commune", None)
    point = getattr(record, "location", None)
    filed_in_force = filed is not None and in_force(filed, day)
    current = filed.pk if filed is not None and filed_in_force else (
        unit_of(filed.pk if filed else None, point, day) if point else None)
    if current is None and filed is None:
        return None
    if current is None or (filed is not None and current == filed.pk):
        return {"current": unit_label(filed.pk if filed else current, day),  # type: ignore[arg-type]  # one is set
                "before": None, "until": None}
    if filed is None:
        return {"current": unit_label(current, day), "before": None, "until": None}
    last_day = (filed.valid_to - datetime.timedelta(days=1)) if filed.valid_to else day
    return {"current": unit_label(current, day), "before": unit_label(filed.pk, last_day), "until": filed.valid_to}


def choice_label(unit: AdminUnit) -> str:
    """The label of a unit in a choice list: "phường An Bình (thành phố Dĩ An)". `unit` comes from
    `AdminUnit.objects.with_labels(day)` (one query for the whole list); else its label is read for today."""
    label = getattr(unit, "label_on", None)
    if label is None:
        label = AdminUnit.objects.with_labels(timezone.localdate()).values_list("label_on", flat=True).get(pk=unit.pk)
    return label


def unit_choices(units: Any, day: datetime.date | None = None) -> list[tuple[str, str]]:
    """[(code, label)] for a queryset of units, labelled on `day` (today): the choice lists of filters."""
    return [(unit.code, choice_label(unit)) for unit in units.with_labels(day or timezone.localdate())]
