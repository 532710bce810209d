"""Counts for choropleths and reports: per administrative unit (with its polygon) and per product group.

Each producer counts in exactly one unit of the requested level and day
(`gis_app.places.resolution`): through its commune link for units of the
registry's generation, through the succession of its commune for the others (a
divided commune's records by the successor containing their point). Units
without any record are included with zeros.
"""
import json

from django.db import connection
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import override as override_language

from gis_app.core import geojson
from gis_app.core.publishing import Status
from gis_app.places.models import AdminUnit
from gis_app.places.naming import describe
from gis_app.places.resolution import COMMUNE_UNITS, unit_of_record_sql
from gis_app.registry.models import TaxonomyVersion

from .queries import is_staff

NO_EQUIVALENT = gettext_noop("No equivalent group in this version")

# The unit expression is a constant built in Python; request values are bound parameters only.
_UNIT_OF_PRODUCER = unit_of_record_sql("p.commune_id", "p.geom")

_UNIT_COUNTS_SQL = """
WITH p AS (
    SELECT p.id, p.location::geometry AS geom, c.id AS commune_id, c.parent_id AS district_id
    FROM registry_producer p LEFT JOIN places_adminunit c ON c.id = p.commune_id
    WHERE %(all)s OR p.status = %(published)s
), pr AS (
    SELECT pr.id, pr.producer_id, ocop_current_stars(pr.id, %(day)s) AS stars  -- registry/recognition.py
    FROM registry_product pr
    WHERE (%(all)s OR pr.status = %(published)s)
      AND (%(group)s::bigint IS NULL OR pr.subgroup_id IN (
            SELECT s.id FROM registry_productsubgroup s WHERE s.group_id = %(group)s::bigint
            UNION
            SELECT eq.from_productsubgroup_id FROM registry_productsubgroup_equivalents eq
              JOIN registry_productsubgroup s ON s.id = eq.to_productsubgroup_id
             WHERE s.group_id = %(group)s::bigint))
), resolved AS MATERIALIZED (  -- each producer's unit computed once (inlined, it was computed per use)
    SELECT p.id AS producer_id, {unit_of_producer} AS unit_id
    FROM p LEFT JOIN {commune_units} m ON m.commune_id = p.commune_id
), matched AS (
    SELECT unit_id, producer_id FROM resolved WHERE unit_id = ANY(%(units)s)
)
SELECT u.id, places_unit_json(u.id, %(unit_day)s),  -- code, names on the day, parent (places/naming.py)
       {unit_geojson},
       count(DISTINCT m.producer_id) FILTER (WHERE %(group)s::bigint IS NULL OR pr.id IS NOT NULL),
       count(pr.id) FILTER (WHERE pr.stars IS NOT NULL),
       count(pr.id) FILTER (WHERE pr.stars = 3),
       count(pr.id) FILTER (WHERE pr.stars = 4),
       count(pr.id) FILTER (WHERE pr.stars = 5)
FROM places_adminunit u
LEFT JOIN matched m ON m.unit_id = u.id
LEFT JOIN pr ON pr.producer_id = m.producer_id
WHERE u.id = ANY(%(units)s)
GROUP BY u.id
ORDER BY u.code
"""

COUNT_KEYS = ("producers", "products", "products_3_stars", "products_4_stars", "products_5_stars")


def units_of(level, on, parent=None):
    units = AdminUnit.objects.filter(level=level).valid_on(on)
    if parent is not None:
        units = units.filter(parent=parent)
    return units


