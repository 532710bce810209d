"""How history pages show old and new values: as the change form shows them, in the page's language.

Choices as their labels (not codes), empty values as a dash, yes/no in words, dates as dd/mm/yyyy, points as
"lon, lat" and other geometries as a short description, instead of Python reprs and EWKT.
"""
import datetime

from django.contrib.gis.geos import GEOSGeometry
from django.db.models import BooleanField
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "—"


def display_value(field, value):
    """`value` of model `field` as a person reads it."""
    if value is None or value == "" or value == []:
        return EMPTY
    choices = dict(field.flatchoices) if getattr(field, "flatchoices", None) else None
    base = getattr(field, "base_field", None)  # ArrayField of choices (e.g. services, weekdays)
    if isinstance(value, (list, tuple)):
        if base is not None and getattr(base, "flatchoices", None):
            labels = dict(base.flatchoices)
            return ", ".join(str(labels.get(v, v)) for v in value)
        return ", ".join(str(v) for v in value)
    if choices:
        return str(choices.get(value, value))
    if isinstance(field, BooleanField) or isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (GEOSGeometry, str)) and getattr(field, "geom_type", None):
        return geometry_text(value if isinstance(value, GEOSGeometry) else GEOSGeometry(value))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(value) \
            else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return number_format(value, 2, use_l10n=True)
    return value


def geometry_text(geometry):
    """A point as "lon, lat" (6 decimals, the order maps and GPS apps use); other shapes by kind and size."""
    if geometry.geom_type == "Point":
        return f"{geometry.x:.6f}, {geometry.y:.6f}"
    kinds = {"Polygon": _("Area"), "MultiPolygon": _("Area"), "LineString": _("Line"),
             "MultiLineString": _("Line")}
    return _("%(kind)s of %(count)s points around %(lon).5f, %(lat).5f") % {
        "kind": kinds.get(geometry.geom_type, geometry.geom_type), "count": geometry.num_coords,
        "lon": geometry.centroid.x, "lat": geometry.centroid.y}


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """simple_history's context helper with display_value() applied to each change."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if getattr(field, "many_to_many", False):
            return ", ".join(str(v) for v in value) or EMPTY
        return display_value(field, value)
