"""The officer map on a phone (#26 item 8a): the map in the first screen, the filters folded above it (open on a
desktop), in Chromium at 390×844."""
import pytest

pytestmark = pytest.mark.browser

PHONE_HEIGHT = 844


def loaded(page):
    page.wait_for_function("document.body.dataset.producersLoaded && document.body.dataset.producersLoaded !== ''")


def test_on_a_phone_the_officer_map_starts_in_the_first_screen_and_the_filters_unfold(phone_tab):
    page = phone_tab.goto("/map/")
    loaded(page)
    top = page.locator("#officer-map").bounding_box()["y"]
    assert top < PHONE_HEIGHT - 200, f"the map starts {top:.0f} px down, below the first screen"
    assert not page.locator("select[name=stars]").is_visible()
    phone_tab.screenshot("officer-map-phone")

    page.locator("#filters-toggle > summary").click()
    stars = page.locator("select[name=stars]")
    assert stars.is_visible()
    before = page.evaluate("document.body.dataset.producersLoaded")
    stars.select_option("4")
    page.wait_for_function("n => document.body.dataset.producersLoaded !== n", arg=before)
    phone_tab.screenshot("officer-map-phone-filters")
    phone_tab.assert_clean()


def test_on_a_desktop_the_officer_maps_filters_are_open(tab):
    page = tab.goto("/map/")
    loaded(page)
    assert page.locator("#filters-toggle").get_attribute("open") is not None
    assert page.locator("select[name=stars]").is_visible()
    tab.assert_clean()
