"""Query expressions shared by the apps: points inside an area, and counts as scalar subqueries."""
from django.contrib.gis.db.models import GeometryField
from django.db.models import BooleanField, F, Func, IntegerField, Subquery
from django.db.models.expressions import Value
from django.db.models.functions import Cast


class _Covers(Func):
    """ST_Covers(area geometry, point geometry): planar containment, edges included."""

    function = "ST_Covers"
    output_field = BooleanField()


def _as_geometry(field):
    return Cast(field, GeometryField(srid=4326))


def in_area(queryset, area, field="location"):
    """Rows whose point lies in `area` (a polygon in EPSG:4326, or an expression such as OuterRef), edges included.

    `&&` between geographies finds the candidates on the GiST index; the exact
    test is planar, as boxes, unit boundaries and village outlines are drawn in lon/lat.
    """
    if not hasattr(area, "resolve_expression"):
        area = Value(area, output_field=GeometryField(srid=4326))
    return queryset.filter(**{f"{field}__bboverlaps": area}).filter(_Covers(area, _as_geometry(field)))


def count_of(queryset):
    """The number of rows of a correlated queryset, as a scalar subquery."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
                    output_field=IntegerField())
