"""Where a record lies: inside the programme's area (OCOP_PROGRAMME_AREA, places/area.py), and in which commune
(the day the registry's records are filed under, places/dates.py).

The one place for these rules: models (`places.located.Located`), imports (`places_of`, `known_inside`) and
write paths ask here. `commune_at` and its batch form `places_of` break ties on shared boundaries the same way.
"""
import contextvars
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.contrib.gis.db import models
from django.contrib.gis.geos import GEOSGeometry, Point
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from gis_app.core.validity import in_force_sql

from .area import area_code, area_label, area_province
from .dates import registry_units_on
from .models import AdminUnit

# Points already found inside the province by one query for a whole batch (imports): (lon, lat) pairs.
_known_inside: contextvars.ContextVar[frozenset | None] = contextvars.ContextVar("ocop_known_inside", default=None)


@contextmanager
def known_inside(points: Iterable[tuple[float, float]]) -> Iterator[None]:
    """Inside the block, `check_inside_province` trusts `points` ((lon, lat) pairs a batch query found inside)
    instead of asking the database once per record; other geometries are still checked one by one."""
    token = _known_inside.set(frozenset(points))
    try:
        yield
    finally:
        _known_inside.reset(token)


def check_inside_province(field: str, geom: GEOSGeometry | None) -> None:
    """Raise a ValidationError on `field` if `geom` lies outside the programme's area (its province's outline).

    Does nothing until the province boundary is loaded, so that an empty
    registry can be filled in any order.
    """
    if geom is None:
        return
    known = _known_inside.get()
    if known is not None and geom.geom_type == "Point" and (geom.x, geom.y) in known:
        return
    province = area_province()
    if province.exists() and not province.filter(geom__covers=geom).exists():
        raise ValidationError({field: _("This location lies outside the programme's area (%(area)s).")
                               % {"area": area_label()}})


def check_lon_lat(field: str, point: Point | None) -> None:
    """Raise a ValidationError on `field` unless `point` has a longitude in [-180, 180] and latitude in [-90, 90]."""
    if point is None:
        return
    if not (-180 <= point.x <= 180 and -90 <= point.y <= 90):
        raise ValidationError(
            {field: _("Coordinates out of range: longitude must be within ±180 and latitude within ±90.")}
        )


def commune_at(point: Point, prefer: AdminUnit | None = None) -> AdminUnit | None:
    """The commune covering `point` on the registry's unit date, decided the same way every time.

    A point on a shared boundary is covered by several communes: the one inside `prefer` (the writing
    officer's own commune or district) wins, then the lowest code. Without the preference a record put on a
    boundary by an officer could land in the neighbouring district, after the area check had passed.
    """
    communes = AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE, geom__covers=point).valid_on(
        registry_units_on())
    if prefer is not None:
        communes = communes.annotate(preferred=models.Case(
            models.When(Q(pk=prefer.pk) | Q(parent_id=prefer.pk), then=0), default=1,
            output_field=models.IntegerField())).order_by("preferred", "code", "pk")
    else:
        communes = communes.order_by("code", "pk")
    return communes.first()


PLACES_SQL = f"""
SELECT (NOT EXISTS (SELECT 1 FROM places_adminunit p WHERE p.level = 'province' AND p.code = %(province)s)
        OR EXISTS (SELECT 1 FROM places_adminunit p WHERE p.level = 'province' AND p.code = %(province)s
                    AND ST_Covers(p.geom, t.pt))) AS inside,
       (SELECT c.id FROM places_adminunit c
         WHERE c.level = 'commune' AND {in_force_sql('c', 'day', AdminUnit.VALIDITY)}
           AND ST_Covers(c.geom, t.pt)
         ORDER BY CASE WHEN c.id = %(prefer)s OR c.parent_id = %(prefer)s THEN 0 ELSE 1 END, c.code, c.id
         LIMIT 1) AS commune_id
  FROM (SELECT i, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS pt
          FROM unnest(%(lons)s::float8[], %(lats)s::float8[]) WITH ORDINALITY AS u(lon, lat, i)) t
 ORDER BY t.i
"""


def places_of(points: Sequence[tuple[float, float]], prefer: AdminUnit | None = None) -> list[tuple[bool, int | None]]:
    """[(inside the province, commune id or None)] for each (lon, lat) of `points`, in one query (GiST indexes):
    the batch form of `check_inside_province` and `commune_at`, with the same tie rule."""
    if not points:
        return []
    with connection.cursor() as cursor:
        cursor.execute(PLACES_SQL, {"province": area_code(), "day": registry_units_on(),
                                    "prefer": prefer.pk if prefer is not None else None,
                                    "lons": [p[0] for p in points], "lats": [p[1] for p in points]})
        return cursor.fetchall()


def fill_commune(record: Any) -> None:
    """Set `record.commune` from its location when left blank (`commune_at`, preferring `record._prefer_unit`,
    which the write paths set to the officer's unit). A commune already set is never changed here."""
    if record.commune_id is None and record.location is not None:
        record.commune = commune_at(record.location, getattr(record, "_prefer_unit", None))
