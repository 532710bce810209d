"""{% place_of record %}: where a record is, as pages say it (gis_app/places/naming.py); {% programme_area %}:
the programme's area (gis_app/places/area.py)."""
from django import template

from ..area import area_label
from ..naming import place_of as _place_of

register = template.Library()


@register.simple_tag
def programme_area():
    """{% programme_area %}: the area's one label in the page's language ("tỉnh Bình Dương cũ")."""
    return area_label()


@register.inclusion_tag("places/_place.html")
def place_of(record):
    return {"place": _place_of(record)}
