"""OGC API – Features Part 3 (Filtering) with CQL2 text and JSON, through pygeofilter.

pygeofilter (pinned in requirements.txt) parses the filter into an AST and its Django backend turns the AST
into a Q object on the layer's queryset; the page is then built as for any other request. Before that, the
AST is checked here against the layer's queryables: pygeofilter's backend would otherwise look up any
attribute name as an ORM path (a filter on a private field, e.g. `private_phone`, would answer yes/no about
it), and a literal of the wrong type would reach PostgreSQL as an error (a 500) instead of a 400.

Queryables are the layer's public fields (their declared names and types) and `geometry`. Spatial
predicates are evaluated in the plane on lon/lat (CRS84), like `bbox`: geography columns are cast to
geometry for them.
"""
import dataclasses
import json
from datetime import date, datetime

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from pygeofilter import ast, values
from pygeofilter.backends.django import to_filter
from pygeofilter.parsers.cql2_json import parse as parse_json
from pygeofilter.parsers.cql2_text import parse as parse_text

from gis_app.core.errors import InputError
from gis_app.core.spatial import in_box

from .crs import get_crs

LANGUAGES = ("cql2-text", "cql2-json")
GEOMETRY = "geometry"
GEOMETRY_ANNOTATION = "_cql2_geometry"
MAX_FILTER_LENGTH = 20_000
# Deeper filters exhaust Python's recursion in the ORM (a 500 at ~500 chained ANDs): refused as too complex.
MAX_FILTER_DEPTH = 100

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
    "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
]

JSON_TYPES = {"string": "string", "integer": "integer", "number": "number", "date": "string",
              "boolean": "boolean"}


def queryables(layer, url):
    """The JSON Schema of the layer's queryables (Part 3), at `url`."""
    properties = {GEOMETRY: {"format": "geometry-" + layer.geometry_type.lower(), "title": str(_("geometry")),
                             "x-ogc-role": "primary-geometry"}}
    for field in layer.fields:
        schema = {"type": JSON_TYPES[field.type], "title": str(field.title or field.name)}
        if field.type == "date":
            schema["format"] = "date"
        if field.name == "id":
            schema["x-ogc-role"] = "id"
        properties[field.name] = schema
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": url, "type": "object",
            "title": str(layer.title), "properties": properties, "additionalProperties": False}


def _error(message):
    return InputError("filter", message)


