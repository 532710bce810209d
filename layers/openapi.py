"""The OpenAPI 3.0 definition of /ogc/, generated from the catalogue (each layer's filters become parameters).

Clients such as GDAL read it to learn which properties the server filters on
(a parameter named after a property means equality) and the largest page they may ask for.
Checked by openapi-spec-validator in tests/layers/test_ogc_standards.py.
"""
from django.utils.translation import gettext as _

from . import cql2
from .crs import CRS_URIS


def _parameter(name, description, schema, required=False, where="query"):
    parameter = {"name": name, "in": where, "required": required, "description": str(description), "schema": schema}
    # form/explode=false is the query-string convention of OGC API (bbox=1,2,3,4); path parameters are `simple`.
    parameter.update({"style": "form", "explode": False} if where == "query" else {"style": "simple"})
    return parameter


def _crs_parameter(name, description):
    return _parameter(name, description, {"type": "string", "format": "uri", "enum": CRS_URIS})


def _items_parameters(layer, max_limit, default_limit):
    parameters = [
        _parameter("bbox", _("minLon,minLat,maxLon,maxLat (CRS84 unless bbox-crs says otherwise); six numbers "
                             "with heights are accepted; minLon > maxLon crosses the antimeridian"),
                   {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}}),
        _crs_parameter("bbox-crs", _("the coordinate reference system of bbox")),
        _crs_parameter("crs", _("the coordinate reference system of the geometries in the response")),
        _parameter("limit", _("number of features per page"),
                   {"type": "integer", "minimum": 1, "maximum": max_limit, "default": default_limit}),
        _parameter("offset", _("features to skip"), {"type": "integer", "minimum": 0, "default": 0}),
        _parameter("datetime", _("an RFC 3339 date-time or interval; accepted and ignored: the layers have no "
                                 "time extent"), {"type": "string"}),
        _parameter("filter", _("a CQL2 filter on the queryables"), {"type": "string"}),
        _parameter("filter-lang", _("the language of filter"),
                   {"type": "string", "enum": list(cql2.LANGUAGES), "default": "cql2-text"}),
        _crs_parameter("filter-crs", _("the coordinate reference system of geometries in filter (CRS84 only)")),
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
    crs = [_crs_parameter("crs", _("the coordinate reference system of the geometry in the response"))]
    paths = {
        "/": _get(_("landing page")),
        "/conformance": _get(_("conformance classes")),
        "/collections": _get(_("the layers")),
        "/tileMatrixSets": _get(_("tile matrix sets")),
        "/tileMatrixSets/WebMercatorQuad": _get(_("the WebMercatorQuad tile matrix set")),
    }
    for layer in layers:
        paths[f"/collections/{layer.id}"] = _get(layer.title)
        paths[f"/collections/{layer.id}/items"] = _get(
            layer.description, "application/geo+json", _items_parameters(layer, max_limit, default_limit))
        paths[f"/collections/{layer.id}/items/{{featureId}}"] = _get(
            _("one feature"), "application/geo+json",
            [_parameter("featureId", _("feature identifier"), {"type": "integer"}, required=True, where="path"),
             *crs])
        paths[f"/collections/{layer.id}/queryables"] = _get(_("queryables"), "application/schema+json")
        paths[f"/collections/{layer.id}/tiles"] = _get(_("vector tilesets"))
        paths[f"/collections/{layer.id}/tiles/WebMercatorQuad"] = _get(_("the vector tileset in WebMercatorQuad"))
    return {
        "openapi": "3.0.3",
        "info": {"title": str(_("OCOP-GIS public layers")), "version": "1.0.0"},
        "servers": [{"url": base_url}],
        "paths": paths,
    }
