"""The basemap's attribution, one text per language: every map (pages, admin widgets, the MapLibre style) reads it
here.

OCOP_TILES_ATTRIBUTION's default, "© OpenStreetMap contributors", is a msgid of the catalogues, so each page
shows it in its own language; a custom attribution (another tile provider's) is shown as set.
"""
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop

DEFAULT_ATTRIBUTION = gettext_noop("© OpenStreetMap contributors")


def tiles_attribution() -> str:
    """The basemap's attribution in the active language ("" when OCOP_TILES_ATTRIBUTION is empty)."""
    text = getattr(settings, "OCOP_TILES_ATTRIBUTION", "")
    return gettext(text) if text else ""


tiles_attribution_lazy = lazy(tiles_attribution, str)
