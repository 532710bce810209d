"""A visitor finds a published tour in Debian's Chromium (issue 26 item 1): on a phone, from the home page,
"Tuyến tham quan" → a tour card → the tour page (print, GPX/KML, share); on a desktop, the catalogue's filters
write the address and the map draws the routes of the cards shown. axe-core on the catalogue. No request leaves
the machine (tests/browser.py).
"""
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from PIL import Image

from gis_app.photos.models import Photo
from gis_app.registry.models import CraftVillage, TourismSite
from tests.browser import in_thread, serious_violations  # noqa: E402
from tests.tours_helpers import make_tour

pytestmark = pytest.mark.browser

# A transparent 1×1 PNG (as tests/web/test_journeys_staff.py): the tour page's django-leaflet map takes the basemap
# from settings at start-up, so its tiles are answered here instead of leaving the machine.
BLANK_TILE = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                           "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def stub_basemap(tab):
    tab.context.route("https://tile.openstreetmap.org/**",
                      lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE))


# The home page installs the offline service worker; Playwright cannot route the worker's own fetches (they
# would leave the machine, basemap tiles included), so the journey lets it go once installed. The worker itself
# is tested in tests/web/test_journeys.py.
WITHOUT_SERVICE_WORKER = """async () => {
  for (let i = 0; i < 100; i++) {
    const registrations = await navigator.serviceWorker.getRegistrations();
    if (registrations.length) return (await Promise.all(registrations.map(r => r.unregister()))).length;
    await new Promise(done => setTimeout(done, 50));
  }
  return 0;
}"""


def plain_sites():
    """Published demo sites without photos, outside craft villages (so no filter but `days`/`length` applies)."""
    villages = [v.area for v in CraftVillage.objects.published()]
    return [s for s in TourismSite.objects.published().exclude(kind=TourismSite.Kind.CRAFT_VILLAGE)
            .exclude(gallery__isnull=False).order_by("pk")
            if not any(area.covers(s.location.transform(4326, clone=True)) for area in villages)]


def png():
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (30, 120, 60)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def tours(tmp_path):
    """Two published tours (one of two days, with a photo at its first stop) and a draft; removed afterwards."""
    def create():
        sites = plain_sites()
        made = {"one_day": make_tour("Một ngày làng quê", sites[:2], km=40),
                "two_days": make_tour("Hai ngày miệt vườn", sites[1:4], km=120, days=[1, 1, 2]),
                "draft": make_tour("Tuyến nháp chưa công bố", sites[:2], status="draft")}
        photo = Photo(site=sites[1], caption="Vườn")
        photo.image = ContentFile(png(), name="vuon.png")
        photo.save()
        return made, photo

    with override_settings(MEDIA_ROOT=tmp_path):
        made, photo = in_thread(create)
        yield {name: tour.pk for name, tour in made.items()}
        in_thread(lambda: (photo.delete(), [tour.delete() for tour in made.values()]))


def test_a_visitor_on_a_phone_finds_a_tour_from_the_home_page_in_three_taps(phone_tab, tours):
    stub_basemap(phone_tab)
    page = phone_tab.goto("/")
    assert page.evaluate(WITHOUT_SERVICE_WORKER) == 1
    taps = 0
    page.get_by_role("link", name="Tuyến tham quan", exact=True).tap()  # 1: the menu
    taps += 1
    page.wait_for_url(re.compile(r"/tours/$"))
    page.wait_for_function("document.body.dataset.toursDrawn !== undefined")
    cards = page.locator(".tour-card")
    shown = {int(cards.nth(i).get_attribute("data-tour-id")) for i in range(cards.count())}
    assert {tours["one_day"], tours["two_days"]} <= shown and tours["draft"] not in shown
    card = page.locator(f'.tour-card[data-tour-id="{tours["two_days"]}"]')
    assert "2 ngày" in card.inner_text() and "120,0 km" in card.inner_text()
    assert card.locator("img").evaluate("img => img.complete && img.naturalWidth") > 0  # the first stop's photo
    assert page.evaluate("document.body.dataset.toursDrawn") == str(len(shown))
    phone_tab.screenshot("tours-catalogue-phone")

    card.locator("a.tour-link").tap()  # 2: the tour card
    taps += 1
    page.wait_for_url(re.compile(rf"/tours/{tours['two_days']}/$"))  # 3: the tour page
    taps += 1
    assert taps <= 3
    assert page.locator("h1").inner_text().startswith("Hai ngày miệt vườn")
    assert page.locator(f'a[href="/api/v1/tours/{tours["two_days"]}/export/gpx/"]').count() == 1
    assert page.locator(f'a[href="/api/v1/tours/{tours["two_days"]}/export/kml/"]').count() == 1
    assert page.locator(f'a[href="/tours/{tours["two_days"]}/print/"]').count() == 1
    assert page.locator(".share-button").count() >= 1
    phone_tab.screenshot("tours-catalogue-tour-page-phone")
    phone_tab.assert_clean()


def test_the_filters_write_a_shareable_address_and_the_map_follows_the_cards(tab, tours):
    page = tab.goto("/tours/")
    page.wait_for_function("document.body.dataset.toursDrawn !== undefined")
    assert serious_violations(page) == []
    page.get_by_label("Số ngày").select_option("2")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(r"/tours/\?.*days=2"))
    page.wait_for_function("document.body.dataset.toursDrawn !== undefined")
    ids = [int(i) for i in page.locator(".tour-card").evaluate_all("cards => cards.map(c => c.dataset.tourId)")]
    assert ids == [tours["two_days"]]
    assert page.evaluate("document.body.dataset.toursDrawn") == "1"
    assert page.locator(".leaflet-overlay-pane path.leaflet-interactive").count() == 1
    shared = page.url
    again = tab.goto(shared.replace(tab.server, ""))  # the same address, opened again, shows the same cards
    assert again.get_by_label("Số ngày").input_value() == "2"
    assert again.locator(".tour-card").count() == 1
    assert serious_violations(again) == []
    tab.screenshot("tours-catalogue-filtered")
    tab.assert_clean()
