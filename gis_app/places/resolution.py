"""Which unit of a given day a record belongs to: one unit per record, whatever the generation.

Records are filed under a commune of the registry's generation (before 1 July
2025). Asked about another day, a record belongs to exactly one unit of the
requested level in force that day, chosen in this order:

1. its own commune or an ancestor of it, when that unit is in force that day;
2. a successor (or predecessor) of its commune through `UnitSuccession`; when the
   old commune was divided, the successor containing the record's point, i.e. the
   nearest one (distance 0 inside), ties on a shared edge going to the main successor,
   then to the smaller code;
3. failing both (a record without a commune, a unit set without links), the unit of
   that day nearest to its point (`<->` on the GiST index), containing units first.

So a choropleth on a post-2025 day counts every record exactly once, and
`?unit=<new code>&units_on=<day>` selects exactly the records the choropleth counts.
The SQL is written once here; the record table, its point and commune columns are
constants chosen by the caller, request values are bound parameters only.
"""
import datetime
import re
from typing import Any

from django.contrib.gis.geos import Point
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from gis_app.core.validity import in_force_sql

from .models import AdminUnit

# Parameters: unit_level and unit_day (named so as not to clash with the caller's own).
_IN_FORCE = f"n.level = %(unit_level)s AND {in_force_sql('n', 'unit_day', AdminUnit.VALIDITY)}"

# Steps 1 and 2 depend on the commune only, except for a divided commune: they are computed once per commune
# (a few hundred rows) and joined to the records, so that only records of divided communes, or without a
# commune, need a spatial step of their own. Join it as `LEFT JOIN {COMMUNE_UNITS} m ON m.commune_id = ...`.
COMMUNE_UNITS = f"""(
    SELECT c.id AS commune_id, COALESCE(
        (SELECT n.id FROM places_adminunit n
          WHERE {_IN_FORCE} AND n.id IN (c.id, c.parent_id,
                (SELECT g.parent_id FROM places_adminunit g WHERE g.id = c.parent_id))
          LIMIT 1),
        (SELECT min(n.id) FROM places_unitsuccession s
           JOIN places_adminunit n ON n.id = CASE WHEN s.old_unit_id = c.id THEN s.new_unit_id ELSE s.old_unit_id END
          WHERE (s.old_unit_id = c.id OR s.new_unit_id = c.id) AND {_IN_FORCE}
          HAVING count(*) = 1)
    ) AS unit_id
    FROM places_adminunit c
)"""

# {commune} is the record's commune id column, {point} its point as a geometry (EPSG:4326), {mapped} the
# unit found for its commune in COMMUNE_UNITS (NULL for a divided commune or no commune).
UNIT_OF_RECORD = f"""COALESCE(
    {{mapped}},
    (SELECT n.id FROM places_unitsuccession s
       JOIN places_adminunit n ON n.id = CASE WHEN s.old_unit_id = {{commune}} THEN s.new_unit_id ELSE s.old_unit_id END
      WHERE (s.old_unit_id = {{commune}} OR s.new_unit_id = {{commune}}) AND {_IN_FORCE}
      ORDER BY CASE WHEN ST_Covers(n.geom, {{point}}) THEN 0 ELSE ST_Distance(n.geom, {{point}}) + 1 END,
               NOT s.is_main_successor, n.code
      LIMIT 1),
    (SELECT n.id FROM places_adminunit n
      WHERE {_IN_FORCE} AND {{point}} IS NOT NULL
      ORDER BY n.geom <-> {{point}}, n.code
      LIMIT 1)
)"""


def unit_of_record_sql(commune: str, point: str, mapped: str = "m.unit_id") -> str:
    """The SQL expression giving the unit id of one record (see the module docstring), for a query that joins
    COMMUNE_UNITS as `m` on the record's commune; both take the named parameters unit_level and unit_day."""
    return UNIT_OF_RECORD.format(commune=commune, point=point, mapped=mapped)


