"""{% layers_legend %}: the map legend of the public layers, drawn from the catalogue's style hints."""
from django import template

from ..catalogue import legend

register = template.Library()


@register.inclusion_tag("layers/legend.html")
def layers_legend(*layer_ids):
    """The legend of the given layers (all public layers when none is named), in the request's language."""
    entries = legend()
    if layer_ids:
        entries = [entry for entry in entries if entry["id"] in layer_ids]
    return {"entries": entries}
