"""{% place_of record %}: where a record is, as pages say it (gis_app/places/naming.py)."""
from django import template

from ..naming import place_of as _place_of

register = template.Library()


@register.inclusion_tag("places/_place.html")
def place_of(record):
    return {"place": _place_of(record)}
