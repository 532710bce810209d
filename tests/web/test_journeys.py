"""Whole journeys through the visitor map, a site page and the officer map, walked in Chromium as a person does
(a visitor on a phone, in Vietnamese and in English; an officer at 1440×900), checking what is on the screen
against the database or the API, with axe-core on every page and screenshots in test-artifacts/.
"""
import csv
import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from gis_app.registry.models import Evaluation, Producer, Product, Status, TourismSite
from tests.browser import THU_DAU_MOT, Tab, in_thread, serious_violations, session_cookie

pytestmark = pytest.mark.browser

# Okabe–Ito: the colour-blind-safe qualitative palette the product groups use (gis_app/web/map_config.py).
OKABE_ITO = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000"}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "geolocation": THU_DAU_MOT, "permissions": ["geolocation"]}
# A distance as the visitor reads it: "850 m", "1.250 m" and "1,9 km" in Vietnamese; "1,250 m", "1.9 km" in English.
DISTANCE = {"vi": re.compile(r"^(\d{1,3}(\.\d{3})*\u00a0m|\d+,\d\u00a0km|\d+\u00a0km)$"),
            "en": re.compile(r"^(\d{1,3}(,\d{3})*\u00a0m|\d+\.\d\u00a0km|\d+\u00a0km)$")}


@pytest.fixture
def phone_en(browser, server):
    tab = Tab(browser, server, locale="en-US", **PHONE)
    yield tab
    tab.context.close()


@pytest.fixture
def phone_vi(browser, server):
    tab = Tab(browser, server, locale="vi-VN", **PHONE)
    yield tab
    tab.context.close()


@pytest.fixture
def desk(browser, server):
    tab = Tab(browser, server, locale="vi-VN", viewport={"width": 1440, "height": 900}, accept_downloads=True)
    yield tab
    tab.context.close()


def published_counts():
    """Sites and OCOP products (recognised, in force today): the visitor map labels each product "OCOP product"."""
    return TourismSite.objects.published().count(), Product.objects.published().ocop().count()


def small_targets(page):
    """Visible controls of the visitor page smaller than 44×44 px (labels stand for their radio buttons)."""
    return page.evaluate("""() => {
        const selector = 'button, select, input[type=search], .site-nav a, .brand, .kind-filter label, ' +
                         '.result-name a, .leaflet-control-zoom a, .language-switcher select';
        return [...document.querySelectorAll(selector)].filter(e => e.offsetParent !== null).map(e => {
            const r = e.getBoundingClientRect();
            return {what: e.outerHTML.slice(0, 80), w: Math.round(r.width), h: Math.round(r.height)};
        }).filter(t => t.w < 44 || t.h < 44); }""")


def in_viewport(page, selector):
    return page.evaluate("""s => { const r = document.querySelector(s).getBoundingClientRect();
        return r.top >= -1 && r.top < window.innerHeight && r.bottom > 0; }""", selector)


