"""The visitor map's near-me list names places in the page's language (#26 item 7): name_en on English pages
where it is filled, the Vietnamese name otherwise and on Vietnamese pages."""
import pytest
from pyproj import Geod

from gis_app.registry.models import TourismSite
from tests.browser import THU_DAU_MOT, Tab, in_thread

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "geolocation": THU_DAU_MOT, "permissions": ["geolocation"]}
ENGLISH_NAME = "Thu Dau Mot test orchard (English name)"


@pytest.fixture
def nearest_site_named_in_english():
    """The published site nearest to the visitor (pyproj's geodesic distance), given an English name for the test."""
    def name_it():
        geod = Geod(ellps="WGS84")
        sites = list(TourismSite.objects.published())
        site = min(sites, key=lambda s: geod.inv(THU_DAU_MOT["longitude"], THU_DAU_MOT["latitude"],
                                                   s.location.x, s.location.y)[2])
        TourismSite.objects.filter(pk=site.pk).update(name_en=ENGLISH_NAME)
        return site

    site = in_thread(name_it)
    yield site
    in_thread(lambda: TourismSite.objects.filter(pk=site.pk).update(name_en=site.name_en))


def first_nearest_site(tab):
    page = tab.goto("/")
    page.locator("#near-me").click()
    page.wait_for_function("Number(document.body.dataset.nearestLoaded) > 0")
    page.locator("input[name=show][value=sites]").check()
    page.wait_for_function("document.body.dataset.nearestLoaded !== ''"
                           " && document.querySelectorAll('#nearest-list li[data-type=product]').length === 0")
    return page.locator("#nearest-list li").first.locator(".result-name").inner_text().strip()


@pytest.mark.parametrize("locale, expected", [("en-US", "english"), ("vi-VN", "vietnamese")])
def test_near_me_names_the_nearest_site_in_the_page_language(browser, server, nearest_site_named_in_english,
                                                              locale, expected):
    tab = Tab(browser, server, locale=locale, **PHONE)
    try:
        shown = first_nearest_site(tab)
        assert shown == (ENGLISH_NAME if expected == "english" else nearest_site_named_in_english.name)
        tab.assert_clean()
    finally:
        tab.context.close()
