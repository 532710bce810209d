"""The map pages and the dashboard in Debian's Chromium, driven by Playwright, against a live server.

The server reads the demo province committed once per session (tests/conftest.py). pytest-django's
`live_server` fixture would force `transactional_db`, whose flush after each test erases that province
for every later test, so this module runs the same `LiveServer` itself with the database unblocked and
removes what its tests add. No request leaves the machine: the basemap is off and any other host is refused.
"""
import csv
import json
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from pyproj import Geod

from gis_app.registry.models import Producer, Status, TourismSite
from tests.browser import THU_DAU_MOT, in_thread, session_cookie  # noqa: E402

pytestmark = pytest.mark.browser


def published_producers():
    return Producer.objects.published().count()


def api_count(tab, path):
    """The number of features the API reports for `path` (its `count`, or the features of every page)."""
    response = tab.page.request.get(tab.server + path)
    assert response.ok, response.text()
    body = response.json()
    if "count" in body:
        return body["count"]
    total, url = 0, tab.server + path
    while url:
        body = tab.page.request.get(url).json()
        total += len(body["features"])
        url = body.get("next")
    return total


def producers_drawn(page):
    page.wait_for_function("document.body.dataset.producersLoaded !== undefined"
                           " && document.body.dataset.producersLoaded !== ''")
    return page.evaluate("""() => ({
        loaded: Number(document.body.dataset.producersLoaded),
        markers: window.ocopOfficerMap.producers.getLayers().length,
        rows: document.querySelectorAll('#producer-table tbody tr').length })""")


def test_officer_map_draws_as_many_producers_as_the_api_counts_for_each_filter(tab):
    page = tab.goto("/map/")
    drawn = producers_drawn(page)
    expected = api_count(tab, "/api/v1/producers/")
    assert expected == in_thread(published_producers) > 0
    assert drawn == {"loaded": expected, "markers": expected, "rows": expected}
    page.wait_for_selector("[data-testid=choropleth-legend]")
    tab.screenshot("officer-map")

    # One filter at a time, as an officer would set it; each must change the selection.
    # Today's wards by default; the pre-2025 district and commune on the map of 30/06/2025 (#24).
    old = "units_on=2025-06-30"
    filters = [
        ("select[name=stars]", "4", "min_stars=4"),
        ("select[name=group]", "2023.CRAFT", "group=2023.CRAFT"),
        ("select[name=commune]", "25747", "unit=25747"),
        ("select[name=district]", "718", f"unit=718&{old}"),
        ("select[name=commune]", "25771", f"unit=25771&{old}"),
        ("select[name=legal_form]", "household", "legal_form=household"),
        ("input[name=expiring]", True, "expiring_within=90"),
        ("input[name=q]", "gốm", "q=g%E1%BB%91m"),
    ]
    for selector, value, query in filters:
        page = tab.goto(f"/map/?{old}" if old in query else "/map/")
        producers_drawn(page)
        page.evaluate("document.body.dataset.producersLoaded = ''")
        if value is True:
            page.locator(selector).check()
        elif selector.startswith("select"):
            page.select_option(selector, value)
        else:
            page.locator(selector).fill(value)
        drawn = producers_drawn(page)
        expected = api_count(tab, f"/api/v1/producers/?{query}")
        assert 0 < expected < in_thread(published_producers), query
        assert drawn == {"loaded": expected, "markers": expected, "rows": expected}, query
    tab.assert_clean()


