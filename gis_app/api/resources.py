"""The public way for an app to publish its record type in the JSON API (/api/v1/<path>/ and its detail).

An app describes its resource once, in its own api module, and registers it from its AppConfig.ready():

    from gis_app.api.resources import Resource, register
    register("events", Resource(event_rows, event_values, event_properties), EventFilter,
             list_summary="Fairs and promotion events (GeoJSON)", detail_summary="Promotion event",
             list_url_name="api-events", detail_url_name="api-event")

`api/urls.py` serves every registered resource with the API's common list (GeoJSON, paging, spatial
parameters, attribute filters) and detail views; the OpenAPI schema documents them. Nothing in `gis_app.api`
names the registering app. A resource is three functions:
- `rows(user)`: the queryset the caller may see (`Model.objects.visible_to(user)`);
- `values(queryset, user, day, extra)`: plain dicts with a `geometry` GeoJSON string (`gis_app.api.records`
  has the shared pieces: `unit_fields`, `visible_products`, `GEOJSON_DIGITS`);
- `properties(row)`: labels in the request's language;
- optionally `units=(commune path, point path, is_area)`: each row then gains `unit`, the unit of the report day
  it belongs to (today by default, `?units_on=` for another day), as `gis_app.places.naming` names it.
"""
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Resource:
    rows: Callable        # user -> visible queryset
    values: Callable      # (queryset, user, day, extra) -> values queryset with `geometry`
    properties: Callable  # row dict -> properties dict
    location_field: str | None = "location"  # the point the spatial parameters test; None: no spatial search
    # (commune field path, point or area field path, whether it is an area): the rows have a unit, and each
    # answer gives it as of the report day (`unit`, `?units_on=`; gis_app/places/naming.py). None: no unit.
    units: tuple | None = None


@dataclass(frozen=True)
class Endpoint:
    path: str             # URL segment under /api/v1/, e.g. "points-of-sale"
    name: str             # operation-id prefix in the schema, e.g. "points_of_sale"
    resource: Resource
    filterset: type
    list_summary: str
    detail_summary: str
    list_url_name: str
    detail_url_name: str
    related: Callable | None = None  # (user, pk, body) -> body: related lists added to the detail
    create: Callable | None = None   # post(self, request) of the list view (schema-decorated), or None: read-only


_endpoints: dict[str, Endpoint] = {}


def register(path, resource, filterset, *, list_summary, detail_summary, list_url_name, detail_url_name,
             name=None, related=None, create=None):
    """Serve `resource` at /api/v1/<path>/ (list) and /api/v1/<path>/<pk>/ (detail). Call from ready().

    `create`, if given, is the list's POST handler `post(self, request)`, decorated with `extend_schema` so the
    OpenAPI schema documents it (the events app's proposals, say)."""
    if path in _endpoints:
        raise ValueError(f"API resource {path!r} is registered twice")
    _endpoints[path] = Endpoint(path, name or path.replace("-", "_"), resource, filterset, list_summary,
                                detail_summary, list_url_name, detail_url_name, related, create)


def endpoints():
    """The registered endpoints, in registration order (INSTALLED_APPS order)."""
    return list(_endpoints.values())
