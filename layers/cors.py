"""CORS for the public read-only map services (TileJSON, tiles, catalogue, OGC API, exports).

A map on another site (MapLibre, Leaflet, OpenLayers) fetches these from the browser, which needs
`Access-Control-Allow-Origin`. Only endpoints that serve the same public data to everybody carry it: they
never depend on a login (the layers' querysets are published-only whoever asks), so `*` exposes nothing a
plain HTTP client could not fetch. Nothing that needs a login is wrapped (and `*` never comes with
credentials, so browsers do not send cookies with these requests).
"""
import functools

from django.http import HttpResponse

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# Request headers a cross-site script may send (beyond the CORS-safelisted ones).
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since"
# Response headers a cross-site script may read (beyond the CORS-safelisted ones).
EXPOSED_HEADERS = "Content-Crs, Content-Disposition, ETag, Link"
PREFLIGHT_MAX_AGE = 86400


def add_public_cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


def public_read_only(view):
    """Wrap a public GET view: CORS headers on every answer (errors included, so scripts can read them) and
    an answer to the browser's preflight (OPTIONS)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
        else:
            response = view(request, *args, **kwargs)
        return add_public_cors(response)

    return wrapped
