"""Spatial query functions of the API: nearest, radius, box, administrative unit, visibility.

Every function takes and returns a queryset, so that the views can chain them
after the attribute filters. `field` names the point column to test: "location"
on producers and sites, "producer__location" on products and evaluations. The
point columns are `geography(Point,4326)` with a GiST index: radius uses
ST_DWithin on geography and nearest orders by `<->` (DESIGN.md §5), both on
that index.
"""

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.db.models import F
from django.db.models.expressions import CombinedExpression, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from gis_app.core import spatial
from gis_app.core.errors import InputError
from gis_app.core.publishing import sees_unpublished
from gis_app.core.spatial import in_area
from gis_app.core.validity import in_force
from gis_app.places.dates import registry_units_on
from gis_app.places.models import AdminUnit
from gis_app.places.resolution import records_in_unit

# KNN on the index orders by distance on the sphere; the answer is ranked by the
# exact distance on the WGS84 spheroid. The two differ by at most ~0.5 %, so a
# few extra candidates are enough for the spheroid ranking to be right.
KNN_SPARE = 10


def lon_lat_point(lon, lat):
    return Point(lon, lat, srid=4326)


def visible(queryset, user, status_field="status"):
    """Deprecated: use `Model.objects.visible_to(user)` (gis_app/core/publishing.py), the one visibility rule.
    Kept for branches that still call it."""
    return queryset.visible_to(user)


def is_staff(user):
    """Whether `user` sees unpublished records and private contacts (not producer accounts, though staff)."""
    return sees_unpublished(user)


def in_box(queryset, bbox, field="location"):
    """Rows inside bbox = (min_lon, min_lat, max_lon, max_lat); min_lon > max_lon crosses the antimeridian."""
    return queryset.filter(spatial.in_box(field, bbox))


def within_radius(queryset, point, metres, field="location"):
    """Rows within `metres` (geodesic) of `point`, nearest first, with `distance_m` annotated."""
    return (queryset.filter(**{f"{field}__dwithin": (point, D(m=metres))})
            .annotate(distance_m=Distance(field, point)).order_by("distance_m", "pk"))


def knn_order(point, field="location"):
    """The `<->` ordering expression (index-assisted nearest neighbour)."""
    return CombinedExpression(F(field), "<->", Value(point, output_field=GeometryField(srid=4326, geography=True)))


def nearest(queryset, point, limit, field="location"):
    """Rows nearest to `point` ranked by exact geodesic distance, with `distance_m`; slice it to `limit`.

    The inner query walks the GiST index (`ORDER BY location <-> point LIMIT k`);
    the outer one computes the exact distance of those few candidates only.
    """
    candidates = queryset.order_by(knn_order(point, field)).values("pk")[: limit + KNN_SPARE]
    return (queryset.model.objects.filter(pk__in=candidates)
            .annotate(distance_m=Distance(field, point)).order_by("distance_m", "pk"))


# --- Administrative units --------------------------------------------------------------------------


def resolve_unit(code, on=None):
    """The district or commune with `code`: the one in force on `on` (default today), else the latest one.

    Old (pre-2025) and new codes are both accepted; raises InputError("unit") for an unknown code.
    """
    day = on or timezone.localdate()
    units = AdminUnit.objects.filter(code=str(code).strip(), level__in=[AdminUnit.Level.DISTRICT,
                                                                         AdminUnit.Level.COMMUNE])
    unit = units.valid_on(day).first() or units.order_by("-valid_from").first()
    if unit is None:
        raise InputError("unit", _("Unknown administrative unit code “%(code)s”.") % {"code": code})
    return unit


def in_unit(queryset, unit, field="location", commune_field="commune"):
    """Rows located in `unit`.

    Units of the registry's generation (those records are filed under) are matched
    by the commune link; other units (the post-2025 communes) through the succession
    of the record's commune, a divided one by the successor containing the point
    (`gis_app.places.resolution`), so each record is in exactly one unit of a day.
    Records located by an area (craft villages) are matched by containment.
    """
    if "__" in field:  # located through a relation (products at their producer): the related rows in the unit
        relation, field = field.split("__", 1)
        commune_field = commune_field.split("__", 1)[1]
        related = queryset.model._meta.get_field(relation).related_model
        return queryset.filter(**{f"{relation}__in": in_unit(related.objects.all(), unit, field, commune_field)})
    registry_day = registry_units_on()
    filed_under = in_force(unit, registry_day)
    if filed_under and unit.level == AdminUnit.Level.COMMUNE:
        return queryset.filter(**{commune_field: unit})
    if filed_under and unit.level == AdminUnit.Level.DISTRICT:
        return queryset.filter(**{f"{commune_field}__parent": unit})
    if queryset.model._meta.get_field(field).geom_type == "POINT":
        return records_in_unit(queryset, unit, field, commune_field)
    return in_area(queryset, unit.geom, field)

