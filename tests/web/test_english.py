"""English and Vietnamese, each where it belongs (#26 item 7): the API's *_en fields, the admin wholly in
Vietnamese (app names, Django's own strings its Vietnamese catalogue lacks), the admin's search by phone number
and registry code, one attribution text per language, the supply CSV headed in the request's language.
"""
import csv
import io
import json
import re
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.utils import translation

from gis_app.core.basemap import tiles_attribution
from gis_app.registry.models import CraftVillage, Producer, Product, TourismSite
from gis_app.sales.models import PointOfSale

pytestmark = pytest.mark.django_db

DJANGO_ADMIN_EN = Path(django.__file__).parent / "contrib" / "admin" / "locale" / "en" / "LC_MESSAGES"


# --- The API's English fields ---------------------------------------------------------------------


def properties(body):
    """A detail's properties, whether it came as a GeoJSON feature or as a plain object."""
    return body.get("properties", body)


@pytest.mark.parametrize("path, model", [("products", Product), ("sites", TourismSite), ("villages", CraftVillage)])
def test_list_and_detail_carry_the_english_name_and_description(client, path, model):
    record = (model.objects.published().ocop() if model is Product else model.objects.published()).first()
    model.objects.filter(pk=record.pk).update(name_en="An English name", description_en="An English description.")
    detail = properties(client.get(f"/api/v1/{path}/{record.pk}/").json())
    assert detail["name_en"] == "An English name" and detail["description_en"] == "An English description."
    assert detail["name"] == record.name  # the official Vietnamese text stays `name`
    rows = client.get(f"/api/v1/{path}/", {"page_size": 100}).json()["features"]
    row = next(f for f in rows if f["properties"]["id"] == record.pk)
    assert row["properties"]["name_en"] == "An English name"
    assert row["properties"]["description_en"] == "An English description."


def test_english_fields_are_empty_strings_when_none_was_entered(client):
    site = TourismSite.objects.published().first()
    TourismSite.objects.filter(pk=site.pk).update(name_en="", description_en="")
    row = properties(client.get(f"/api/v1/sites/{site.pk}/").json())
    assert row["name_en"] == "" and row["description_en"] == ""


def test_near_me_rows_carry_the_english_name_the_visitor_page_shows(client):
    site = TourismSite.objects.published().first()
    TourismSite.objects.filter(pk=site.pk).update(name_en="Orchard of the test")
    rows = client.get("/api/v1/sites/", {"nearest": f"{site.location.x},{site.location.y}", "limit": 3}).json()
    assert rows["features"][0]["properties"]["name_en"] == "Orchard of the test"
    script = (Path(settings.BASE_DIR) / "gis_app/web/static/web/visitor_map.js").read_text()
    # Every name the visitor map shows goes through OCOP.name (name_en on English pages where filled).
    assert 'OCOP.prop(feature, ["name"])' not in script and "OCOP.name(feature)" in script


# --- The admin in Vietnamese ----------------------------------------------------------------------


def project_apps():
    return [config for config in apps.get_app_configs()
            if config.name.startswith("gis_app.") or config.name == "layers"]


def test_every_project_app_has_a_name_translated_into_vietnamese():
    untranslated = []
    for config in project_apps():
        with translation.override("en"):
            english = str(config.verbose_name)
        with translation.override("vi"):
            vietnamese = str(config.verbose_name)
        if english == vietnamese:
            untranslated.append((config.label, english, vietnamese))
    assert untranslated == []


def test_admin_index_names_the_apps_in_vietnamese(admin_client_vi):
    page = admin_client_vi.get("/admin/").content.decode()
    for english, vietnamese in [("Imports", "Nhập dữ liệu"), ("Tours", "Tuyến tham quan")]:
        assert vietnamese in page
        assert f">{english}<" not in page


def shows(page, text):
    """`text` is in the page, as it is or as JSON writes it (non-ASCII escaped)."""
    return text in page or json.dumps(text)[1:-1] in page


