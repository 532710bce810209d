"""The basemap's attribution, one text per language: every map (pages, admin widgets, the MapLibre style) reads it
here.

OCOP_TILES_ATTRIBUTION's default, "© OpenStreetMap contributors", is a msgid of the catalogues, so each page
shows it in its own language; a custom attribution (another tile provider's) is shown as set.
"""
from typing import Any

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop

DEFAULT_ATTRIBUTION = gettext_noop("© OpenStreetMap contributors")


def tiles_attribution() -> str:
    """The basemap's attribution in the active language ("" when OCOP_TILES_ATTRIBUTION is empty)."""
    text = getattr(settings, "OCOP_TILES_ATTRIBUTION", "")
    return gettext(text) if text else ""


tiles_attribution_lazy = lazy(tiles_attribution, str)


def map_config(bounds: list | None = None, **extra: Any) -> dict[str, Any]:
    """What every map page hands its script (web/map.js createMap): the basemap and its attribution in the active
    language, the starting view (`bounds` [[south, west], [north, east]] when given, else the configured centre
    and zoom) and the zoom limits; `extra` adds the page's own keys."""
    leaflet = settings.LEAFLET_CONFIG
    return {
        "tilesUrl": getattr(settings, "OCOP_TILES_URL", ""),
        "tilesAttribution": tiles_attribution(),
        "bounds": bounds,
        "center": list(leaflet["DEFAULT_CENTER"]),
        "zoom": leaflet["DEFAULT_ZOOM"],
        "minZoom": leaflet.get("MIN_ZOOM", 3),
        "maxZoom": leaflet.get("MAX_ZOOM", 19),
        **extra,
    }