def test_clicking_a_row_opens_the_popup_and_clicking_a_marker_highlights_its_row(tab):
    page = tab.goto("/map/")
    producers_drawn(page)
    row = page.locator("#producer-table tbody tr").nth(3)
    name = row.locator("td").first.inner_text().strip()
    row.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert name in popup.inner_text()
    page.evaluate("window.ocopOfficerMap.map.closePopup()")
    page.evaluate("document.querySelectorAll('#producer-table tr.selected').forEach(r => r.classList.remove('selected'))")

    # The row's producer is now on screen, outside any cluster: click its own marker where it is drawn.
    producer_id = row.get_attribute("data-id")
    page.wait_for_timeout(400)  # let the map finish panning
    box = page.evaluate("""id => {
        const r = window.ocopOfficerMap.state().markers[id].getElement().getBoundingClientRect();
        return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }""", producer_id)
    page.mouse.click(box["x"], box["y"])
    popup.wait_for()
    assert name in popup.inner_text()
    assert page.locator("#producer-table tr.selected").get_attribute("data-id") == producer_id
    tab.assert_clean()


def nearest_site_by_geodesic_distance(latitude, longitude):
    geod = Geod(ellps="WGS84")
    sites = in_thread(lambda: list(TourismSite.objects.published()))
    distances = {site.name: geod.inv(longitude, latitude, site.location.x, site.location.y)[2] for site in sites}
    name = min(distances, key=distances.get)
    return name, distances[name]


def test_near_me_lists_the_nearest_published_site_first(phone_tab):
    page = phone_tab.goto("/")
    page.locator("#near-me").click()
    page.wait_for_function("Number(document.body.dataset.nearestLoaded) > 0")
    expected_name, expected_metres = nearest_site_by_geodesic_distance(**THU_DAU_MOT)

    page.locator("input[name=show][value=sites]").check()
    page.wait_for_function("document.body.dataset.nearestLoaded !== ''"
                           " && document.querySelectorAll('#nearest-list li[data-type=product]').length === 0")
    first = page.locator("#nearest-list li").first
    assert first.locator(".result-name").inner_text().strip() == expected_name
    # Vietnamese numbers: decimal comma, dot for thousands ("1,9 km", "1.250 m").
    shown = first.locator(".distance").inner_text().replace("\u00a0", " ")
    number = re.match(r"([\d.,]+) (k?m)", shown).group(1).replace(".", "").replace(",", ".")
    metres = float(number) * (1000 if " km" in shown else 1)
    assert abs(metres - expected_metres) <= max(1, expected_metres * 0.06)
    phone_tab.screenshot("visitor-map-phone")
    phone_tab.assert_clean()


def test_switching_language_changes_the_labels(tab):
    page = tab.goto("/")
    assert page.locator("#near-me").inner_text().strip() == "Gần tôi"
    assert page.locator("html").get_attribute("lang") == "vi"
    tab.screenshot("visitor-map-vi")
    page.select_option(".language-switcher select", "en")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("#near-me").inner_text().strip() == "Near me"
    page = tab.goto("/map/")
    producers_drawn(page)
    assert re.fullmatch(r"\d+ OCOP producers selected", page.locator("#producer-count").inner_text().strip())
    assert page.locator("label", has_text="Product group").count() == 1
    tab.screenshot("officer-map-en")
    tab.assert_clean()


@pytest.fixture
def script_producer():
    producer = in_thread(lambda: Producer.objects.create(
        name="<script>alert(1)</script>", legal_form=Producer.LegalForm.HOUSEHOLD,
        location=Point(106.652, 10.980, srid=4326), status=Status.PUBLISHED))
    yield producer
    in_thread(producer.delete)


def test_a_producer_named_like_a_script_is_shown_as_text(tab, script_producer):
    page = tab.goto("/map/")
    producers_drawn(page)
    row = page.locator(f"#producer-table tr[data-id='{script_producer.pk}']")
    assert row.locator("td").first.inner_text().strip() == "<script>alert(1)</script>"
    row.click()
    page.locator(".leaflet-popup-content").wait_for()
    assert "<script>alert(1)</script>" in page.locator(".leaflet-popup-content").inner_text()
    assert page.evaluate("document.querySelectorAll('#producer-table script, .leaflet-popup script').length") == 0
    tab.assert_clean()