def po_msgids(path):
    """The singular msgids of a .po file (multi-line ones joined)."""
    ids, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current = [line[7:-1]]
            ids.append(current)
        elif line.startswith('"') and current is not None:
            current.append(line[1:-1])
        else:
            current = None
    return [bytes("".join(parts), "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
            for parts in ids if "".join(parts)]


def test_every_string_of_djangos_admin_has_a_vietnamese_translation():
    """Django's Vietnamese catalogue lacks some ("Show counts", "Skip to main content"…): the project completes it."""
    from django.utils.translation.trans_real import translation as catalogue_of

    catalogue = catalogue_of("vi")._catalog  # Django's catalogues merged with the project's
    # (Some are translated as themselves, "LogEntry Object": present in the catalogue, so not missing.)
    untranslated = [msgid for msgid in po_msgids(DJANGO_ADMIN_EN / "django.po")
                    if msgid not in catalogue and (msgid, 0) not in catalogue]
    assert untranslated == []


def test_admin_script_strings_have_a_vietnamese_translation(admin_client_vi):
    catalogue = admin_client_vi.get("/admin/jsi18n/").content.decode()
    for english, vietnamese in [("Choose all %s", "Chọn tất cả %s"), ("Sunday", "Chủ nhật")]:
        assert shows(catalogue, vietnamese), english


def test_the_change_list_offers_show_counts_in_vietnamese(admin_client_vi):
    page = admin_client_vi.get("/admin/registry/producer/").content.decode()
    assert "Hiện số lượng" in page and "Show counts" not in page
    page = admin_client_vi.get("/admin/registry/producer/", {"_facets": "True"}).content.decode()
    assert "Ẩn số lượng" in page and "Hide counts" not in page


# --- The admin's search by phone and registry code ------------------------------------------------


def admin_hits(client, path, term):
    page = client.get(path, {"q": term}).content.decode()
    return set(int(pk) for pk in re.findall(r'name="_selected_action" value="(\d+)"', page))


@pytest.fixture
def phoned_producer():
    producer = Producer.objects.published().first()
    Producer.objects.filter(pk=producer.pk).update(public_phone="0274 3822 123", private_phone="0912 000 777")
    return producer


@pytest.mark.parametrize("term", ["0274 3822 123", "0274.3822.123", "02743822123", "+84 274 3822123", "3822123"])
def test_admin_finds_a_producer_by_its_public_phone_whatever_the_spacing(admin_client_vi, phoned_producer, term):
    assert phoned_producer.pk in admin_hits(admin_client_vi, "/admin/registry/producer/", term)


def test_admin_phone_search_finds_only_the_producer_with_that_number(admin_client_vi, phoned_producer):
    expected = {p.pk for p in Producer.objects.all() if re.sub(r"\D", "", p.public_phone).endswith("2743822123")}
    assert admin_hits(admin_client_vi, "/admin/registry/producer/", "0274 3822 123") == expected


def test_admin_search_never_matches_a_private_phone(admin_client_vi, phoned_producer):
    assert phoned_producer.pk not in admin_hits(admin_client_vi, "/admin/registry/producer/", "0912 000 777")


def test_admin_finds_products_by_their_producers_phone_and_by_registry_code(admin_client_vi, phoned_producer):
    products = set(phoned_producer.products.values_list("pk", flat=True))
    assert products and products <= admin_hits(admin_client_vi, "/admin/registry/product/", "0274.3822.123")
    product = Product.objects.exclude(ref=None).exclude(ref="").first()
    assert product.pk in admin_hits(admin_client_vi, "/admin/registry/product/", product.ref)
    producer = Producer.objects.exclude(ref=None).exclude(ref="").first()
    assert producer.pk in admin_hits(admin_client_vi, "/admin/registry/producer/", producer.ref)


def test_admin_finds_sites_and_points_of_sale_by_phone(admin_client_vi):
    site = TourismSite.objects.first()
    TourismSite.objects.filter(pk=site.pk).update(phone="(0274) 365-4321")
    assert site.pk in admin_hits(admin_client_vi, "/admin/registry/tourismsite/", "0274 3654 321")
    outlet = PointOfSale.objects.first()
    PointOfSale.objects.filter(pk=outlet.pk).update(phone="0650.388.9999")
    assert outlet.pk in admin_hits(admin_client_vi, "/admin/sales/pointofsale/", "0650 388 9999")


def test_a_year_or_a_short_number_is_not_taken_for_a_phone(admin_client_vi, phoned_producer):
    from gis_app.core.phone_search import phone_digits

    assert phone_digits("2023") == "" and phone_digits("OCOP-74-0012") == ""
    assert phone_digits("+84 274 3822 123") == phone_digits("0274 3822 123") == "2743822123"


# --- One attribution text per language ------------------------------------------------------------


def test_the_basemap_attribution_is_one_text_in_each_language(settings):
    settings.OCOP_TILES_ATTRIBUTION = "© OpenStreetMap contributors"
    with translation.override("vi"):
        assert tiles_attribution() == "© Những người đóng góp cho OpenStreetMap"
    with translation.override("en"):
        assert tiles_attribution() == "© OpenStreetMap contributors"
    settings.OCOP_TILES_ATTRIBUTION = "© Another provider"  # a custom attribution is shown as set
    with translation.override("vi"):
        assert tiles_attribution() == "© Another provider"


def test_every_map_shows_the_attribution_in_the_page_language(settings):
    settings.OCOP_TILES_URL = "https://tile.example.org/{z}/{x}/{y}.png"
    settings.OCOP_TILES_ATTRIBUTION = "© OpenStreetMap contributors"
    vietnamese = "© Những người đóng góp cho OpenStreetMap"
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    product = Product.objects.published().ocop().first()
    for path in ["/", f"/products/{product.pk}/", "/events/"]:
        page = client.get(path).content.decode()
        assert shows(page, vietnamese) and "OpenStreetMap contributors" not in page, path
    style = client.get("/tiles/style.json").json()
    assert style["sources"]["basemap"]["attribution"] == vietnamese
    # The admin's map widgets (django-leaflet) read the same text, lazily, in the page's language.
    attrs = settings.LEAFLET_CONFIG["TILES"][0][2]
    with translation.override("vi"):
        assert str(attrs["attribution"]) == vietnamese
    with translation.override("en"):
        assert str(attrs["attribution"]) == "© OpenStreetMap contributors"


# --- The supply CSV -------------------------------------------------------------------------------


@pytest.mark.parametrize("language, header", [
    ("vi", ["Cụm", "Số chủ thể trong cụm", "Mã định danh chủ thể", "Mã đăng ký", "Tên", "Kinh độ", "Vĩ độ",
            "Kinh độ tâm cụm", "Vĩ độ tâm cụm"]),
    ("en", ["Cluster", "Cluster size (producers)", "Producer ID", "Registry code", "Name", "Longitude", "Latitude",
            "Cluster centroid longitude", "Cluster centroid latitude"]),
])
def test_supply_csv_is_headed_in_the_request_language(client, admin_user, language, header):
    client.force_login(admin_user)
    response = client.get("/api/v1/supply/clusters/export.csv", {"method": "kmeans", "k": 3},
                          HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == header