def records_in_unit(queryset: QuerySet, unit: Any, field: str = "location", commune_field: str = "commune") -> QuerySet:
    """Rows of `queryset` (a model with a point `field` and a commune link) that belong to `unit` on its days."""
    model = queryset.model
    table = model._meta.db_table
    point_column = model._meta.get_field(field).column
    commune_column = model._meta.get_field(commune_field).column
    expression = unit_of_record_sql(f"r.{commune_column}", f"r.{point_column}::geometry")
    # The unit's first day stands for all its days: a unit's successors and predecessors are fixed.
    # Only candidates are resolved: records filed under the unit, a descendant, or a unit linked to it by
    # succession, and records near it (GiST on the point) for the spatial fallback.
    sql = f"""SELECT r.id FROM {table} r LEFT JOIN {COMMUNE_UNITS} m ON m.commune_id = r.{commune_column}
        WHERE (r.{commune_column} IN (
                   SELECT c.id FROM places_adminunit c
                    WHERE c.id = %(unit)s OR c.parent_id = %(unit)s
                       OR c.parent_id IN (SELECT d.id FROM places_adminunit d WHERE d.parent_id = %(unit)s)
                   UNION SELECT s.old_unit_id FROM places_unitsuccession s WHERE s.new_unit_id = %(unit)s
                   UNION SELECT s.new_unit_id FROM places_unitsuccession s WHERE s.old_unit_id = %(unit)s)
               OR r.{point_column} && (SELECT ST_Expand(u.geom, 0.01)::geography
                                        FROM places_adminunit u WHERE u.id = %(unit)s))
          AND {expression} = %(unit)s"""
    sql, params = _positional(sql, {"unit_level": unit.level, "unit_day": unit.valid_from, "unit": unit.pk})
    return queryset.filter(pk__in=RawSQL(sql, params))


def _positional(sql, named):
    """RawSQL takes positional parameters: turn %(name)s placeholders into %s with their values in order."""
    params = []

    def repl(match):
        params.append(named[match.group(1)])
        return "%s"

    return re.sub(r"%\((\w+)\)s", repl, sql), params


# The same rule as a database function, for the ORM (a per-row unit of the day in the API's lists) and for one
# record at a time: places_unit_of(commune id, point geometry, level, day). Created by migration places 0005 with
# this text; tests/api/test_units_on.py checks that the database's function is still this text.
UNIT_OF_FUNCTION_BODY = re.sub(r"%\((\w+)\)s", r"\1", "SELECT " + unit_of_record_sql(
    "rec_commune", "rec_point", mapped=f"(SELECT m.unit_id FROM {COMMUNE_UNITS} m WHERE m.commune_id = rec_commune)"))


def unit_of_expression(commune: str, point: str, day: datetime.date, level: str = "commune", area: bool = False) -> Any:
    """ORM expression: the id of the unit of `level` in force on `day` that the row belongs to, by the rule above;
    `commune` and `point` are field paths (the point a geography or geometry; with `area`, a polygon whose
    point on surface stands for it)."""
    from django.contrib.gis.db.models import GeometryField
    from django.db.models import BigIntegerField, DateField, F, Func, TextField, Value

    template = "ST_PointOnSurface((%(expressions)s)::geometry)" if area else "(%(expressions)s)::geometry"
    geometry = Func(F(point), template=template, output_field=GeometryField(srid=4326))
    return Func(F(commune), geometry, Value(level, output_field=TextField()), Value(day, output_field=DateField()),
                function="places_unit_of", output_field=BigIntegerField())


def unit_of(commune_id: int | None, point: Point, day: datetime.date, level: str = "commune") -> int | None:
    """The id of the unit of `level` in force on `day` that a record filed under `commune_id` at `point` (a GEOS
    point, EPSG:4326) belongs to, by the rule above; None when no unit of that day is known."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT places_unit_of(%s::bigint, ST_SetSRID(ST_MakePoint(%s, %s), 4326), %s, %s)",
                       [commune_id, point.x, point.y, level, day])
        row = cursor.fetchone()
    return row[0] if row else None