@pytest.fixture
def staff_cookie(server):
    users = get_user_model().objects
    user, cookie = session_cookie(
        server, lambda: users.create_user("web-browser-officer", password="unused-in-test", is_staff=True))
    yield cookie
    in_thread(user.delete)


def test_dashboard_and_site_pages_load_without_errors(tab, staff_cookie):
    page = tab.goto("/dashboard/")
    assert "/admin/login/" in page.url  # anonymous visitors are sent to log in
    tab.context.add_cookies([staff_cookie])
    page = tab.goto("/dashboard/")
    assert page.locator("h1").inner_text() == "Tổng quan"
    assert page.locator(".bar-chart").count() == 3
    tab.screenshot("dashboard")

    site = in_thread(lambda: TourismSite.objects.published().order_by("name").first())
    page = tab.goto(f"/sites/{site.pk}/")
    assert page.locator("h1").inner_text() == site.name
    assert page.locator("#site-map .visitor-marker.site").count() == 1  # its point (the visitor map's square), without a basemap
    href = page.locator("a", has_text="Chỉ đường").get_attribute("href")
    assert href.startswith("https://www.google.com/maps/dir/?api=1&destination=")
    tab.screenshot("site-page")
    tab.assert_clean()


def test_the_selection_downloads_as_csv_and_geojson(tab):
    page = tab.goto("/map/")
    producers_drawn(page)
    page.evaluate("document.body.dataset.producersLoaded = ''")
    page.select_option("select[name=legal_form]", Producer.LegalForm.COOPERATIVE)
    drawn = producers_drawn(page)
    names = set(page.locator("#producer-table tbody tr td:first-child").all_inner_texts())
    with page.expect_download() as download:
        page.locator("#download-geojson").click()
    collection = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert len(collection["features"]) == drawn["rows"] > 0
    assert {f["properties"]["name"] for f in collection["features"]} == {n.strip() for n in names}
    with page.expect_download() as download:
        page.locator("#download-csv").click()
    rows = list(csv.DictReader(Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == drawn["rows"]
    # Column titles in the page's language (Vietnamese here).
    assert {row["Chủ thể OCOP"] for row in rows} == {n.strip() for n in names}
    assert all(-180 <= float(row["Kinh độ"]) <= 180 and -90 <= float(row["Vĩ độ"]) <= 90 for row in rows)
    tab.assert_clean()


def test_a_tap_on_the_map_lists_what_is_nearest_to_the_tapped_point(tab):
    page = tab.goto("/")
    page.locator("input[name=show][value=sites]").check()
    map_box = page.locator("#visitor-map").bounding_box()
    page.mouse.click(map_box["x"] + map_box["width"] / 2, map_box["y"] + map_box["height"] / 2)
    page.wait_for_function("Number(document.body.dataset.nearestLoaded) > 0")
    tapped = page.evaluate("(() => { const p = window.ocopVisitorMap.point(); return {latitude: p.lat, longitude: p.lng}; })()")
    expected_name, _ = nearest_site_by_geodesic_distance(**tapped)
    assert page.locator("#nearest-list li .result-name").first.inner_text().strip() == expected_name
    tab.assert_clean()


def test_searching_a_place_without_accents_lists_what_is_near_it(tab):
    site = in_thread(lambda: TourismSite.objects.published().get(name="Vườn trái cây Lái Thiêu"))
    page = tab.goto("/")
    page.locator("input[name=show][value=sites]").check()
    page.locator("#place-search input[name=q]").fill("vuon trai cay lai thieu")
    page.locator("#place-search button[type=submit]").click()
    page.locator("#search-results button", has_text=site.name).first.click()
    page.wait_for_function("Number(document.body.dataset.nearestLoaded) > 0")
    first = page.locator("#nearest-list li").first
    assert first.locator(".result-name").inner_text().strip() == site.name
    assert first.locator(".distance").inner_text().strip() == "0\u00a0m"
    tab.assert_clean()
