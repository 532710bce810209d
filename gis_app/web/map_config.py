"""What the map pages tell their scripts: API addresses, parameter names, colours, basemap."""

from django.urls import reverse

from gis_app.core import geojson
from gis_app.core.basemap import map_config as base_map_config
from gis_app.core.csv_safe import FORMULA_PREFIXES
from gis_app.places.dates import registry_units_on, report_day
from gis_app.places.models import AdminUnit
from gis_app.registry.models import Producer, ProductGroup, TourismSite

API = "/api/v1/"
# The largest page the API serves: a province's producers in one request.
PAGE_SIZE = 1000


def districts_url(day=None):
    """The district boundaries in force on `day` (the registry's unit day by default)."""
    return f"{API}units/?level=district&on={(day or registry_units_on()).isoformat()}&page_size={PAGE_SIZE}"
# Group colours by the part of the code after the version ("2019.FOOD" → FOOD), so both taxonomies match.
# The Okabe–Ito palette: eight colours told apart with every common colour-vision deficiency; one per group key.
# Producers are circles in these colours; sites (squares), villages (triangles) and clusters (grey bubbles)
# never use them, so no symbol can be taken for a product group.
GROUP_COLOURS = {
    "FOOD": "#D55E00", "BEV": "#0072B2", "HERB": "#009E73", "TEXT": "#56B4E9", "SOUV": "#CC79A7",
    "CRAFT": "#E69F00", "TOUR": "#F0E442", "ORNA": "#000000", "": "#999999",
}
# Lower bounds of the choropleth classes of *selected producers per commune*; 0 is its own, pale class.
# Greys, so that the coloured group circles above them stay the only colours on the map.
CHOROPLETH_BINS = [(0, "#ffffff"), (1, "#d9d9d9"), (2, "#a6a6a6"), (3, "#737373"), (5, "#404040")]
# The product page (the catalogue's, /products/<id>/); "{id}" is replaced by the product's id.
PRODUCT_URL = "/products/{id}/"
EXPIRING_DAYS = 90
# Page filter → API query parameter (docs/api.md).
API_PARAMS = {
    "group": "group", "stars": "min_stars", "district": "unit", "commune": "unit",
    "legal_form": "legal_form", "expiring": "expiring_within", "q": "q", "stage": "stage", "units_on": "units_on",
}


def province_bounds():
    """[[south, west], [north, east]] of the programme's province, or None before the units are loaded."""
    province = AdminUnit.objects.programme_province().valid_on(report_day()).first()
    if province is None:
        return None
    west, south, east, north = province.geom.extent
    return [[south, west], [north, east]]


def basemap():
    return base_map_config(bounds=province_bounds())


def group_key(code):
    return code.rsplit(".", 1)[-1]


def groups():
    """Product groups of every taxonomy version, with their colour key; `first` marks one legend entry per key.
    A 2026 group (under a sector) takes its sector's key, so "Thực phẩm tươi sống" is drawn as food."""
    seen, rows = set(), []
    for group in ProductGroup.objects.select_related("version", "sector"):
        key = group_key(group.sector.code if group.sector_id else group.code)
        rows.append({"code": group.code, "key": key, "version": group.version.code, "name": group.name,
                     "colour": GROUP_COLOURS.get(key, GROUP_COLOURS[""]), "first": key not in seen})
        seen.add(key)
    return rows


def officer_map(day, has_districts=True):
    """The officer map's settings for the units in force on `day` (`?units_on=`, today by default; #24): the
    choropleth's units and each producer's unit are those of that day; no district boundaries after 2025."""
    return {
        **basemap(),
        "unitsOn": day.isoformat(),
        "api": {
            "producers": API + "producers/",
            "sites": f"{API}sites/?page_size={PAGE_SIZE}",
            "villages": f"{API}villages/?page_size={PAGE_SIZE}",
            "districts": districts_url(day) if has_districts else None,
            "choropleth": f"{API}aggregates/units/?level=commune&units_on={day.isoformat()}",
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
        # Every published site and product at once (one page each), clustered on the map.
        "allSites": f"{API}sites/?page_size={PAGE_SIZE}",
        # OCOP products only (recognised, in force today): the map and near-me label each "OCOP product".
        "allProducts": f"{API}products/?page_size={PAGE_SIZE}&ocop=true",
        "limit": 10,
        "siteUrl": reverse("web:site-detail", args=[0]),
        "productUrl": PRODUCT_URL,
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
        "area": geojson.from_geos(site.area),
        "commune": geojson.from_geos(site.commune.geom) if site.commune else None,
    }
