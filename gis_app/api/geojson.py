"""GeoJSON FeatureCollections from rows of `records.*_values` (geometry already GeoJSON text from PostGIS)."""
import json

from rest_framework.utils.urls import remove_query_param, replace_query_param

from gis_app.core import geojson as core_geojson
from gis_app.core.params import parse_int

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
MAX_PAGE = 1_000_000
COUNT_BOUND = 1_000  # as OGC numberMatched (layers.features.MATCH_COUNT_BOUND)


def feature(row, properties):
    """A Feature from a row dict: `geometry` is parsed, `id` copied to the feature id."""
    geometry = row.pop("geometry")
    if "distance_m" in row and row["distance_m"] is not None:
        row["distance_m"] = round(row["distance_m"].m, 2)
    return core_geojson.feature(json.loads(geometry) if geometry else None, properties(row), id=row["id"])


def collection(features, count, **extra):
    return core_geojson.collection(features, count=count, **extra)


def paginate(request, queryset, countable=None):
    """(rows of the page, paging fields): page/page_size parameters, next/previous links.

    `countable`: the same rows without their computed fields, counted instead of `queryset`."""
    params = request.query_params
    page = parse_int("page", params.get("page") or 1, 1, MAX_PAGE)
    size = parse_int("page_size", params.get("page_size") or DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    # Counted up to a bound, so that a page costs O(page), not O(matches) (#28): beyond it `count` is null and
    # `count_more_than` says how far it was counted; `next` is known either way.
    bound = max(COUNT_BOUND, page * size)
    counted = (queryset if countable is None else countable).order_by()[:bound + 1].count()
    count = counted if counted <= bound else None
    rows = list(queryset[(page - 1) * size: page * size])
    url = request.build_absolute_uri()
    next_url = replace_query_param(url, "page", page + 1) if page * size < counted else None
    if page <= 1:
        previous = None
    elif page == 2:
        previous = remove_query_param(url, "page")
    else:
        previous = replace_query_param(url, "page", page - 1)
    paging = {"count": count, "page": page, "page_size": size, "next": next_url, "previous": previous}
    if count is None:
        paging["count_more_than"] = bound
    return rows, paging
