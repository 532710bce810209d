"""What a public layer is: its rows, geometry, public fields, filters and style, declared once.

A `Layer` turns its declaration into one SQL query (through the ORM, parameters
bound) whose columns are the public fields, `_id` and `_geom` (geometry, EPSG:4326).
Tiles, OGC API – Features and exports all wrap that query; nothing else reads
the models.
"""
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.gis.db.models import GeometryField
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import F, Func
from django.utils.translation import gettext as _

from gis_app.core.errors import InputError
from gis_app.core.params import parse_int
from gis_app.core.spatial import in_box


@dataclass(frozen=True)
class Field:
    """A public attribute: its name in every output, where it comes from (an ORM path), its type."""

    name: str
    source: str = ""  # ORM path; defaults to `name`
    type: str = "string"  # string | integer | number | date | boolean (OGC schema, CSV)
    title: str = ""
    in_tiles: bool = False  # tiles stay small: only a few fields go into them

    @property
    def path(self):
        return self.source or self.name


def parse_text(name, value):
    text = str(value).strip()
    if "\x00" in text or len(text) > 200:
        raise InputError(name, _("“%(value)s…” is not a usable value.") % {"value": text[:20]})
    return text


def parse_stars(name, value):
    return parse_int(name, value, 1, 5)


def parse_day(name, value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(name, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": str(value)[:20]})


# What a filter's value is: how to parse it, and its JSON schema (for the OpenAPI definition).
FILTER_KINDS = {
    "text": (parse_text, {"type": "string"}),
    "stars": (parse_stars, {"type": "integer", "minimum": 1, "maximum": 5}),
    "array_member": (lambda name, value: [parse_text(name, value)], {"type": "string"}),  # ArrayField contains
    "date": (parse_day, {"type": "string", "format": "date"}),
}


@dataclass(frozen=True)
class Filter:
    """A query parameter that narrows a layer: `?name=value` becomes `.filter(lookup=parsed value)`."""

    name: str
    lookup: str
    title: str = ""
    kind: str = "text"
    choices: tuple = ()  # allowed values, when the field has choices
    method: Callable = None  # (queryset, parsed value) → queryset, instead of `.filter(lookup=value)`
    default: Callable = None  # () → the value applied when the parameter is absent (e.g. today's units)
    # False: the filter narrows nothing, it only adds the values of its day to every row (`units_on`: the unit of
    # the report day); such filters are applied again wherever a query is rebuilt from ids (OGC pages).
    narrows: bool = True

    @property
    def schema(self):
        schema = dict(FILTER_KINDS[self.kind][1])
        if self.choices:
            schema["enum"] = list(self.choices)
        return schema

    def apply(self, queryset, raw):
        if self.choices and str(raw).strip() not in self.choices:
            raise InputError(self.name, _("“%(value)s” is not one of: %(choices)s.")
                             % {"value": raw, "choices": ", ".join(self.choices)})
        value = FILTER_KINDS[self.kind][0](self.name, raw)
        return self.method(queryset, value) if self.method else queryset.filter(**{self.lookup: value})


@dataclass(frozen=True)
class Style:
    """How maps and legends draw a layer."""

    colour: str
    icon: str = ""  # a Maki-like icon name for point layers
    fill_opacity: float = 0.3
    legend: str = ""


class _RawGeometry(GeometryField):
    """A geometry column selected as is: the query is always wrapped in outer SQL, never loaded as objects."""

    def select_format(self, compiler, sql, params):
        return sql, params


class AsGeometry(Func):
    """The column as `geometry` (geography columns are cast), SRID 4326."""

    template = "%(expressions)s::geometry"
    output_field = _RawGeometry(srid=4326)


class GeoCondition(Func):
    """A boolean SQL condition on a geometry column, resolved through the ORM (so joins work).

    `sql` holds `{col}` wherever the column goes; `params` are bound in the order of the `%s` in `sql`.
    """

    output_field = models.BooleanField()

    def __init__(self, column, sql, params):
        super().__init__(F(column))
        self.condition_sql, self.condition_params = sql, list(params)

    def as_sql(self, compiler, connection, **extra):
        col_sql, col_params = compiler.compile(self.source_expressions[0])
        if col_params:
            raise ValueError("geometry column expressions must not carry parameters")
        return "(" + self.condition_sql.format(col=col_sql) + ")", self.condition_params


# Below this zoom a tile spans so many degrees that, cast to geography, its edges become long great-circle
# arcs bowing into the tile by more than the margin, and points near its edges went missing. There the planar
# test is used; it cannot use the geography index, but such a tile holds most rows anyway, so a scan is the
# plan PostgreSQL would choose.
GEOGRAPHY_TILE_FILTER_MIN_ZOOM = 5


@dataclass(frozen=True)
class Layer:
    id: str
    title: str
    description: str
    queryset: Callable  # () -> QuerySet of what the public may see
    geometry: str  # ORM path to the geometry (or geography) field
    geometry_type: str  # Point | LineString | MultiPolygon …
    fields: tuple
    style: Style
    filters: tuple = ()
    geography: bool = False  # the geometry column is geography(…,4326)
    tables: tuple = ()  # models whose edits change this layer (data version); default: the queryset's model
    min_zoom: int = 0
    max_zoom: int = 22
    cluster_below_zoom: int = 11  # point layers: grid aggregation below this zoom (and in dense tiles)

    def __post_init__(self):
        # Feature ids, tiles' feature ids and the pages of OGC items all rely on an "id" field.
        if "id" not in {f.name for f in self.fields}:
            raise ImproperlyConfigured(f"layer {self.id} declares no 'id' field")

    @property
    def is_point(self):
        return self.geometry_type.endswith("Point")

    @property
    def filter_names(self):
        return [f.name for f in self.filters]

    @property
    def tile_fields(self):
        return [f for f in self.fields if f.in_tiles]

    def models(self):
        return self.tables or (self.queryset().model,)

    def filtered(self, params=None, bbox=None):
        """The layer's queryset narrowed by its declared filters (`params`: name → raw value) and a lon/lat box."""
        queryset = self._with_filters(self.queryset(), self.filters, params)
        if bbox is not None:
            queryset = queryset.filter(self.box_condition(bbox))
        return queryset

    def dated(self, queryset, params=None):
        """`queryset` with the values of the request's days only (the filters that narrow nothing, given in
        `params` or their defaults): for a query rebuilt from ids, whose rows must read as `filtered()`'s."""
        return self._with_filters(queryset, [f for f in self.filters if not f.narrows], params)

    @staticmethod
    def _with_filters(queryset, filters, params):
        params = params or {}
        for declared in filters:
            if declared.name in params:
                queryset = declared.apply(queryset, params[declared.name])
            elif declared.default is not None:
                queryset = declared.apply(queryset, declared.default())
        return queryset

    def box_condition(self, bbox):
        """Rows whose geometry intersects the lon/lat box (which may cross the antimeridian or span the world):
        index-assisted `&&`, then an exact planar test (one rule for API, OGC and exports: core.spatial)."""
        return in_box(self.geometry, bbox, geography=self.geography)

    def tile_condition(self, z, x, y, margin):
        """Rows whose geometry's box meets tile z/x/y grown by `margin` (a fraction of the tile)."""
        # Clipped to the world first: a margin past ±180° would wrap around and invert the box.
        envelope = ("ST_Transform(ST_Intersection(ST_TileEnvelope(%s, %s, %s, margin => %s), "
                    "ST_TileEnvelope(0, 0, 0)), 4326)")
        if self.geography and z >= GEOGRAPHY_TILE_FILTER_MIN_ZOOM:
            sql = f"{{col}} && {envelope}::geography"
        elif self.geography:
            sql = f"{{col}}::geometry && {envelope}"
        else:
            sql = f"{{col}} && {envelope}"
        return GeoCondition(self.geometry, sql, [z, x, y, margin])

    def select(self, queryset, fields=None):
        """(sql, params) of `queryset` as rows of `_id`, `_geom` and the public fields (columns f0, f1, …)."""
        fields = self.fields if fields is None else fields
        columns = {f"f{i}": F(f.path) for i, f in enumerate(fields)}
        if not queryset.query.is_sliced:
            queryset = queryset.order_by("pk")
        rows = queryset.values(_id=F("pk"), _geom=AsGeometry(self.geometry), **columns)
        return rows.query.sql_with_params()

    def field_columns(self, fields=None):
        """[(public name, column in `select`)] in declaration order."""
        fields = self.fields if fields is None else fields
        return [(f.name, f"f{i}") for i, f in enumerate(fields)]
