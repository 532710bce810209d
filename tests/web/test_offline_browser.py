"""Offline after one visit, in Chromium's offline mode (Playwright's `context.set_offline(True)`): every public page
visited once opens again, dated with the time its copy was fetched; near-me ranks what is on the map by distance
from the position; every offline message is in the page's language; a page never opened says it is not
available offline, in the page's language, instead of showing another page under its address.

Chromium's offline mode does not reach a service worker's own requests (microsoft/playwright#2311): this module's
browser reports the worker's requests to Playwright (PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS), and
`offline(tab)` refuses them as a lost connection does, so the worker truly answers from what it kept.
Expected rankings come from pyproj's Geod over the database's published records.
"""
import contextlib
import os
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import sync_playwright
from pyproj import Geod

from gis_app.registry.models import Producer, Product, TourismSite
from gis_app.tours.models import Tour
from tests.browser import CHROMIUM, CHROMIUM_ARGS, THU_DAU_MOT, Tab, in_thread, serious_violations, session_cookie

pytestmark = pytest.mark.browser
GEOD = Geod(ellps="WGS84")
# "cập nhật lúc 15:30 ngày 07/12/2026" / "updated at 15:30 on 07/12/2026": 24-hour time, dd/mm/yyyy.
UPDATED = {"vi": re.compile(r"cập nhật lúc \d{2}:\d{2} ngày \d{2}/\d{2}/\d{4}"),
           "en": re.compile(r"updated at \d{2}:\d{2} on \d{2}/\d{2}/\d{4}")}
BROWSER_WORDS = ("Failed to fetch", "ERR_INTERNET_DISCONNECTED", "NetworkError", "Load failed")


@pytest.fixture(scope="module")
def browser(server):
    """tests/browser.py's browser, with the service worker's requests seen (and so refusable) by Playwright."""
    before = os.environ.get("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS")
    os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = "1"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if before is None:
            os.environ.pop("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS")
        else:
            os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = before


def refuse(route):
    route.abort("internetdisconnected")


@contextlib.contextmanager
def offline(tab):
    """The device without a connection: the pages (Chromium's offline mode) and the worker's own requests."""
    tab.context.set_offline(True)
    tab.context.route("**/*", refuse)
    try:
        yield
    finally:
        tab.context.unroute("**/*", refuse)
        tab.context.set_offline(False)


def public_pages():
    """Every kind of public page, one address each: the maps, the catalogue (and one of its queries), a site,
    a producer, a product, the fairs and the tour routes (and one published route, when the demo has one)."""
    site = TourismSite.objects.published().order_by("pk").first()
    product = Product.objects.published().order_by("pk").first()
    producer = Producer.objects.published().order_by("pk").first()
    pages = ["/", "/map/", "/products/", "/products/?stars=4", f"/sites/{site.pk}/", f"/products/{product.pk}/",
             f"/producers/{producer.pk}/", "/events/", "/tours/"]
    tour = Tour.objects.filter(status=Tour.Status.PUBLISHED).order_by("pk").first()
    return pages + ([f"/tours/{tour.pk}/"] if tour else [])


def unvisited_site():
    return TourismSite.objects.published().order_by("-pk").first().pk


def wait_for_worker(page):
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)


def until(page, expression, arg=None, tries=150):
    """Poll `expression` (it may return a promise, which page.evaluate awaits) until it is true, every 100 ms."""
    for _ in range(tries):
        if page.evaluate(expression, arg):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {expression} {arg}")


def wait_for_kept(page, cache, path):
    """Until the worker has kept a copy of `path` (any query) in `cache`: the first page is kept after it loads."""
    until(page, """([cache, path]) => caches.open(cache).then(c => c.keys()).then(keys => keys.some(
        r => new URL(r.url).pathname === path))""", [cache, path])


def heading(page):
    return page.locator("h1").first.inner_text().strip()


def drop_offline_errors(tab):
    """Chromium's own console lines for the requests refused offline (not the page's words)."""
    tab.errors = [e for e in tab.errors if "ERR_INTERNET_DISCONNECTED" not in e and "Failed to load resource" not in e]


@pytest.fixture
def english_phone(browser, server):
    tab = Tab(browser, server, locale="en-US", viewport={"width": 390, "height": 844}, is_mobile=True,
              has_touch=True, geolocation=THU_DAU_MOT, permissions=["geolocation"])
    yield tab
    tab.context.close()


