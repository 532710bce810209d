"""Checks shared by the registry's models: geometry validity. The territory checks moved to places."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Moved to gis_app/places/territory.py (places owns where); kept importable here for existing callers.
from gis_app.places.territory import _known_inside, check_inside_province, check_lon_lat, known_inside  # noqa: F401


def check_geometry_valid(field, geom):
    """Raise a ValidationError on `field` if `geom` is not a valid OGC geometry (e.g. self-intersecting)."""
    if geom is not None and not geom.valid:
        raise ValidationError(
            {field: _("The shape is not valid (%(reason)s). Redraw it without crossing edges.")
             % {"reason": geom.valid_reason}}
        )