def _box_polygon(numbers):
    """A GeoJSON polygon literal for a CQL2 bbox [minx, miny, maxx, maxy] (or six numbers with heights)."""
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    west, south, east, north = numbers
    return {"type": "Polygon",
            "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]]}


def _json_boxes(node):
    """cql2-json as pygeofilter 0.4.0 reads it correctly: each {"bbox": [...]} replaced by the same box as a
    polygon literal, and BETWEEN in the draft's argument shape.

    pygeofilter 0.4.0 reads {"bbox": [minx, miny, maxx, maxy]} into its Envelope(x1, x2, y1, y2) positionally,
    which swaps miny and maxx; a polygon literal is read correctly.
    """
    if isinstance(node, dict):
        box = node.get("bbox")
        if len(node) == 1 and isinstance(box, list) and len(box) in (4, 6) and all(
                isinstance(n, (int, float)) and not isinstance(n, bool) for n in box):
            return _box_polygon(box)
        node = {key: _json_boxes(value) for key, value in node.items()}
        args = node.get("args")
        if str(node.get("op", "")).lower() == "between" and isinstance(args, list) and len(args) == 3:
            # CQL2 1.0 writes [value, low, high]; pygeofilter 0.4.0 reads the draft's [value, [low, high]].
            node["args"] = [args[0], [args[1], args[2]]]
        return node
    if isinstance(node, list):
        return [_json_boxes(value) for value in node]
    return node


def _text_boxes(node):
    """The cql2-text AST with each BBOX(…) literal (which pygeofilter 0.4.0 reads as a function call) turned
    into a polygon literal."""
    if isinstance(node, ast.Function) and node.name.lower() == "bbox" and len(node.arguments) in (4, 6) and all(
            isinstance(n, (int, float)) and not isinstance(n, bool) for n in node.arguments):
        return values.Geometry(_box_polygon(list(node.arguments)))
    if isinstance(node, ast.Node) and dataclasses.is_dataclass(node):
        for field in dataclasses.fields(node):
            value = getattr(node, field.name)
            if isinstance(value, list):
                setattr(node, field.name, [_text_boxes(v) for v in value])
            elif isinstance(value, ast.Node):
                setattr(node, field.name, _text_boxes(value))
    return node


def parse(text, language=None):
    """The AST of a CQL2 filter in `language` (cql2-text by default), or a 400 naming `filter`."""
    language = (language or "cql2-text").strip().lower()
    if language not in LANGUAGES:
        raise InputError("filter-lang", _("Filter languages offered: %(known)s.") % {"known": ", ".join(LANGUAGES)})
    if len(text) > MAX_FILTER_LENGTH:
        raise _error(_("The filter is too long."))
    try:
        if language == "cql2-json":
            return parse_json(_json_boxes(json.loads(text)))
        return _text_boxes(parse_text(text))
    except Exception as error:  # lark and json raise many kinds; all mean "not a filter in that language"
        raise _error(_("Not a valid %(language)s filter: %(detail)s")
                     % {"language": language, "detail": str(error).splitlines()[0][:200] if str(error) else ""})


def _literal_kind(node):
    if isinstance(node, bool):
        return "boolean"
    if isinstance(node, (int, float)):
        return "number"
    if isinstance(node, str):
        return "string"
    if isinstance(node, (date, datetime)):
        return "date"
    if isinstance(node, (values.Geometry, values.Envelope)):
        return "geometry"
    return None


FIELD_KINDS = {"string": "string", "integer": "number", "number": "number", "date": "date", "boolean": "boolean"}


def _depth(tree):
    """How deeply the AST nests (iteratively: a deep tree must not exhaust the recursion it is measured for)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, ast.Node):
            stack.extend((child, depth + 1) for child in node.get_sub_nodes())
    return deepest


def _check_geometry(literal):
    """A geometry literal PostGIS can use: well formed and valid (an invalid ring made PostGIS fail: a 500)."""
    try:
        geometry = GEOSGeometry(json.dumps(literal.__geo_interface__))
    except (GEOSException, GDALException, ValueError, TypeError):
        geometry = None
    if geometry is None or geometry.empty or not geometry.valid:
        raise _error(_("The filter holds an invalid geometry."))


def _check(node, types):
    """Refuse (400) what the layer cannot answer correctly: unknown attributes, mismatched literals, functions."""
    if isinstance(node, ast.Attribute):
        if node.name not in types:
            raise _error(_("“%(name)s” is not a queryable of this collection. Queryables: %(known)s.")
                         % {"name": node.name, "known": ", ".join(types)})
        return
    if isinstance(node, ast.Function):
        raise _error(_("Functions are not supported in filters (“%(name)s”).") % {"name": node.name})
    if isinstance(node, ast.Arithmetic):
        raise _error(_("Arithmetic is not supported in filters."))
    if isinstance(node, ast.Include):
        return
    if isinstance(node, (ast.TemporalPredicate, ast.ArrayPredicate)):
        raise _error(_("The collections have no temporal or array queryables."))
    if isinstance(node, ast.Predicate) and not isinstance(node, (ast.Not, ast.Combination)):
        children = node.get_sub_nodes() if not isinstance(node, ast.Like) else [node.lhs, node.pattern]
        for child in children:
            if isinstance(child, (ast.Attribute, ast.Function, ast.Arithmetic)):
                _check(child, types)
            elif isinstance(child, values.Geometry):
                _check_geometry(child)
        attributes = [types[c.name] for c in children if isinstance(c, ast.Attribute) and c.name in types]
        spatial = isinstance(node, (ast.SpatialComparisonPredicate, ast.SpatialDistancePredicate, ast.Relate,
                                    ast.BBox))
        for child in children:
            if isinstance(child, ast.Node):
                continue
            kind = _literal_kind(child)
            if kind is None:
                raise _error(_("Unsupported value in the filter: %(value)s") % {"value": str(child)[:100]})
            for attribute_kind in attributes:
                if attribute_kind != kind:
                    raise _error(_("A %(got)s value is compared with a %(expected)s queryable.")
                                 % {"got": kind, "expected": attribute_kind})
        for attribute_kind in attributes:
            if spatial != (attribute_kind == "geometry"):
                raise _error(_("Spatial predicates apply to “geometry”, comparisons to the other queryables."))
            if isinstance(node, ast.Like) and attribute_kind != "string":
                raise _error(_("LIKE applies to text queryables."))
        if not attributes and not isinstance(node, ast.BBox):
            raise _error(_("Each predicate must name a queryable."))
    for child in node.get_sub_nodes() if isinstance(node, ast.Node) else ():
        _check(child, types)


def apply(layer, queryset, text, language=None, filter_crs=None):
    """`queryset` narrowed by the CQL2 filter `text` (a Q built by pygeofilter's Django backend)."""
    if filter_crs is not None and not get_crs("filter-crs", filter_crs).is_crs84:
        raise InputError("filter-crs", _("Filter geometries are in CRS84 (longitude, latitude)."))
    tree = parse(str(text), language)
    if _depth(tree) > MAX_FILTER_DEPTH:
        raise _error(_("The filter is too complex (nested more than %(depth)s levels).") % {"depth": MAX_FILTER_DEPTH})
    types = {field.name: FIELD_KINDS[field.type] for field in layer.fields}
    types[GEOMETRY] = "geometry"
    _check(tree, types)
    mapping = {field.name: field.path for field in layer.fields}
    # A geometry column is used as is (its GiST index serves the spatial lookups); a geography column is read
    # as geometry, so that the predicates are planar in lon/lat like bbox, and geography lacks several of them.
    mapping[GEOMETRY] = GEOMETRY_ANNOTATION if layer.geography else layer.geometry
    try:
        condition = to_filter(tree, mapping)
    except (ValueError, AssertionError, KeyError, TypeError, GEOSException, GDALException) as error:
        raise _error(_("This filter cannot be evaluated: %(detail)s") % {"detail": str(error)[:200]})
    # Planar predicates in lon/lat, as bbox: a geography column is read as geometry for them, which its GiST
    # index cannot serve; the boxes of the literals the filter requires rows to meet are added as an
    # index-assisted box test (the same as bbox=…), so such a filter does not scan the table.
    if layer.geography:
        queryset = queryset.annotate(**{GEOMETRY_ANNOTATION: Cast(layer.geometry, GeometryField(srid=4326))})
        for extent in _required_extents(tree):
            queryset = queryset.filter(in_box(layer.geometry, extent, geography=True))
    return queryset.filter(condition)


# Predicates that hold only where the row's geometry meets the literal (so its box meets the literal's box).
_MEETING = (ast.GeometryIntersects, ast.GeometryWithin, ast.GeometryContains, ast.GeometryTouches,
            ast.GeometryCrosses, ast.GeometryOverlaps, ast.GeometryEquals)


def _required_extents(node):
    """Boxes (lon/lat) every selected row must meet: spatial predicates joined to the whole filter by AND."""
    if isinstance(node, ast.And):
        return _required_extents(node.lhs) + _required_extents(node.rhs)
    if isinstance(node, _MEETING):
        literal = node.rhs if isinstance(node.lhs, ast.Attribute) else node.lhs
        if isinstance(literal, values.Geometry):
            west, south, east, north = GEOSGeometry(json.dumps(literal.__geo_interface__)).extent
            if west < east and south < north:
                return [(west, south, east, north)]
    return []
