"""Request parameters of the supply API, parsed into the keyword arguments of the query functions."""
from django.utils.translation import gettext as _

from gis_app.core.errors import InputError
from gis_app.core.params import parse_choice, parse_float, parse_int, parse_lon_lat

from .catchment import DEFAULT_AREA_BUFFER_M
from .clustering import HULLS, LABELS, MAX_EPS_M
from .collection import DEFAULT_MARGIN_M
from .network import DEFAULT_MAX_SNAP_M
from .selection import ProducerFilter

MAX_SNAP_LIMIT_M = 20_000
MAX_MINUTES = 240


def _get(params, name, default):
    value = params.get(name)
    return default if value in (None, "") else value


def cluster_arguments(params):
    """(ProducerFilter, kwargs of cluster_producers) from query parameters; InputError on bad values."""
    selection = ProducerFilter.from_params(params)
    method = parse_choice("method", params.get("method"), list(LABELS), default="dbscan")
    hull = parse_choice("hull", params.get("hull"), list(HULLS), default="convex")
    kwargs = {"method": method, "hull": hull}
    if hull == "concave":
        kwargs["concavity"] = parse_float("concavity", _get(params, "concavity", 0.5), 0, 1, min_inclusive=False)
    if method == "dbscan":
        eps = parse_float("eps", _get(params, "eps", 2000))
        if not 0 < eps <= MAX_EPS_M:
            raise InputError("eps", _("eps is a distance in metres: it must be more than 0 and at most %(max)s "
                                      "(50 km); got %(value)s.") % {"max": MAX_EPS_M, "value": params.get("eps")})
        kwargs.update(eps_m=eps, min_points=parse_int("min_points", _get(params, "min_points", 3), 1, 10_000))
    else:
        if params.get("k") in (None, ""):
            raise InputError("k", _("k (the number of clusters) is required for k-means."))
        k = parse_int("k", params.get("k"))
        if k < 1:
            raise InputError("k", _("k (the number of clusters) must be at least 1; got %(value)s.") % {"value": k})
        available = selection.producers().count()
        if k > available:
            raise InputError("k", _("k = %(k)s is more than the %(count)s producers that match the filters.")
                             % {"k": k, "count": available})
        kwargs["k"] = k
    return selection, kwargs


def collection_arguments(params):
    """kwargs of collection_point from query parameters."""
    return {
        "margin_m": parse_float("margin_m", _get(params, "margin_m", DEFAULT_MARGIN_M), 0, MAX_SNAP_LIMIT_M),
        "max_snap_m": parse_float("max_snap_m", _get(params, "max_snap_m", DEFAULT_MAX_SNAP_M), 0, MAX_SNAP_LIMIT_M),
    }


def catchment_arguments(params):
    """kwargs of catchment from query parameters (the point is required)."""
    if params.get("point") in (None, ""):
        raise InputError("point", _("The starting point is required, as “longitude,latitude”."))
    lon, lat = parse_lon_lat("point", params.get("point"))
    return {
        "lon": lon, "lat": lat,
        "minutes": parse_float("minutes", _get(params, "minutes", 30), 0, MAX_MINUTES, min_inclusive=False),
        "selection": ProducerFilter.from_params(params),
        "max_snap_m": parse_float("max_snap_m", _get(params, "max_snap_m", DEFAULT_MAX_SNAP_M), 0, MAX_SNAP_LIMIT_M),
        "buffer_m": parse_float("buffer_m", _get(params, "buffer_m", DEFAULT_AREA_BUFFER_M), 1, 5000),
    }
