"""The installable web app: its manifest, icons (drawn with Pillow) and the service worker that keeps the
visitor pages, the data last seen and the basemap tiles of the last viewed area readable offline.

The worker is served from the site's root (/sw.js), not from /static/, so that its scope covers every page;
it is same-origin JavaScript, which the Content-Security-Policy (gis_app/core/security.py) allows.
"""
import functools
import hashlib
import io
import json
import math

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from PIL import Image, ImageDraw

from gis_app.core.security import content_security_policy, tile_origin
from gis_app.places.area import area_label

ICON_SIZES = (192, 512)
THEME = "#b03a2e"
# What the visitor pages need to draw without a network: scripts, styles, the cluster plugin, Leaflet's images.
SHELL_STATIC = [
    "web/ocop.css", "web/ocop.js", "web/map.js", "web/i18n.js", "web/visitor_map.js", "web/site_map.js", "web/offline.js",
    "leaflet/leaflet.css", "leaflet/leaflet.js", "leaflet/leaflet.extras.js", "web/leaflet_default_icon.js",
    "leaflet/images/marker-icon.png",
    "leaflet/images/marker-icon-2x.png", "leaflet/images/marker-shadow.png",
    "vendor/leaflet.markercluster/leaflet.markercluster.js", "vendor/leaflet.markercluster/MarkerCluster.css",
]


@functools.lru_cache(maxsize=len(ICON_SIZES))
def icon_png(size):
    """The app icon: a white map pin holding a star on the programme's red, safe inside a maskable circle."""
    image = Image.new("RGB", (size, size), THEME)
    draw = ImageDraw.Draw(image)
    u = size / 100  # drawn on a 100-unit grid, the pin within the central 60 % (maskable safe zone)
    draw.ellipse([32 * u, 20 * u, 68 * u, 56 * u], fill="white")
    draw.polygon([(34.5 * u, 46 * u), (65.5 * u, 46 * u), (50 * u, 80 * u)], fill="white")
    # A five-pointed star in the pin's head.
    points = []
    for i in range(10):
        radius = (12 if i % 2 == 0 else 5) * u
        angle = math.pi / 2 + i * math.pi / 5
        points.append((50 * u + radius * math.cos(angle), 38 * u - radius * math.sin(angle)))
    draw.polygon(points, fill=THEME)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@require_GET
@cache_control(max_age=86400, public=True)
def icon(request, size):
    if size not in ICON_SIZES:
        raise Http404
    return HttpResponse(icon_png(size), content_type="image/png")


@require_GET
@cache_control(max_age=3600)
def manifest(request):
    body = {
        "name": _("OCOP products and places near you"),
        "short_name": "OCOP-GIS",
        "description": _("Published OCOP products, tourism sites and craft villages of %(area)s on a map.")
        % {"area": area_label()},
        "lang": request.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": [{"src": reverse("web:icon", args=[size]), "sizes": f"{size}x{size}", "type": "image/png",
                   "purpose": "any maskable"} for size in ICON_SIZES],
    }
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json")


def shell_urls():
    return ["/", reverse("web:jsi18n"), reverse("web:manifest")] + [static(path) for path in SHELL_STATIC]


@functools.lru_cache(maxsize=1)
def shell_version():
    """A digest of the shell files' contents: static names carry no hash here, so a changed script changes the
    worker's text, the browser installs the new worker, and it drops the old cache. Read once per process."""
    digest = hashlib.sha1()
    for path in SHELL_STATIC:
        found = finders.find(path)
        digest.update(path.encode())
        if found:
            with open(found, "rb") as file:
                digest.update(file.read())
    return digest.hexdigest()[:12]


def offline_pages():
    """Language code → the address of the offline page in that language, one per language of the site."""
    return {code: reverse("web:offline", args=[code]) for code, _name in settings.LANGUAGES}


@require_GET
def offline(request, language):
    """What the worker shows for a page not kept on an earlier visit, in the visitor's language."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    with translation.override(language):
        # Kept by the worker and shown to whoever uses the device next: no account in its header.
        response = render(request, "web/offline.html", {"user": AnonymousUser(), "is_programme_staff": False})
        response.headers["Content-Language"] = language
    return response


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    shell, pages = shell_urls(), offline_pages()
    version = hashlib.sha1((shell_version() + json.dumps([shell, pages])).encode()).hexdigest()[:12]
    script = render_to_string("web/sw.js", {"shell": json.dumps(shell), "version": version,
                                            "offline_pages": json.dumps(pages),
                                            "default_language": settings.LANGUAGE_CODE[:2],
                                            # Photos on another host are that host's to keep.
                                            "media_url": settings.MEDIA_URL if settings.MEDIA_URL.startswith("/") else ""})
    response = HttpResponse(script, content_type="application/javascript; charset=utf-8")
    response.headers["Content-Security-Policy"] = worker_policy()
    return response


def worker_policy():
    """The worker's own CSP: the pages' policy, with the basemap's tile server added to connect-src, since the
    worker fetches (and keeps) the tiles the map shows, and a worker's fetch() is governed by connect-src."""
    policy, tiles = content_security_policy(), tile_origin(getattr(settings, "OCOP_TILES_URL", ""))
    return policy.replace("connect-src 'self'", f"connect-src 'self' {tiles}") if tiles else policy
