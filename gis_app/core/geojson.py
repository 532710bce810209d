"""GeoJSON geometries as RFC 7946 §3.1.6 wants them: exterior rings counter-clockwise, holes clockwise.

PostGIS and GEOS write rings in whatever order they are stored (the demo's and most official boundaries are
clockwise, the shapefile convention). Every GeoJSON geometry the server writes goes through this module,
in whichever of its three forms fits where the text is made:

- `sql(expression, digits)`: the SQL of a GeoJSON text, for statements that build JSON in PostgreSQL
  (the OGC API, exports, aggregates, supply clusters and catchments);
- `AsGeoJSON(field, precision)`: the same as a Django expression, for querysets (the REST API's records);
- `from_geos(geometry)`: a dict from a GEOS geometry already in Python (pages' maps, tours, admin previews).

The first two are PostGIS's ST_ForcePolygonCCW; the third orients rings by their signed area (shoelace in
lon/lat, as ST_ForcePolygonCCW does). Points and lines pass through unchanged.

Every FeatureCollection the server writes is spelt here too, whatever holds it:

- `feature(geometry, properties, id=None)` and `collection(features, **members)`: dicts, for responses
  rendered as JSON elsewhere (the REST API, aggregates, supply results, previews);
- `chunks(features, members)`: the collection's text piece by piece, for files and streamed responses, and
  `stream(...)`: the same as UTF-8 bytes (`StreamingHttpResponse(geojson.stream(...))`); `text(...)`: joined.
  A feature is a dict (its rings oriented, its strings NFC, dumped here) or a `Raw` JSON text made by
  PostgreSQL with `sql()` (already oriented; written as it comes, NFC). `features` may also be one `Raw`
  JSON array text. Foreign members (`numberMatched`, `method`…) come before "features", in the given order.
"""
import json
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.gis.db.models.functions import AsGeoJSON as DjangoAsGeoJSON
from django.contrib.gis.db.models.functions import GeomOutputGeoFunc
from django.contrib.gis.geos import GEOSGeometry


class ForcePolygonCCW(GeomOutputGeoFunc):
    """ST_ForcePolygonCCW: exterior rings counter-clockwise, interior rings clockwise (geography fields cast to
    geometry: the function has no geography form; the coordinates are the same lon/lat)."""
    arity = 1
    template = "%(function)s(%(expressions)s::geometry)"


def sql(expression: str, digits: int) -> str:
    """SQL of the RFC 7946 GeoJSON text of the SQL geometry `expression`, with `digits` decimals."""
    return f"ST_AsGeoJSON(ST_ForcePolygonCCW({expression}), {int(digits)})"


def AsGeoJSON(expression: Any, precision: int = 8) -> DjangoAsGeoJSON:  # noqa: N802 (reads like the Django function it replaces)
    """The Django expression of the RFC 7946 GeoJSON text of the geometry `expression`."""
    return DjangoAsGeoJSON(ForcePolygonCCW(expression), precision=precision)


def signed_area(ring: list[list[float]]) -> float:
    """Twice the signed planar area of a ring of [x, y, …] positions: positive when counter-clockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_a), (x1, y1, *_b) in zip(ring, ring[1:] + ring[:1]))


def _oriented_polygon(rings):
    return [ring if (signed_area(ring) >= 0) == (n == 0) else ring[::-1] for n, ring in enumerate(rings)]


def oriented(geometry: dict | None) -> dict | None:
    """A GeoJSON geometry dict (or None) with its polygon rings in RFC 7946 order; other types unchanged."""
    if not geometry:
        return geometry
    kind = geometry.get("type")
    if kind == "Polygon":
        return {**geometry, "coordinates": _oriented_polygon(geometry["coordinates"])}
    if kind == "MultiPolygon":
        return {**geometry, "coordinates": [_oriented_polygon(p) for p in geometry["coordinates"]]}
    if kind == "GeometryCollection":
        return {**geometry, "geometries": [oriented(g) for g in geometry["geometries"]]}
    return geometry


def from_geos(geometry: GEOSGeometry | None) -> dict | None:
    """The RFC 7946 GeoJSON dict of a GEOS geometry (None for None)."""
    return oriented(json.loads(geometry.geojson)) if geometry is not None else None


def loads(text: str | bytes | None) -> dict | None:
    """The GeoJSON dict of a GeoJSON text made elsewhere (a client's, a file's), rings in RFC 7946 order."""
    return oriented(json.loads(text)) if text else None


class Raw(str):
    """JSON text made elsewhere (by PostgreSQL: a feature, an array of features, a list): written unchanged."""


def _nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_nfc(v) for v in value]
    return value


class Feature(dict):
    """A feature dict made by `feature()`: oriented and NFC already, not walked again by the writers."""


def feature(geometry: dict | GEOSGeometry | None, properties: dict, id: Any = None) -> Feature:  # noqa: A002 (the GeoJSON member's name)
    """A Feature dict: `geometry` a GeoJSON dict (oriented here), a GEOS geometry or None; strings in NFC."""
    if geometry is not None and not isinstance(geometry, dict):
        geometry = from_geos(geometry)
    out = Feature(type="Feature")
    if id is not None:
        out["id"] = id
    out["geometry"] = oriented(geometry)
    out["properties"] = _nfc(properties)
    return out


def _ready(item):
    """A feature dict made RFC 7946 (rings) and NFC (its properties); Raw texts and `Feature`s untouched."""
    if isinstance(item, Feature) or not isinstance(item, dict) or item.get("type") != "Feature":
        return item
    return {**item, "geometry": oriented(item.get("geometry")), "properties": _nfc(item.get("properties"))}


def collection(features: Iterable[dict], **members: Any) -> dict:
    """A FeatureCollection dict: {"type", **members, "features"} (members first, as the writers below)."""
    return {"type": "FeatureCollection", **_nfc(members), "features": [_ready(f) for f in features]}


def _dumps(value):
    if isinstance(value, Raw):
        return unicodedata.normalize("NFC", value)
    return json.dumps(_ready(value) if isinstance(value, dict) else _nfc(value), ensure_ascii=False)


def chunks(features: Iterable[dict | Raw] | Raw, members: dict | None = None, separator: str = ", ") -> Iterator[str]:
    """The FeatureCollection's text in pieces: its head, each feature (joined by `separator`), its tail.

    `features`: an iterable of feature dicts or `Raw` texts (consumed lazily: a generator of rows streams), or
    one `Raw` array text; `members`: foreign members, `Raw` values written as they are."""
    head = '{"type": "FeatureCollection"'
    for key, value in (members or {}).items():
        head += f", {json.dumps(key, ensure_ascii=False)}: {_dumps(value)}"
    if isinstance(features, Raw):
        yield head + ', "features": ' + _dumps(features) + "}"
        return
    yield head + ', "features": ['
    first = True
    for item in features:
        yield _dumps(item) if first else separator + _dumps(item)
        first = False
    yield "]}"


def stream(features: Iterable[dict | Raw] | Raw, members: dict | None = None, separator: str = ", ") -> Iterator[bytes]:
    """`chunks` as UTF-8 bytes, for a StreamingHttpResponse or a binary file."""
    for piece in chunks(features, members, separator):
        yield piece.encode("utf-8")


def text(features: Iterable[dict | Raw] | Raw, members: dict | None = None, separator: str = ", ") -> str:
    """The FeatureCollection's whole text."""
    return "".join(chunks(features, members, separator))
