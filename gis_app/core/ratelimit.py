"""Per-client request limits on the public data endpoints: 429 with Retry-After when exceeded.

One middleware covers the DRF API and the plain tile/OGC/export views alike.
Counters live in the "ratelimit" cache in fixed windows keyed by client IP and
path prefix; the limit is "requests/seconds" from OCOP_RATE_LIMIT (0 turns it off).

Every answer on a limited path says where the client stands, in the fields of the IETF draft
draft-ietf-httpapi-ratelimit-headers-10 (structured fields, RFC 9651): the policy, one per path prefix,
`RateLimit-Policy: "api";q=1200;w=60`, and the client's state in the current window,
`RateLimit: "api";r=1187;t=42` (requests left, seconds until the window ends). A 429 also carries
Retry-After. The CORS middleware (gis_app/core/cors.py) sits outside this one and exposes these fields.

A request costs one, except a small page of OGC API items: a GIS client reading a whole layer pages through
it at its own page size (GDAL ≤ 3.7, hence QGIS, asks `limit=10`), so a page costs one tenth of a request
per 10 features asked, a full request from 100 features up. A layer of 12,000 features read 10 by 10 costs
the budget of 120 requests, not 1,200 (docs/api.md, "Rate limit").
"""
import math
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from .errors import error_body


def parse_rate(text: str | None) -> tuple[int, int]:
    """(requests, seconds) from "600/60"; (0, 0) when empty or "0" (no limit)."""
    text = (text or "").strip()
    if not text or text == "0":
        return 0, 0
    count, _sep, seconds = text.partition("/")
    return int(count), int(seconds or 60)


def client_ip(request: HttpRequest) -> str:
    """The client address: REMOTE_ADDR, or the first X-Forwarded-For hop when OCOP_TRUST_X_FORWARDED_FOR is set."""
    if settings.OCOP_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


# Costs are counted in tenths of a request.
FULL_COST = 10
OGC_ITEMS = re.compile(r"^/ogc/collections/[^/]+/items/?$")
OGC_FEATURES_PER_TENTH = 10
OGC_DEFAULT_LIMIT = 10  # layers.ogc_params.DEFAULT_LIMIT (core does not import layers; a test checks they agree)
KEY_GRACE = 1  # seconds a window's counter outlives the window


def request_cost(request: HttpRequest) -> int:
    """The request's cost in tenths of a request: FULL_COST, or less for an OGC items page of < 100 features."""
    if not OGC_ITEMS.match(request.path):
        return FULL_COST
    try:
        limit = int(request.GET.get("limit", OGC_DEFAULT_LIMIT))
    except ValueError:
        return FULL_COST  # answered 400 by the view, at the price of any request
    return min(FULL_COST, max(1, math.ceil(limit / OGC_FEATURES_PER_TENTH)))


def hit(key: str, seconds: int, cost: int = FULL_COST) -> tuple[int, int]:
    """Count `cost` tenths under `key` in the current window; returns (tenths used, seconds until it ends)."""
    now = time.time()
    window = int(now // seconds)
    cache_key = f"ratelimit:{key}:{window}"
    cache = caches["ratelimit"]
    cache.add(cache_key, 0, timeout=seconds + KEY_GRACE)
    try:
        used = cache.incr(cache_key, cost)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, cost, timeout=seconds + KEY_GRACE)
        used = cost
    return used, max(1, int((window + 1) * seconds - now + 0.999))


def policy_name(prefix: str) -> str:
    """The policy's name in the RateLimit fields: the path prefix's first segment ("/ogc/" → "ogc")."""
    return prefix.strip("/").split("/")[0] or "default"


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit, seconds = parse_rate(settings.OCOP_RATE_LIMIT)
        prefix = next((p for p in settings.OCOP_RATE_LIMITED_PATHS if request.path.startswith(p)), None)
        if not (limit and prefix):
            return self.get_response(request)
        used, retry_after = hit(f"{prefix}:{client_ip(request)}", seconds, request_cost(request))
        refused = used > limit * FULL_COST
        response = self.too_many(request, retry_after) if refused else self.get_response(request)
        name = policy_name(prefix)
        response["RateLimit-Policy"] = f'"{name}";q={limit};w={seconds}'
        response["RateLimit"] = f'"{name}";r={max(0, limit * FULL_COST - used) // FULL_COST};t={retry_after}'
        return response

    @staticmethod
    def too_many(request, retry_after):
        message = _("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": retry_after}
        if request.path.startswith("/api/") or request.path.startswith("/ogc/"):
            response = JsonResponse(error_body(None, message), status=429)
        else:
            response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(retry_after)
        return response
