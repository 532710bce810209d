"""How a unit is named on a day, in one place (#24): its code, level, kind and name, and its parent's, as they
were on the day (`places_unit_json`, a database function created by migration places 0005 with the body
UNIT_JSON_FUNCTION_BODY below), and the label pages read ("phường Phú Cường, thành phố Thủ Dầu Một"). Pages
(`place_of`, `{% place_of %}`), the API's unit of the day (gis_app/api/records.py) and the officer map's choice
lists (`units_of_day`) all go through them, so that a unit never reads differently in two places.

Pages name today's ward or commune first, the unit a record was filed under as history ("trước 01/07/2025:
phường Phú Cường, thành phố Thủ Dầu Một"): the unit of today (places/resolution.py), and each label."""
import datetime
import json
from typing import Any

from django.db import connection
from django.db.models import CharField, DateField, Func, JSONField, Value

from gis_app.core.validity import in_force, in_force_sql_at

from .dates import report_day
from .models import AdminUnit, UnitName
from .resolution import unit_of, unit_of_expression

# {"id", "code", "level", "kind", "name", "parent": {the same, without parent} | null}: names on the day (the
# history row covering it, else the unit's own, as `UnitQuerySet.with_names_on`).
_NAMED = """(SELECT h.kind, h.name FROM places_unitname h
              WHERE h.unit_id = {alias}.id AND """ + in_force_sql_at("h", "unit_day", UnitName.VALIDITY) + """
              ORDER BY h.valid_from DESC LIMIT 1)"""
UNIT_JSON_FUNCTION_BODY = f"""SELECT jsonb_build_object(
    'id', u.id, 'code', u.code, 'level', u.level, 'kind', COALESCE(uh.kind, u.kind), 'name', COALESCE(uh.name, u.name),
    'parent', CASE WHEN p.id IS NULL THEN NULL ELSE jsonb_build_object(
        'id', p.id, 'code', p.code, 'level', p.level, 'kind', COALESCE(ph.kind, p.kind),
        'name', COALESCE(ph.name, p.name)) END)
  FROM places_adminunit u
  LEFT JOIN places_adminunit p ON p.id = u.parent_id
  LEFT JOIN LATERAL {_NAMED.format(alias="u")} uh ON true
  LEFT JOIN LATERAL {_NAMED.format(alias="p")} ph ON true
 WHERE u.id = unit_id"""


def unit_json_expression(unit_id: Any, day: datetime.date) -> Func:
    """ORM expression: the unit (an expression giving its id) as `places_unit_json` names it on `day`."""
    return Func(unit_id, Value(day, output_field=DateField()), function="places_unit_json", output_field=JSONField())


def unit_of_day_expression(commune: str, point: str, day: datetime.date, level: Any = AdminUnit.Level.COMMUNE,
                           area: bool = False) -> Func:
    """ORM expression: the unit of `level` in force on `day` of a row filed under `commune` at `point` (field
    paths), named as on that day; see `unit_of_expression`."""
    return unit_json_expression(unit_of_expression(commune, point, day, str(level), area), day)


# `named` and `label` below in SQL, over one `places_unit_json` value `j`, computed once: a scalar subquery that
# OFFSET 0 keeps from being pulled up (else PostgreSQL substitutes the call for each of the 8 uses of `j`).
_NAMED_SQL = ("NULLIF(CASE WHEN {u}->>'level' = 'province' THEN upper(left({t}, 1)) || substr({t}, 2) ELSE {t} END, '')")
_LABEL_SQL = "(SELECT NULLIF(concat_ws(', ', {own}, {parent}), '') FROM (SELECT %(expressions)s AS j OFFSET 0) unit_of_day)".format(
    own=_NAMED_SQL.format(u="j", t="btrim(concat(j->>'kind', ' ', j->>'name'))"),
    parent=_NAMED_SQL.format(u="(j->'parent')", t="btrim(concat(j->'parent'->>'kind', ' ', j->'parent'->>'name'))"))


class UnitLabel(Func):
    """ORM expression: the label (`label`) of a unit given as a `places_unit_json` expression, in SQL, so that
    a layer's rows carry it without a Python step per row (layers/catalogue.py: the unit of the report day)."""

    template = _LABEL_SQL
    output_field = CharField()


def named(unit: dict[str, Any]) -> str:
    """Text of one unit of `places_unit_json`: "phường Phú Cường"; a province's kind is part of its name."""
    text = f"{unit['kind']} {unit['name']}".strip()
    return text[:1].upper() + text[1:] if unit["level"] == AdminUnit.Level.PROVINCE else text


def label(unit: dict[str, Any]) -> str:
    """"phường Phú Cường, thành phố Thủ Dầu Một": a unit of `places_unit_json` and its parent."""
    return ", ".join(named(part) for part in (unit, unit.get("parent")) if part)


def describe(unit: dict[str, Any] | str | None) -> dict[str, Any] | None:
    """A unit of `places_unit_json` with its label and level's label added (the API's and the map's form)."""
    loaded = _loaded(unit)
    if not loaded:
        return None
    return {**loaded, "label": label(loaded), "level_label": str(AdminUnit.Level(loaded["level"]).label)}


def units_json(ids: Any, day: datetime.date) -> dict[int, Any]:
    """{id: unit as `places_unit_json` names it on `day`} for the unit ids given (one query)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT u.id, places_unit_json(u.id, %s) FROM unnest(%s::bigint[]) AS u(id)", [day, list(ids)])
        return {pk: _loaded(value) for pk, value in cursor.fetchall()}


def _loaded(value: Any) -> dict[str, Any] | None:
    """A `places_unit_json` value as read: a dict through the ORM, JSON text from a raw cursor."""
    return json.loads(value) if isinstance(value, str) else value


def unit_label(unit: AdminUnit | int, day: datetime.date) -> str:
    """"phường Phú Cường, thành phố Thủ Dầu Một" / "phường Thủ Dầu Một, Thành phố Hồ Chí Minh": the unit (or its
    id) and its parent with their kinds and names on `day`; a province's kind is part of its name."""
    pk = getattr(unit, "pk", unit)
    return label(units_json([pk], day)[pk])


def units_of_day(day: datetime.date, level: Any = AdminUnit.Level.COMMUNE, within: Any = None) -> list[dict[str, Any]]:
    """Units of `level` in force on `day` (optionally only those intersecting the geometry `within`), described
    (`describe`), ordered by label: what choice lists offer, each with its kind and parent."""
    units = AdminUnit.objects.filter(level=level).valid_on(day)
    if within is not None:
        units = units.filter(geom__intersects=within)
    rows = units_json(units.values_list("pk", flat=True), day)
    described = [unit for unit in map(describe, rows.values()) if unit]
    return sorted(described, key=lambda unit: (unit["name"], unit["label"]))


def place_of(record: Any, day: datetime.date | None = None) -> dict[str, Any] | None:
    """{"current": label on `day` (today), "before": label of the filed unit or None, "until": its end or None}."""
    day = day or report_day()
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
        label = AdminUnit.objects.with_labels(report_day()).values_list("label_on", flat=True).get(pk=unit.pk)
    return label


def unit_choices(units: Any, day: datetime.date | None = None) -> list[tuple[str, str]]:
    """[(code, label)] for a queryset of units, labelled on `day` (today): the choice lists of filters."""
    return [(unit.code, choice_label(unit)) for unit in units.with_labels(report_day(day))]
