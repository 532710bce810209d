"""GeoJSON FeatureCollections from rows of `records.*_values` (geometry already GeoJSON text from PostGIS)."""
import json

from rest_framework.utils.urls import remove_query_param, replace_query_param

from gis_app.core.params import parse_int

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
MAX_PAGE = 1_000_000


def feature(row, properties):
    """A Feature from a row dict: `geometry` is parsed, `id` copied to the feature id."""
    geometry = row.pop("geometry")
    if "distance_m" in row and row["distance_m"] is not None:
        row["distance_m"] = round(row["distance_m"].m, 2)
    return {"type": "Feature", "id": row["id"], "geometry": json.loads(geometry) if geometry else None,
            "properties": properties(row)}


def collection(features, count, **extra):
    return {"type": "FeatureCollection", "count": count, **extra, "features": features}


def paginate(request, queryset):
    """(rows of the page, paging fields): page/page_size parameters, next/previous links."""
    params = request.query_params
    page = parse_int("page", params.get("page") or 1, 1, MAX_PAGE)
    size = parse_int("page_size", params.get("page_size") or DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    count = queryset.count()
    rows = list(queryset[(page - 1) * size: page * size])
    url = request.build_absolute_uri()
    next_url = replace_query_param(url, "page", page + 1) if page * size < count else None
    if page <= 1:
        previous = None
    elif page == 2:
        previous = remove_query_param(url, "page")
    else:
        previous = replace_query_param(url, "page", page - 1)
    return rows, {"count": count, "page": page, "page_size": size, "next": next_url, "previous": previous}