def walk_visitor_journey(tab, language):
    """The visitor's journey, in `language`, on a phone; returns what later checks need."""
    words = {
        "vi": {"near": "Gần tôi", "zoom": "Phóng to", "product_page": "Trang sản phẩm", "close": "Đóng"},
        "en": {"near": "Near me", "zoom": "Zoom in", "product_page": "Product page", "close": "Close"},
    }[language]
    page = tab.goto("/")
    assert page.locator("html").get_attribute("lang") == language

    # Before choosing anything, every published site and OCOP product is on the map (clustered).
    page.wait_for_function("Number(document.body.dataset.overviewLoaded) > 0")
    sites, products = in_thread(published_counts)
    assert page.evaluate("window.ocopVisitorMap.overview.getLayers().length") == sites + products
    assert page.locator(".neutral-cluster").count() > 0
    tab.screenshot(f"journey-visitor-{language}-1-overview")

    # No staff links for an anonymous visitor; Leaflet's controls speak the page's language.
    nav = page.locator(".site-nav a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert not {"/dashboard/", "/admin/", "/supply/"} & set(nav), nav
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == words["zoom"]
    assert page.locator(".leaflet-control-zoom-in").get_attribute("aria-label") == words["zoom"]
    assert small_targets(page) == []

    # "Near me" ranks what is near; distances are written the language's way.
    page.get_by_role("button", name=words["near"]).click()
    page.wait_for_function("Number(document.body.dataset.nearestLoaded) > 0")
    distances = page.locator("#nearest-list .distance").all_inner_texts()
    assert distances and all(DISTANCE[language].match(d.strip()) for d in distances), distances
    decimal = "," if language == "vi" else "."
    assert any(decimal in d and "km" in d for d in distances), distances
    assert small_targets(page) == []

    # A product row links to its product page.
    row = page.locator("#nearest-list li[data-type=product]").first
    product_id = int(row.get_attribute("data-id"))
    assert row.locator(".result-name a").get_attribute("href") == f"/products/{product_id}/"
    product = in_thread(lambda: Product.objects.published().get(pk=product_id))
    assert row.locator(".result-name").inner_text().strip() == product.name

    # Tapping the row (the list is below the map on a phone) brings the map into view, marks the row and
    # opens the product's popup.
    row.scroll_into_view_if_needed()
    assert not in_viewport(page, "#visitor-map")
    row.locator("small").tap()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    page.wait_for_function("(() => { const r = document.getElementById('visitor-map').getBoundingClientRect();"
                           " return r.top >= -1 && r.top < innerHeight; })()")
    assert "selected" in row.get_attribute("class") and row.get_attribute("aria-current") == "true"
    assert product.name in popup.inner_text()
    assert popup.get_by_role("link", name=words["product_page"]).get_attribute("href") == f"/products/{product_id}/"
    assert page.locator(".leaflet-popup-close-button").get_attribute("aria-label") == words["close"]
    tab.screenshot(f"journey-visitor-{language}-2-row-on-map")

    # The address holds the point, the view and the row: opened again, the same row is marked.
    url = page.url
    assert re.search(r"[?&]near=[\d.]+%2C[\d.]+", url) and f"sel=product%3A{product_id}" in url and "z=" in url
    page = tab.goto(url[len(tab.server):])
    page.wait_for_function("Number(document.body.dataset.nearestLoaded) > 0")
    page.locator(f"#nearest-list li.selected[data-id='{product_id}'][data-type=product]").wait_for()
    page.locator(".leaflet-popup-content").wait_for()
    page.wait_for_timeout(400)  # the popup's fade-in: axe would measure the contrast of a half-transparent text
    assert serious_violations(page) == []
    return page


def test_visitor_on_a_phone_in_vietnamese_finds_what_is_near_and_reads_it_offline(phone_vi):
    page = walk_visitor_journey(phone_vi, "vi")

    # On to a site's page, from its row.
    page.locator("input[name=show][value=sites]").check()
    page.wait_for_function("document.body.dataset.nearestLoaded !== ''"
                           " && !document.querySelector('#nearest-list li[data-type=product]')")
    link = page.locator("#nearest-list li[data-type=site] .result-name a").first
    name = link.inner_text().strip()
    link.click()
    page.wait_for_url(re.compile(r"/sites/\d+/$"))
    assert page.locator("h1").inner_text() == name
    assert serious_violations(page) == []
    targets = page.evaluate("""() => [...document.querySelectorAll('.site-detail a, .site-nav a')]
        .filter(e => e.offsetParent !== null && !e.closest('.leaflet-control-attribution'))
        .map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect()])
        .filter(([, r]) => r.width < 44 || r.height < 44).map(([what]) => what)""")
    assert targets == []  # the basemap's attribution, a line of small print, is the one exception
    phone_vi.screenshot("journey-visitor-vi-3-site-page")
    site_url = page.url

    # The app is installable: a manifest with PNG icons, and a service worker controlling the pages.
    manifest = page.evaluate("fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())")
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)

    # In an orchard without signal: the site page and the map (with the area last viewed) still read.
    view = page.evaluate("localStorage.getItem('ocop.visitor.view')")
    assert view and "z=" in view
    phone_vi.context.set_offline(True)
    try:
        page.reload()
        assert page.locator("h1").inner_text() == name
        assert page.locator("#offline-notice").is_visible()
        page.goto(phone_vi.server + "/")
        page.wait_for_function("Number(document.body.dataset.overviewLoaded) > 0")
        sites, products = in_thread(published_counts)
        assert page.evaluate("window.ocopVisitorMap.overview.getLayers().length") == sites + products
        centre = page.evaluate("(() => { const c = window.ocopVisitorMap.map.getCenter();"
                               " return [window.ocopVisitorMap.map.getZoom(), c.lat.toFixed(5), c.lng.toFixed(5)]; })()")
        assert f"z={centre[0]}" in view and f"lat={centre[1]}" in view and f"lon={centre[2]}" in view
        phone_vi.screenshot("journey-visitor-vi-4-offline")
    finally:
        phone_vi.context.set_offline(False)
    assert site_url
    phone_vi.errors = [e for e in phone_vi.errors if "ERR_INTERNET_DISCONNECTED" not in e]
    phone_vi.assert_clean()


def test_visitor_on_a_phone_in_english(phone_en):
    page = walk_visitor_journey(phone_en, "en")
    assert page.locator("#visitor-status").inner_text().strip().endswith("nearest first.")
    phone_en.assert_clean()


