"""A buyer's path through the public catalogue in Debian's Chromium: catalogue → filter → product page → where
to buy near me → directions; the QR label scanned from the browser's rendering; the map view; accessibility.

Expected answers come from the database in plain Python (pyproj's Geod for distances), QR codes are decoded
with zxing-cpp from screenshots. No request leaves the machine.
"""
import io
import re

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image
from pyproj import Geod

from gis_app.registry.models import Product, Status
from gis_app.sales.models import PointOfSale
from tests.browser import THU_DAU_MOT, in_thread, serious_violations  # noqa: E402

pytestmark = pytest.mark.browser
GEOD = Geod(ellps="WGS84")


def nearest_outlets_of(ref, lon, lat):
    product = Product.objects.get(ref=ref)
    outlets = PointOfSale.objects.filter(status=Status.PUBLISHED, products=product, location__isnull=False)
    ranked = sorted(outlets, key=lambda o: GEOD.inv(lon, lat, o.location.x, o.location.y)[2])
    return product.pk, [(o.pk, o.location.x, o.location.y) for o in ranked]


def expired_product_pk():
    today = timezone.localdate()
    for product in Product.objects.filter(status=Status.PUBLISHED, producer__status=Status.PUBLISHED).order_by("pk"):
        decisions = [e for e in product.evaluations.all() if e.stars >= 3 and e.decision_date <= today]
        if decisions and all(e.valid_until < today for e in decisions):
            return product.pk
    raise AssertionError("no expired product in the demo")


def test_buyer_finds_a_product_filters_opens_it_and_gets_directions_to_the_nearest_point_of_sale(phone_tab):
    product_pk, ranked = in_thread(nearest_outlets_of, "SP026", THU_DAU_MOT["longitude"], THU_DAU_MOT["latitude"])
    page = phone_tab.goto("/products/")
    page.fill("input[name=q]", "buoi")  # no accents typed
    page.select_option("select[name=min_stars]", "4")
    page.click("form.facets button[type=submit]")
    page.wait_for_url(re.compile(r"/products/\?.*min_stars=4"))
    assert "q=buoi" in page.url
    assert page.locator(f'[data-product-id="{product_pk}"] a.product-link').count() == 1
    phone_tab.screenshot("catalogue-filtered-phone")

    page.click(f'[data-product-id="{product_pk}"] a.product-link')
    page.wait_for_url(re.compile(rf"/products/{product_pk}/$"))
    assert page.locator("[data-testid=recognition]").get_attribute("data-state") == "in_force"
    page.click("[data-testid=near-me]")
    page.wait_for_function("document.body.dataset.nearMe !== undefined")
    items = page.locator("#near-me-list li")
    assert items.count() == min(5, len(ranked))
    shown = [int(items.nth(i).get_attribute("data-outlet-id")) for i in range(items.count())]
    assert shown == [pk for pk, _, _ in ranked][:len(shown)]
    href = items.first.locator("a.directions").get_attribute("href")
    _, lon, lat = ranked[0]
    assert href == f"https://www.google.com/maps/dir/?api=1&destination={lat:.6f},{lon:.6f}"
    phone_tab.screenshot("product-near-me-phone")
    phone_tab.assert_clean()


def test_the_qr_label_rendered_by_the_browser_scans_to_the_page_showing_an_expired_recognition(tab):
    pk = in_thread(expired_product_pk)
    page = tab.goto(f"/products/{pk}/qr.svg?size=400")
    png = page.screenshot()
    texts = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
    assert texts == [f"{tab.server}/products/{pk}/"]
    page = tab.goto(texts[0].replace(tab.server, ""))
    badge = page.locator("[data-testid=recognition]")
    assert badge.get_attribute("data-state") == "expired"
    assert "hết hiệu lực công nhận" in badge.inner_text()
    tab.screenshot("product-expired")
    tab.assert_clean()


def test_label_sheet_labels_scan_to_their_product_pages(tab):
    producer_pk = in_thread(lambda: Product.objects.get(ref="SP001").producer_id)
    page = tab.goto(f"/producers/{producer_pk}/labels/")
    labels = page.locator("section.label")
    assert labels.count() >= 1
    for i in range(labels.count()):
        label = labels.nth(i)
        png = label.locator("svg.qr").screenshot()
        texts = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
        assert texts == [f"{tab.server}/products/{label.get_attribute('data-product-id')}/"]
    tab.assert_clean()


def test_catalogue_map_view_draws_the_filtered_products(tab):
    page = tab.goto("/products/?min_stars=4&view=map")
    count = int(page.locator("[data-testid=result-count]").get_attribute("data-count"))
    page.wait_for_function("document.body.dataset.productsDrawn !== undefined")
    assert page.evaluate("document.body.dataset.productsDrawn") == str(count)
    tab.screenshot("catalogue-map")
    tab.assert_clean()


@pytest.mark.parametrize("path", ["/products/", "/products/?view=map", "/events/"])
def test_catalogue_pages_have_no_serious_accessibility_violations(tab, path):
    page = tab.goto(path)
    assert serious_violations(page) == []
    tab.assert_clean()


def test_product_and_producer_pages_have_no_serious_accessibility_violations(tab):
    product = in_thread(lambda: Product.objects.get(ref="SP026"))
    for path in (f"/products/{product.pk}/", f"/producers/{product.producer_id}/"):
        page = tab.goto(path)
        assert serious_violations(page) == [], path
    tab.assert_clean()
