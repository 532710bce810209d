"""Reading a layer query from request parameters: its declared filters and a bbox, refusing the rest."""
from django.utils.translation import gettext as _

from gis_app.core.errors import InputError
from gis_app.core.params import parse_bbox


def parse_layer_query(layer, params, others=()):
    """(filters {name: raw value}, bbox or None) from `params`; a 400 naming any parameter the layer lacks.

    `others` are parameters the caller handles itself (e.g. limit, offset).
    """
    filters, bbox = {}, None
    for name in params:
        value = params.get(name)
        if name == "bbox":
            bbox = parse_bbox("bbox", value)
        elif name in layer.filter_names:
            filters[name] = value
        elif name not in others:
            known = ["bbox", *layer.filter_names, *others]
            raise InputError(name, _("Unknown parameter “%(name)s” for layer %(layer)s. Known: %(known)s.")
                             % {"name": name, "layer": layer.id, "known": ", ".join(known)})
    return filters, bbox


def layer_queryset(layer, params, others=()):
    """The layer's public queryset narrowed by the request's filters and bbox."""
    filters, bbox = parse_layer_query(layer, params, others)
    return layer.filtered(filters, bbox)