def unit_counts(units, user, day, on, group=None):
    """A FeatureCollection of `units` (a queryset) with counts of visible producers and products.

    `products` counts OCOP products on `day` (a recognition decision in force: expired, revoked and candidate
    products are not OCOP products), by their stars in force; `group` restricts to products of a
    product group (either taxonomy version) and to producers having one.
    """
    unit_ids = list(units.values_list("pk", flat=True))
    levels = set(units.values_list("level", flat=True))
    params = {"all": is_staff(user), "published": Status.PUBLISHED, "day": day, "group": group.pk if group else None,
              "units": unit_ids,
              "unit_level": levels.pop() if len(levels) == 1 else None, "unit_day": on}
    with connection.cursor() as cursor:
        cursor.execute(_UNIT_COUNTS_SQL.format(unit_of_producer=_UNIT_OF_PRODUCER, commune_units=COMMUNE_UNITS,
                                                unit_geojson=geojson.sql("u.geom", 6)),
                       params)
        rows = cursor.fetchall()
    features = []
    for unit_id, unit, geometry, *counts in rows:
        unit = describe(unit)  # the kind and name in force on the units' day (thị xã before it became thành phố)
        properties = {"id": unit_id, "code": unit["code"], "name": unit["name"], "kind": unit["kind"],
                      "level": unit["level"], "parent_code": unit["parent"]["code"] if unit["parent"] else None,
                      "label": unit["label"], **dict(zip(COUNT_KEYS, counts))}
        features.append(geojson.feature(json.loads(geometry), properties, id=unit_id))
    return geojson.collection(features, count=len(features))


_GROUP_COUNTS_SQL = """
WITH ocop AS (  -- the visible OCOP products on the day and their stars (registry/recognition.py)
    SELECT p.id, p.producer_id, p.subgroup_id, ocop_current_stars(p.id, %(day)s) AS stars
    FROM registry_product p JOIN registry_producer r ON r.id = p.producer_id
    WHERE %(all)s OR (p.status = %(published)s AND r.status = %(published)s)
), counted AS (SELECT * FROM ocop WHERE stars IS NOT NULL
), member AS (  -- (group of the version, product): its own sub-group or an equivalent one
    SELECT DISTINCT g.id AS group_id, o.id AS product_id
    FROM counted o
    JOIN registry_productsubgroup s ON s.id = o.subgroup_id
    LEFT JOIN registry_productsubgroup_equivalents eq ON eq.from_productsubgroup_id = s.id
    LEFT JOIN registry_productsubgroup se ON se.id = eq.to_productsubgroup_id
    JOIN registry_productgroup g ON g.id = s.group_id OR g.id = se.group_id
    WHERE g.version_id = %(version)s
)
SELECT g.code, g.name_vi, g.name_en, count(o.id), count(DISTINCT o.producer_id),
       count(o.id) FILTER (WHERE o.stars = 3), count(o.id) FILTER (WHERE o.stars = 4),
       count(o.id) FILTER (WHERE o.stars = 5)
FROM registry_productgroup g
LEFT JOIN member m ON m.group_id = g.id
LEFT JOIN counted o ON o.id = m.product_id
WHERE g.version_id = %(version)s
GROUP BY g.code, g.name_vi, g.name_en
UNION ALL
SELECT NULL, NULL, NULL, count(o.id), count(DISTINCT o.producer_id),
       count(o.id) FILTER (WHERE o.stars = 3), count(o.id) FILTER (WHERE o.stars = 4),
       count(o.id) FILTER (WHERE o.stars = 5)
FROM counted o WHERE o.id NOT IN (SELECT product_id FROM member)
ORDER BY 1 NULLS LAST
"""
GROUP_KEYS = ("products", "producers", "products_3_stars", "products_4_stars", "products_5_stars")


def group_counts(version, user, day):
    """Per product group of taxonomy `version`: OCOP products on `day` (own or equivalent sub-group), producers,
    stars; then a line (code None) for OCOP products whose sub-group has no equivalent in `version`, so that
    cross-version totals never lose products. One query; the recognition rule is the database's."""
    taxonomy = TaxonomyVersion.objects.filter(code=version).values_list("pk", flat=True).first()
    with connection.cursor() as cursor:
        cursor.execute(_GROUP_COUNTS_SQL, {"all": is_staff(user), "published": Status.PUBLISHED, "day": day,
                                           "version": taxonomy})
        rows = cursor.fetchall()
    english = (get_language() or "vi").startswith("en")
    result = []
    for code, name_vi, name_en, *counts in rows:
        if code is None:
            with override_language("vi"):
                name_vi = gettext(NO_EQUIVALENT)
            with override_language("en"):
                name_en = gettext(NO_EQUIVALENT)
        row = {"code": code, "name": name_en if english else name_vi, "name_vi": name_vi, "name_en": name_en,
               **dict(zip(GROUP_KEYS, counts))}
        if code is None:
            row["no_equivalent"] = True
        result.append(row)
    return result
