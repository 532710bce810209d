"""Template helpers of the catalogue pages: bilingual fields, stars, Vietnamese numbers."""
from django import template

from ..text import english, localized

register = template.Library()


@register.filter
def tr(record, field):
    """{{ product|tr:"name" }}: the English text on English pages where filled, the Vietnamese otherwise."""
    return localized(record, field)


@register.filter
def star_string(count):
    return "★" * int(count or 0)


@register.filter
def vnd(amount):
    """12.500 ₫ (thousands with a dot in Vietnamese, a comma in English)."""
    if amount in (None, ""):
        return ""
    separator = "," if english() else "."
    return f"{int(amount):,} ₫".replace(",", separator)