# --- The officer ------------------------------------------------------------------------------------------------

def producers_drawn(page):
    handle = page.wait_for_function("document.body.dataset.producersLoaded !== undefined"
                                    " && document.body.dataset.producersLoaded !== ''"
                                    " && document.body.dataset.producersLoaded")
    return int(handle.json_value())


def api_producers(tab, query):
    response = tab.page.request.get(f"{tab.server}/api/v1/producers/?page_size=1000&{query}")
    assert response.ok, response.text()
    return response.json()["features"]


def expiring_ends(days):
    """Each published producer's soonest end of a recognition in force that ends within `days` days."""
    today = timezone.localdate()
    ends = {}
    for evaluation in Evaluation.objects.filter(
            decision_date__lte=today, valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=days),
            product__status=Status.PUBLISHED, product__producer__status=Status.PUBLISHED).select_related("product"):
        producer = evaluation.product.producer_id
        ends[producer] = min(ends.get(producer, evaluation.valid_until), evaluation.valid_until)
    return ends


def download_csv(page):
    with page.expect_download() as download:
        page.locator("#download-csv").click()
    return list(csv.DictReader(Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()))


@pytest.fixture
def officer_cookie(server):
    users = get_user_model().objects
    user, cookie = session_cookie(
        server, lambda: users.create_user("journey-officer", password=None, is_staff=True, is_superuser=True))
    yield cookie
    in_thread(user.delete)


