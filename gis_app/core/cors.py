"""CORS for the public read-only services: the REST API's reads, TileJSON, tiles, the OGC API, exports.

A map or page on another site (MapLibre, Leaflet, OpenLayers, a plain fetch()) reads these from the browser,
which needs `Access-Control-Allow-Origin`. One middleware, outside the rate limit and the body-size guard,
so that every answer on these paths carries it: 200s, 304s, every 4xx (a 429 included, whose status and
Retry-After a script can then read instead of a bare "CORS error") and 5xx.

Only reads get it (GET, HEAD, OPTIONS): `*` and never `Access-Control-Allow-Credentials`, so browsers send
no cookies or passwords with these requests and a cross-site script sees only what an anonymous client
sees. `Authorization` is not an allowed request header. Writes (POST, PUT, PATCH, DELETE) get no CORS
allowance at all: their preflight is not answered with one, so a browser never sends them cross-site.
"""
from django.conf import settings
from django.http import HttpResponse, HttpResponseBase

READ_METHODS = ("GET", "HEAD", "OPTIONS")
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# Request headers a cross-site script may send (beyond the CORS-safelisted ones).
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since"
# Response headers a cross-site script may read (beyond the CORS-safelisted ones).
# OCOP-Texts-Cut: how many texts a shapefile export could not hold (layers/exports.py).
EXPOSED_HEADERS = ("Content-Crs, Content-Disposition, ETag, Link, Retry-After, RateLimit, RateLimit-Policy, "
                   "OCOP-Texts-Cut")
PREFLIGHT_MAX_AGE = 86400


def is_public_read_path(path: str) -> bool:
    """True for the paths whose reads serve the same public data to everybody (settings.OCOP_CORS_PATHS)."""
    return any(path == prefix.rstrip("/") or path.startswith(prefix) for prefix in settings.OCOP_CORS_PATHS)


def add_public_cors(response: HttpResponseBase) -> HttpResponseBase:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


def preflight() -> HttpResponseBase:
    """The answer to a browser's preflight of a read."""
    response = HttpResponse(status=204)
    response["Allow"] = ALLOWED_METHODS
    response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return add_public_cors(response)


class PublicCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in READ_METHODS or not is_public_read_path(request.path):
            return self.get_response(request)
        asked = request.headers.get("Access-Control-Request-Method")
        if request.method == "OPTIONS" and asked is not None:
            if asked.upper() in ("GET", "HEAD"):
                return preflight()
            # The preflight of a write: answered by the view (DRF's OPTIONS, a 405…) without any allowance.
            return self.get_response(request)
        return add_public_cors(self.get_response(request))