def test_each_public_page_visited_once_opens_offline_dated_with_its_copy(tab):
    pages = in_thread(public_pages)
    page = tab.goto(pages[0])
    wait_for_worker(page)
    online = {}
    for path in pages:
        page = tab.goto(path)
        online[path] = heading(page)
        if path == "/map/":
            page.wait_for_function("Number(document.body.dataset.producersLoaded) > 0")
    # The first page was opened before the worker ran: it was kept once the worker was ready.
    with offline(tab):
        for path in pages:
            page = tab.goto(path)
            assert heading(page) == online[path], path
            banner = page.locator("#offline-notice")
            assert banner.is_visible(), path
            assert UPDATED["vi"].search(banner.inner_text()), (path, banner.inner_text())
        # The map pages draw the data they last loaded, dated in the page's language.
        page = tab.goto("/map/")
        page.wait_for_function("Number(document.body.dataset.producersLoaded) > 0")
        status = page.locator("#map-status").inner_text()
        assert status.startswith("Bạn đang ngoại tuyến: dữ liệu cập nhật lúc") and UPDATED["vi"].search(status), status
        page = tab.goto("/?lat=11.0&lon=106.6&z=12")  # the visitor map keeps its state in its address
        page.wait_for_function("Number(document.body.dataset.overviewLoaded) > 0")
        assert UPDATED["vi"].search(page.locator("#visitor-status").inner_text())
    drop_offline_errors(tab)
    tab.assert_clean()


def test_the_first_page_opened_is_kept_with_its_data(tab):
    page = tab.goto("/map/")
    page.wait_for_function("Number(document.body.dataset.producersLoaded) > 0")
    wait_for_worker(page)
    wait_for_kept(page, "ocop-pages", "/map/")
    wait_for_kept(page, "ocop-data", "/api/v1/producers/")
    with offline(tab):
        page = tab.goto("/map/")
        page.wait_for_function("Number(document.body.dataset.producersLoaded) > 0")
        assert page.locator("#offline-notice").is_visible()
    drop_offline_errors(tab)
    tab.assert_clean()


def nearest_by_geodesic(lon, lat, limit):
    """The `limit` nearest published sites and OCOP products (each kind), by WGS84 geodesic distance."""
    def ranked(records, kind, where):
        located = [(GEOD.inv(lon, lat, where(r).x, where(r).y)[2], kind, r.pk) for r in records if where(r)]
        return sorted(located)[:limit]
    sites = ranked(TourismSite.objects.published(), "site", lambda site: site.location)
    # A product is where its producer is.
    products = ranked(Product.objects.published().ocop().select_related("producer"), "product",
                      lambda product: product.producer.location)
    return sites, products


def test_near_me_offline_ranks_what_is_on_the_map_by_distance(phone_tab):
    page = phone_tab.goto("/")
    page.wait_for_function("Number(document.body.dataset.overviewLoaded) > 0")
    wait_for_worker(page)
    with offline(phone_tab):
        page.get_by_role("button", name="Gần tôi").click()
        page.wait_for_function("Number(document.body.dataset.nearestLoaded) > 0")
        status = page.locator("#visitor-status").inner_text()
        assert page.evaluate("document.body.dataset.nearestOffline") == "true"
        assert status.startswith("Bạn đang ngoại tuyến: xếp hạng từ các điểm đến và sản phẩm đã tải lần trước")
        assert UPDATED["vi"].search(status), status
        assert not any(words in status for words in BROWSER_WORDS), status
        rows = page.locator("#nearest-list li").evaluate_all(
            "rows => rows.map(r => [r.dataset.type, Number(r.dataset.id), r.querySelector('.distance').textContent])")
    limit = 10
    sites, products = in_thread(nearest_by_geodesic, THU_DAU_MOT["longitude"], THU_DAU_MOT["latitude"], limit)
    expected = sorted(sites + products)
    assert [(kind, pk) for kind, pk, _ in rows] == [(kind, pk) for _, kind, pk in expected]
    # Distances are written the Vietnamese way ("850 m", "1,9 km").
    assert all(re.match(r"^(\d{1,3}(\.\d{3})*\u00a0m|\d+,\d\u00a0km|\d+\u00a0km)$", d) for _, _, d in rows), rows
    drop_offline_errors(phone_tab)
    phone_tab.assert_clean()


