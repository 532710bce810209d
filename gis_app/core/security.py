"""Response headers and request-size limits that every page and endpoint gets.

Django's own settings give X-Content-Type-Options, Referrer-Policy and
X-Frame-Options; this middleware adds the Content-Security-Policy and refuses
request bodies larger than OCOP_MAX_REQUEST_BYTES before any view reads them.
"""
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from .errors import error_body


def tile_origin(url: str | None) -> str:
    """The origin (scheme://host) of an XYZ tile URL template, with `{s}` subdomains as a wildcard."""
    parts = urlsplit(url or "")
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc
    if "{" in host:
        # "{s}.tile.example.org" → "*.tile.example.org"
        host = "*." + host.split(".", 1)[1] if "." in host else ""
    return f"{parts.scheme}://{host}" if host else ""


def content_security_policy() -> str:
    """The CSP header value: OCOP_CSP if set, otherwise same-origin everything plus the basemap's tiles.

    Scripts and styles allow 'unsafe-inline' because django-leaflet's admin
    widgets, Django's admin and the Swagger/Redoc pages emit inline <script>
    blocks without nonces; object-src, base-uri, form-action and
    frame-ancestors still close the usual injection routes.
    """
    if getattr(settings, "OCOP_CSP", ""):
        return settings.OCOP_CSP
    tiles = tile_origin(getattr(settings, "OCOP_TILES_URL", ""))
    img = " ".join(filter(None, ["'self'", "data:", "blob:", tiles]))
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        f"img-src {img}",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = content_security_policy()

    def __call__(self, request):
        too_large = self.refuse_large_body(request)
        response = too_large or self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        return response

    @staticmethod
    def refuse_large_body(request):
        limit = settings.OCOP_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if not limit or length <= limit:
            return None
        message = _("The request is too large (%(size)d bytes); the limit is %(limit)d bytes.") % {
            "size": length, "limit": limit}
        if request.path.startswith("/api/"):
            return JsonResponse(error_body(None, message), status=413)
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
