"""What the map pages tell their scripts: API addresses, parameter names, colours, basemap."""
import json

from django.conf import settings
from django.urls import reverse

from gis_app.core.csv_safe import FORMULA_PREFIXES
from gis_app.places.models import AdminUnit
from gis_app.registry.models import Producer, ProductGroup, TourismSite

API = "/api/v1/"
# The largest page the API serves: a province's producers in one request.
PAGE_SIZE = 1000


def districts_url():
    return f"{API}units/?level=district&on={settings.OCOP_UNITS_AS_OF.isoformat()}&page_size={PAGE_SIZE}"
# Group colours by the part of the code after the version ("2019.FOOD" → FOOD), so both taxonomies match.
GROUP_COLOURS = {
    "FOOD": "#e74c3c", "BEV": "#2980b9", "HERB": "#27ae60", "TEXT": "#d35400", "SOUV": "#8e44ad",
    "CRAFT": "#8e44ad", "TOUR": "#16a085", "ORNA": "#f1c40f", "": "#7f8c8d",
}
# Lower bounds of the choropleth classes; 0 (no product) is its own, pale class.
CHOROPLETH_BINS = [(0, "#f7f7f7"), (1, "#c6dbef"), (2, "#6baed6"), (4, "#2171b5"), (7, "#08306b")]
EXPIRING_DAYS = 90
# Page filter → API query parameter (docs/api.md).
API_PARAMS = {
    "group": "group", "stars": "min_stars", "district": "unit", "commune": "unit",
    "legal_form": "legal_form", "expiring": "expiring_within", "q": "q", "stage": "stage",
}


def province_bounds():
    """[[south, west], [north, east]] of the programme's province, or None before the units are loaded."""
    province = AdminUnit.objects.programme_province().valid_on(settings.OCOP_UNITS_AS_OF).first()
    if province is None:
        return None
    west, south, east, north = province.geom.extent
    return [[south, west], [north, east]]


def basemap():
    return {
        "bounds": province_bounds(),
        "center": settings.LEAFLET_CONFIG.get("DEFAULT_CENTER", (11.1, 106.65)),
        "zoom": settings.LEAFLET_CONFIG.get("DEFAULT_ZOOM", 10),
        "tilesUrl": settings.OCOP_TILES_URL,
        "tilesAttribution": settings.OCOP_TILES_ATTRIBUTION,
    }


def group_key(code):
    return code.rsplit(".", 1)[-1]


def groups():
    """Product groups of every taxonomy version, with their colour key; `first` marks one legend entry per key."""
    seen, rows = set(), []
    for group in ProductGroup.objects.select_related("version"):
        key = group_key(group.code)
        rows.append({"code": group.code, "key": key, "version": group.version.code, "name": group.name,
                     "colour": GROUP_COLOURS.get(key, GROUP_COLOURS[""]), "first": key not in seen})
        seen.add(key)
    return rows


def officer_map():
    return {
        **basemap(),
        "api": {
            "producers": API + "producers/",
            "sites": f"{API}sites/?page_size={PAGE_SIZE}",
            "villages": f"{API}villages/?page_size={PAGE_SIZE}",
            "districts": districts_url(),
            "choropleth": f"{API}aggregates/units/?level=commune&on={settings.OCOP_UNITS_AS_OF.isoformat()}",
        },
        "apiParams": API_PARAMS,
        "filterNames": list(API_PARAMS),
        "expiringDays": EXPIRING_DAYS,
        "pageSize": PAGE_SIZE,
        "groupColours": GROUP_COLOURS,
        "groups": groups(),
        "choroplethBins": CHOROPLETH_BINS,
        "siteUrl": reverse("web:site-detail", args=[0]),
        "csvFormulaPrefixes": list(FORMULA_PREFIXES),
    }


def visitor_map():
    return {
        **basemap(),
        "api": {"sites": API + "sites/", "products": API + "products/", "districts": districts_url()},
        "limit": 10,
        "siteUrl": reverse("web:site-detail", args=[0]),
        "kinds": [{"value": value, "label": str(label)} for value, label in TourismSite.Kind.choices],
    }


def legal_forms():
    return Producer.LegalForm.choices


def site_map(site):
    """A site page's small map: the site's point ([lat, lon]), area and commune outline (GeoJSON or None)."""
    return {
        **basemap(),
        "bounds": None,
        "point": [site.location.y, site.location.x],
        "area": json.loads(site.area.geojson) if site.area else None,
        "commune": json.loads(site.commune.geom.geojson) if site.commune else None,
    }
