"""The OpenAPI 3.0 definition of /ogc/, generated from the catalogue (each layer's filters become parameters).

Clients such as GDAL read it to learn which properties the server filters on
and the largest page they may ask for.
"""
from django.utils.translation import gettext as _

def _parameter(name, description, schema, required=False, where="query"):
    return {"name": name, "in": where, "required": required, "description": str(description), "schema": schema,
            "style": "form", "explode": False}


def _items_parameters(layer, max_limit, default_limit):
    parameters = [
        _parameter("bbox", _("minLon,minLat,maxLon,maxLat (CRS84)"),
                   {"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}}),
        _parameter("limit", _("number of features per page"),
                   {"type": "integer", "minimum": 1, "maximum": max_limit, "default": default_limit}),
        _parameter("offset", _("features to skip"), {"type": "integer", "minimum": 0, "default": 0}),
        _parameter("datetime", _("ignored: the layers have no time extent"), {"type": "string"}),
    ]
    parameters += [_parameter(spec.name, spec.title, spec.schema) for spec in layer.filters]
    return parameters


def _get(summary, responses_type="application/json", parameters=()):
    return {"get": {"summary": str(summary), "parameters": list(parameters),
                    "responses": {"200": {"description": "OK", "content": {responses_type: {}}},
                                  "400": {"description": str(_("bad parameter"))},
                                  "404": {"description": str(_("not found"))}}}}


def definition(base_url, layers, max_limit, default_limit):
    """The OpenAPI document (a dict) for the OGC API served at `base_url` (no trailing slash)."""
    paths = {
        "/": _get(_("landing page")),
        "/conformance": _get(_("conformance classes")),
        "/collections": _get(_("the layers")),
    }
    for layer in layers:
        paths[f"/collections/{layer.id}"] = _get(layer.title)
        paths[f"/collections/{layer.id}/items"] = _get(
            layer.description, "application/geo+json", _items_parameters(layer, max_limit, default_limit))
        paths[f"/collections/{layer.id}/items/{{featureId}}"] = _get(
            _("one feature"), "application/geo+json",
            [_parameter("featureId", _("feature identifier"), {"type": "integer"}, required=True, where="path")])
    return {
        "openapi": "3.0.3",
        "info": {"title": str(_("OCOP-GIS public layers")), "version": "1.0.0"},
        "servers": [{"url": base_url}],
        "paths": paths,
    }