def test_offline_messages_are_in_the_pages_language(english_phone):
    page = english_phone.goto("/")
    page.wait_for_function("Number(document.body.dataset.overviewLoaded) > 0")
    wait_for_worker(page)
    wait_for_kept(page, "ocop-pages", "/")
    with offline(english_phone):
        page.get_by_role("button", name="Near me").click()
        page.wait_for_function("Number(document.body.dataset.nearestLoaded) > 0")
        status = page.locator("#visitor-status").inner_text()
        assert status.startswith("You are offline: ranked from the places and products last loaded")
        assert UPDATED["en"].search(status), status
        # A search needs the network: the page says so in its own words, not the browser's.
        page.fill("#place-search input[name=q]", "trà")
        page.locator("#place-search button[type=submit]").click()
        page.wait_for_function("document.getElementById('visitor-status').textContent.startsWith('You are offline,')")
        status = page.locator("#visitor-status").inner_text()
        assert status == "You are offline, and this data was not saved on an earlier visit.", status
        page = english_phone.goto("/")
        banner = page.locator("#offline-notice").inner_text()
        assert banner.startswith("You are offline: this is the copy saved on your last visit") and UPDATED["en"].search(banner)
    drop_offline_errors(english_phone)
    english_phone.assert_clean()


@pytest.mark.parametrize("language, title", [("vi", "Trang này không xem được khi ngoại tuyến"),
                                             ("en", "This page is not available offline")])
def test_a_page_never_opened_says_it_is_not_available_offline(browser, server, language, title):
    tab = Tab(browser, server, locale={"vi": "vi-VN", "en": "en-US"}[language])
    try:
        page = tab.goto("/")
        page.wait_for_function("Number(document.body.dataset.overviewLoaded) > 0")
        wait_for_worker(page)
        home = heading(page)
        pk = in_thread(unvisited_site)
        with offline(tab):
            page = tab.goto(f"/sites/{pk}/")
            assert page.url.endswith(f"/sites/{pk}/")
            assert page.locator("html").get_attribute("lang") == language
            assert heading(page) == title and heading(page) != home
            assert page.locator("#offline-notice").count() == 0  # the page itself says it; no banner on top
            assert page.locator(".site-account .account-name").count() == 0
            assert serious_violations(page) == []
        drop_offline_errors(tab)
        tab.assert_clean()
    finally:
        tab.context.close()


def test_logging_out_forgets_the_kept_pages_and_data(tab, server):
    """An account may see more than the public: what was kept while logged in goes with the logout."""
    user, cookie = session_cookie(server, lambda: get_user_model().objects.create_user(
        "offline-officer", first_name="Hoa", last_name="Trần", password=None, is_staff=True, is_superuser=True))
    try:
        tab.context.add_cookies([cookie])
        page = tab.goto("/map/")
        page.wait_for_function("Number(document.body.dataset.producersLoaded) > 0")
        wait_for_worker(page)
        wait_for_kept(page, "ocop-pages", "/map/")
        wait_for_kept(page, "ocop-data", "/api/v1/producers/")
        page.locator(".site-header").get_by_role("button", name="Đăng xuất").click()
        page.wait_for_url(re.compile(r"/accounts/logout/$"))
        until(page, "Promise.all([caches.has('ocop-pages'), caches.has('ocop-data')])"
                    ".then(([pages, data]) => !pages && !data)", tries=50)
        assert page.evaluate("caches.keys()")  # the shell (scripts, styles, offline pages) stays
    finally:
        in_thread(user.delete)
    tab.assert_clean()


def product_with_a_photo():
    from gis_app.photos.models import Photo

    photo = Photo.objects.published().filter(product__isnull=False).order_by("pk").first()
    return photo.product_id if photo else None


def test_a_kept_product_page_shows_its_photos_offline(tab):
    pk = in_thread(product_with_a_photo)
    if pk is None:
        pytest.skip("the demo has no published product photo")
    page = tab.goto("/")
    wait_for_worker(page)
    page = tab.goto(f"/products/{pk}/")
    image = page.locator(".photos img, figure img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    with offline(tab):
        page = tab.goto(f"/products/{pk}/")
        image = page.locator(".photos img, figure img").first
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete", arg=image.element_handle())
        assert image.evaluate("img => img.naturalWidth") > 0
    drop_offline_errors(tab)
    tab.assert_clean()
