"""Template filters for tours: {{ seconds|duration }}, {{ metres|km }} (see gis_app/tours/formatting.py)."""
from django import template

from gis_app.tours import formatting

register = template.Library()
register.filter("duration", formatting.duration)
register.filter("km", formatting.km)
