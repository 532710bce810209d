"""Checks shared by the registry's models: geometry validity and the programme's territory."""
import contextvars
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gis_app.places.models import AdminUnit


def check_geometry_valid(field, geom):
    """Raise a ValidationError on `field` if `geom` is not a valid OGC geometry (e.g. self-intersecting)."""
    if geom is not None and not geom.valid:
        raise ValidationError(
            {field: _("The shape is not valid (%(reason)s). Redraw it without crossing edges.")
             % {"reason": geom.valid_reason}}
        )


# Points already found inside the province by one query for a whole batch (imports): (lon, lat) pairs.
_known_inside = contextvars.ContextVar("ocop_known_inside", default=None)


@contextmanager
def known_inside(points):
    """Inside the block, `check_inside_province` trusts `points` ((lon, lat) pairs a batch query found inside)
    instead of asking the database once per record; other geometries are still checked one by one."""
    token = _known_inside.set(frozenset(points))
    try:
        yield
    finally:
        _known_inside.reset(token)


def check_inside_province(field, geom):
    """Raise a ValidationError on `field` if `geom` lies outside the programme's province.

    Does nothing until the province boundary is loaded, so that an empty
    registry can be filled in any order.
    """
    if geom is None:
        return
    known = _known_inside.get()
    if known is not None and geom.geom_type == "Point" and (geom.x, geom.y) in known:
        return
    province = AdminUnit.objects.programme_province()
    if province.exists() and not province.filter(geom__covers=geom).exists():
        raise ValidationError({field: _("This location lies outside the province.")})


def check_lon_lat(field, point):
    """Raise a ValidationError on `field` unless `point` has a longitude in [-180, 180] and latitude in [-90, 90]."""
    if point is None:
        return
    if not (-180 <= point.x <= 180 and -90 <= point.y <= 90):
        raise ValidationError(
            {field: _("Coordinates out of range: longitude must be within ±180 and latitude within ±90.")}
        )
