"""Counts for choropleths and reports: per administrative unit (with its polygon) and per product group.

Units of the registry's generation (records are filed under them) count records
through the commune link; units of another generation (post-2025 communes)
count them by spatial containment. Units without any record are included with
zeros.
"""
import json

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import override as override_language

from gis_app.places.models import AdminUnit
from gis_app.registry.models import Product, ProductGroup

from .filters import in_group
from .queries import is_staff
from .records import visible_products

NO_EQUIVALENT = gettext_noop("No equivalent group in this version")

# Both join conditions are constants chosen in Python; request values are bound parameters only.
_BY_LINK = "(p.commune_id = u.id OR p.district_id = u.id)"
_BY_AREA = "ST_Covers(u.geom, p.geom)"

_UNIT_COUNTS_SQL = """
WITH p AS (
    SELECT p.id, p.location::geometry AS geom, c.id AS commune_id, c.parent_id AS district_id
    FROM registry_producer p LEFT JOIN places_adminunit c ON c.id = p.commune_id
    WHERE %(all)s OR p.status = 'published'
), pr AS (
    SELECT pr.id, pr.producer_id, ocop_current_stars(pr.id, %(day)s) AS stars  -- registry/recognition.py
    FROM registry_product pr
    WHERE (%(all)s OR pr.status = 'published')
      AND (%(group)s::bigint IS NULL OR pr.subgroup_id IN (
            SELECT s.id FROM registry_productsubgroup s WHERE s.group_id = %(group)s::bigint
            UNION
            SELECT eq.from_productsubgroup_id FROM registry_productsubgroup_equivalents eq
              JOIN registry_productsubgroup s ON s.id = eq.to_productsubgroup_id
             WHERE s.group_id = %(group)s::bigint))
), matched AS (
    SELECT u.id AS unit_id, p.id AS producer_id FROM places_adminunit u JOIN p ON {join}
    WHERE u.id = ANY(%(units)s)
)
SELECT u.id, u.code, u.name, u.level, parent.code, ST_AsGeoJSON(u.geom, 6),
       count(DISTINCT m.producer_id) FILTER (WHERE %(group)s::bigint IS NULL OR pr.id IS NOT NULL),
       count(pr.id) FILTER (WHERE pr.stars IS NOT NULL),
       count(pr.id) FILTER (WHERE pr.stars = 3),
       count(pr.id) FILTER (WHERE pr.stars = 4),
       count(pr.id) FILTER (WHERE pr.stars = 5)
FROM places_adminunit u
LEFT JOIN places_adminunit parent ON parent.id = u.parent_id
LEFT JOIN matched m ON m.unit_id = u.id
LEFT JOIN pr ON pr.producer_id = m.producer_id
WHERE u.id = ANY(%(units)s)
GROUP BY u.id, parent.code
ORDER BY u.code
"""

COUNT_KEYS = ("producers", "products", "products_3_stars", "products_4_stars", "products_5_stars")


def units_of(level, on, parent=None):
    units = AdminUnit.objects.filter(level=level).valid_on(on)
    if parent is not None:
        units = units.filter(parent=parent)
    return units


def filed_under_registry(on):
    """True when the communes in force on `on` are those the registry files records under."""
    registry_units = AdminUnit.objects.valid_on(settings.OCOP_UNITS_AS_OF)
    return not AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE).valid_on(on).exclude(
        pk__in=registry_units).exists()


def unit_counts(units, user, day, on, group=None):
    """A FeatureCollection of `units` (a queryset) with counts of visible producers and products.

    `products` counts OCOP products on `day` (a recognition decision in force: expired, revoked and candidate
    products are not OCOP products), by their stars in force; `group` restricts to products of a
    product group (either taxonomy version) and to producers having one.
    """
    join = _BY_LINK if filed_under_registry(on) else _BY_AREA
    params = {"all": is_staff(user), "day": day, "group": group.pk if group else None,
              "units": list(units.values_list("pk", flat=True))}
    with connection.cursor() as cursor:
        cursor.execute(_UNIT_COUNTS_SQL.format(join=join), params)
        rows = cursor.fetchall()
    features = []
    for unit_id, code, name, level, parent_code, geometry, *counts in rows:
        properties = {"id": unit_id, "code": code, "name": name, "level": level, "parent_code": parent_code,
                      **dict(zip(COUNT_KEYS, counts))}
        features.append({"type": "Feature", "id": unit_id, "geometry": json.loads(geometry),
                         "properties": properties})
    return {"type": "FeatureCollection", "count": len(features), "features": features}


def group_counts(version, user, day):
    """Per product group of taxonomy `version`: OCOP products on `day` (own or equivalent sub-group), producers,
    stars; then a line (code None) for OCOP products whose sub-group has no equivalent in `version`, so that
    cross-version totals never lose products."""
    result = []
    ocop = visible_products(user).with_current_stars(day).filter(current_stars__isnull=False)

    def counts(products):
        return products.aggregate(
            products=Count("pk"), producers=Count("producer", distinct=True),
            **{f"products_{n}_stars": Count("pk", filter=Q(current_stars=n)) for n in (3, 4, 5)})

    for group in ProductGroup.objects.filter(version__code=version).order_by("code"):
        members = Product.objects.filter(in_group(group)).values("pk")
        result.append({"code": group.code, "name": group.name, "name_vi": group.name_vi,
                       "name_en": group.name_en, **counts(ocop.filter(pk__in=members))})
    matched = Product.objects.filter(Q(subgroup__group__version__code=version)
                                     | Q(subgroup__equivalents__group__version__code=version)).values("pk")
    with override_language("vi"):
        name_vi = gettext(NO_EQUIVALENT)
    with override_language("en"):
        name_en = gettext(NO_EQUIVALENT)
    result.append({"code": None, "name": gettext(NO_EQUIVALENT), "name_vi": name_vi, "name_en": name_en,
                   "no_equivalent": True, **counts(ocop.exclude(pk__in=matched))})
    return result
