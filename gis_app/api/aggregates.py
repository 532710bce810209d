"""Counts for choropleths and reports: per administrative unit (with its polygon) and per product group.

Each producer counts in exactly one unit of the requested level and day
(`gis_app.places.resolution`): through its commune link for units of the
registry's generation, through the succession of its commune for the others (a
divided commune's records by the successor containing their point). Units
without any record are included with zeros.
"""
import json

from django.db import connection
from django.db.models import Count, OuterRef, Q

from gis_app.places.models import AdminUnit
from gis_app.places.resolution import COMMUNE_UNITS, unit_of_record_sql
from gis_app.registry.models import Product, ProductGroup

from .filters import in_group
from .queries import is_staff
from .records import current_evaluations, max_stars, visible_products

# The unit expression is a constant built in Python; request values are bound parameters only.
_UNIT_OF_PRODUCER = unit_of_record_sql("p.commune_id", "p.geom")

_UNIT_COUNTS_SQL = """
WITH p AS (
    SELECT p.id, p.location::geometry AS geom, c.id AS commune_id, c.parent_id AS district_id
    FROM registry_producer p LEFT JOIN places_adminunit c ON c.id = p.commune_id
    WHERE %(all)s OR p.status = 'published'
), pr AS (
    SELECT pr.id, pr.producer_id,
           (SELECT max(e.stars) FROM registry_evaluation e
             WHERE e.product_id = pr.id AND e.decision_date <= %(day)s AND e.valid_until >= %(day)s) AS stars
    FROM registry_product pr
    WHERE (%(all)s OR pr.status = 'published')
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
SELECT u.id, u.code, COALESCE(h.name, u.name), COALESCE(h.kind, u.kind), u.level, parent.code,
       ST_AsGeoJSON(u.geom, 6),
       count(DISTINCT m.producer_id) FILTER (WHERE %(group)s::bigint IS NULL OR pr.id IS NOT NULL),
       count(pr.id),
       count(pr.id) FILTER (WHERE pr.stars = 3),
       count(pr.id) FILTER (WHERE pr.stars = 4),
       count(pr.id) FILTER (WHERE pr.stars = 5)
FROM places_adminunit u
LEFT JOIN places_adminunit parent ON parent.id = u.parent_id
LEFT JOIN LATERAL (  -- the kind and name in force on the units' day (thị xã before it became thành phố)
    SELECT h.name, h.kind FROM places_unitname h
     WHERE h.unit_id = u.id AND h.valid_from <= %(unit_day)s AND (h.valid_to IS NULL OR h.valid_to > %(unit_day)s)
     ORDER BY h.valid_from DESC LIMIT 1) h ON true
LEFT JOIN matched m ON m.unit_id = u.id
LEFT JOIN pr ON pr.producer_id = m.producer_id
WHERE u.id = ANY(%(units)s)
GROUP BY u.id, parent.code, h.name, h.kind
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

    Products count by their stars in force on `day`; `group` restricts to products of a
    product group (either taxonomy version) and to producers having one.
    """
    unit_ids = list(units.values_list("pk", flat=True))
    levels = set(units.values_list("level", flat=True))
    params = {"all": is_staff(user), "day": day, "group": group.pk if group else None, "units": unit_ids,
              "unit_level": levels.pop() if len(levels) == 1 else None, "unit_day": on}
    with connection.cursor() as cursor:
        cursor.execute(_UNIT_COUNTS_SQL.format(unit_of_producer=_UNIT_OF_PRODUCER, commune_units=COMMUNE_UNITS),
                       params)
        rows = cursor.fetchall()
    features = []
    for unit_id, code, name, kind, level, parent_code, geometry, *counts in rows:
        properties = {"id": unit_id, "code": code, "name": name, "kind": kind, "level": level,
                      "parent_code": parent_code,
                      **dict(zip(COUNT_KEYS, counts))}
        features.append({"type": "Feature", "id": unit_id, "geometry": json.loads(geometry),
                         "properties": properties})
    return {"type": "FeatureCollection", "count": len(features), "features": features}


def group_counts(version, user, day):
    """Per product group of taxonomy `version`: products (own or equivalent sub-group), producers, stars."""
    result = []
    for group in ProductGroup.objects.filter(version__code=version).order_by("code"):
        members = Product.objects.filter(in_group(group)).values("pk")
        products = visible_products(user).filter(pk__in=members).annotate(
            best=max_stars(current_evaluations(day).filter(product=OuterRef("pk")), "product"))
        counts = products.aggregate(
            products=Count("pk"), producers=Count("producer", distinct=True),
            **{f"products_{n}_stars": Count("pk", filter=Q(best=n)) for n in (3, 4, 5)})
        result.append({"code": group.code, "name": group.name, "name_vi": group.name_vi,
                       "name_en": group.name_en, **counts})
    return result