def test_officer_filters_the_map_shares_the_view_downloads_and_embeds_it(desk):
    page = desk.goto("/map/")
    total = producers_drawn(page)
    assert total == in_thread(lambda: Producer.objects.published().count())
    page.wait_for_function("window.ocopOfficerMap.choropleth.getLayers().length > 0")

    # One palette, told apart by colour-blind readers; sites, villages and clusters drawn differently.
    swatches = page.locator(".layer-legend .swatch.round").evaluate_all(
        "spans => spans.map(s => s.style.background)")
    colours = {page.evaluate("c => { const d = document.createElement('div'); d.style.color = c;"
                             " document.body.append(d); const v = getComputedStyle(d).color; d.remove(); return v; }", c)
               for c in swatches}
    okabe_rgb = {f"rgb({int(h[1:3], 16)}, {int(h[3:5], 16)}, {int(h[5:7], 16)})" for h in OKABE_ITO}
    assert len(colours) == len(swatches) and colours <= okabe_rgb
    assert page.locator(".site-marker").count() == in_thread(lambda: TourismSite.objects.published().count())
    assert page.locator(".village-marker").count() > 0
    cluster = page.locator(".neutral-cluster").first
    assert cluster.evaluate("e => getComputedStyle(e).backgroundColor") not in okabe_rgb
    # Every layer of the layer switcher is in the legend, by the same symbol.
    for symbol in page.locator(".leaflet-control-layers-overlays .legend-symbol").evaluate_all(
            "spans => spans.map(s => s.className.replace('legend-symbol', '').trim())"):
        if symbol != "swatch-none" and symbol != "product":
            assert page.locator(f".layer-legend .legend-symbol.{symbol}").count() == 1, symbol
    toggle = page.locator(".leaflet-control-layers-toggle")
    assert toggle.get_attribute("title") == toggle.get_attribute("aria-label") == "Lớp bản đồ"
    assert page.locator(".leaflet-control-zoom-out").get_attribute("title") == "Thu nhỏ"
    assert serious_violations(page) == []
    desk.screenshot("journey-officer-1-all")

    # Filter: 4 stars or more. The table, the markers and the choropleth all count the selection.
    page.evaluate("document.body.dataset.producersLoaded = ''")
    page.get_by_label("Hạng sao").select_option("4")
    selected = producers_drawn(page)
    expected = api_producers(desk, "min_stars=4")
    assert 0 < selected == len(expected) < total
    legend = page.locator("[data-testid=legend-filters]").inner_text()
    assert "Hạng sao: từ 4 sao trở lên" in legend
    shown = page.evaluate("window.ocopOfficerMap.perCommune()")
    communes = {f["properties"]["unit"]["code"] for f in expected}  # today's wards (#24), not the filed commune
    for code in sorted(communes)[:6]:
        # Independently: the API's own commune filter, with the same stars.
        assert shown[code] == len(api_producers(desk, f"min_stars=4&unit={code}")), code
    fills = page.evaluate("""() => { const out = {};
        window.ocopOfficerMap.choropleth.eachLayer(l => { out[l.feature.properties.code] = l.options.fillColor; });
        return out; }""")
    unselected = next(code for code in fills if code not in communes)
    assert fills[unselected] == "#ffffff" and all(fills[code] != "#ffffff" for code in communes)

    # The view and the filters are in the address: a colleague opening it sees the same selection.
    row = page.locator("#producer-table tbody tr").nth(1)
    producer_id = row.get_attribute("data-id")
    row.click()
    page.locator(".leaflet-popup-content").wait_for()
    page.wait_for_timeout(500)  # the map's move ends, and the address follows
    url = page.url
    assert "stars=4" in url and f"sel={producer_id}" in url and "z=" in url
    desk.screenshot("journey-officer-2-stars")
    second = desk.context.new_page()
    second.goto(url)
    assert producers_drawn(second) == selected
    assert second.get_by_label("Hạng sao").input_value() == "4"
    second.locator(f"#producer-table tr.selected[data-id='{producer_id}']").wait_for()
    second.locator(".leaflet-popup-content").wait_for()
    zoom = int(re.search(r"[?&]z=(\d+)", url).group(1))
    assert second.evaluate("window.ocopOfficerMap.map.getZoom()") == zoom
    second.close()

    # Keyboard: the focus on a table row is visible.
    page.locator("#producer-table tbody tr").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), outline

    # CSV of recognitions about to expire: Vietnamese titles, groups in words, the end date; no private contacts.
    page.evaluate("document.body.dataset.producersLoaded = ''")
    page.get_by_label("Hạng sao").select_option("")
    assert producers_drawn(page) == total
    page.evaluate("document.body.dataset.producersLoaded = ''")
    page.locator("input[name=expiring]").check()
    expiring = producers_drawn(page)
    rows = download_csv(page)
    assert len(rows) == expiring > 0
    ends = in_thread(expiring_ends, 90)
    names = in_thread(lambda: dict(Producer.objects.values_list("name", "pk")))
    for row in rows:
        assert row["Công nhận còn hiệu lực đến"] == ends[names[row["Chủ thể OCOP"]]].strftime("%d/%m/%Y")
        assert row["Nhóm sản phẩm"] and "2023." not in row["Nhóm sản phẩm"] and "2019." not in row["Nhóm sản phẩm"]
    assert not any("riêng" in title for title in rows[0])
    assert "Kinh độ" in rows[0] and "Vĩ độ" in rows[0]

    # Embedding: a copyable <iframe> of this view, whose page may be framed and shows the map alone.
    page.locator(".embed-snippet summary").click()
    code = page.locator("#embed-code").input_value()
    src = re.search(r'<iframe src="([^"]+)"', code).group(1).replace("&amp;", "&")
    assert "embed=1" in src and "expiring=1" in src
    response = page.request.get(src)
    assert "frame-ancestors *" in response.headers["content-security-policy"]
    assert "x-frame-options" not in response.headers
    embed = desk.context.new_page()
    embed.goto(src)
    assert producers_drawn(embed) == expiring
    assert not embed.locator(".site-header").is_visible() and not embed.locator("#producer-filters").is_visible()
    assert embed.locator("#officer-map").bounding_box()["height"] > 800
    embed.locator(".embed-legend summary").click()
    assert embed.locator(".embed-legend .swatch.round").count() == len(swatches)
    assert embed.locator(".embed-legend .legend-symbol.site-officer").is_visible()
    assert serious_violations(embed) == []
    embed.screenshot(path=str(Path(settings.BASE_DIR) / "test-artifacts" / "journey-officer-3-embed.png"))
    embed.close()
    desk.assert_clean()


def test_officer_csv_in_english_and_private_contacts_only_for_staff(desk, officer_cookie):
    desk.context.add_cookies([officer_cookie])
    page = desk.goto("/map/")
    producers_drawn(page)
    page.select_option(".language-switcher select", "en")
    page.wait_for_selector("html[lang=en]")
    producers_drawn(page)
    rows = download_csv(page)
    assert rows and {"OCOP producer", "Product groups", "Longitude", "Latitude"} <= set(rows[0])
    # Staff may see private contacts (gis_app/accounts/rules.py): the API gives them, the file keeps them.
    assert "Private phone" in rows[0]
    private = in_thread(lambda: dict(Producer.objects.exclude(private_phone="").values_list("name", "private_phone")))
    assert any(row["Private phone"] == private.get(row["OCOP producer"]) for row in rows if row["OCOP producer"] in private)
    # Staff see the overview link.
    assert page.locator(".site-nav a[href='/dashboard/']").inner_text() == "Overview"
    desk.assert_clean()


def test_the_product_page_has_no_serious_accessibility_violation(tab):
    product = in_thread(lambda: Product.objects.published().order_by("pk").first())
    response = tab.page.request.get(f"{tab.server}/products/{product.pk}/")
    assert response.status == 200, response.status
    page = tab.goto(f"/products/{product.pk}/")
    assert serious_violations(page) == []
