"""Per-client request limits on the public data endpoints: 429 with Retry-After when exceeded.

One middleware covers the DRF API and the plain tile/OGC/export views alike.
Counters live in the "ratelimit" cache in fixed windows keyed by client IP and
path prefix; the limit is "requests/seconds" from OCOP_RATE_LIMIT (0 turns it off).
"""
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from .errors import error_body


def parse_rate(text):
    """(requests, seconds) from "600/60"; (0, 0) when empty or "0" (no limit)."""
    text = (text or "").strip()
    if not text or text == "0":
        return 0, 0
    count, _sep, seconds = text.partition("/")
    return int(count), int(seconds or 60)


def client_ip(request):
    """The client address: REMOTE_ADDR, or the first X-Forwarded-For hop when OCOP_TRUST_X_FORWARDED_FOR is set."""
    if settings.OCOP_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def hit(key, seconds):
    """Count one request under `key` in the current window; returns (count, seconds until the window ends)."""
    now = time.time()
    window = int(now // seconds)
    cache_key = f"ratelimit:{key}:{window}"
    cache = caches["ratelimit"]
    cache.add(cache_key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=seconds + 1)
        count = 1
    return count, max(1, int((window + 1) * seconds - now + 0.999))


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit, seconds = parse_rate(settings.OCOP_RATE_LIMIT)
        prefix = next((p for p in settings.OCOP_RATE_LIMITED_PATHS if request.path.startswith(p)), None)
        if limit and prefix:
            count, retry_after = hit(f"{prefix}:{client_ip(request)}", seconds)
            if count > limit:
                return self.too_many(request, retry_after)
        return self.get_response(request)

    @staticmethod
    def too_many(request, retry_after):
        message = _("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": retry_after}
        if request.path.startswith("/api/") or request.path.startswith("/ogc/"):
            response = JsonResponse(error_body(None, message), status=429)
        else:
            response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(retry_after)
        return response
