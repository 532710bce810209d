"""In Chromium, on a phone: the tours catalogue's pages keep the filters, and the filter options show their
counts (issue #26 item 1, gaps). axe-core on page 2. No request leaves the machine (tests/browser.py)."""
import pytest

from gis_app.registry.models import TourismSite
from gis_app.tours.catalogue import PAGE_SIZE
from gis_app.tours.models import Tour
from tests.browser import in_thread, serious_violations  # noqa: E402
from tests.tours_helpers import make_tour

pytestmark = pytest.mark.browser


@pytest.fixture
def long_tours(server):
    def make():
        sites = list(TourismSite.objects.published().order_by("pk")[:2])
        made = [make_tour(f"Tuyến rất dài {i:02d}", sites, km=400 + i).pk for i in range(PAGE_SIZE + 2)]
        return made, list(Tour.objects.published().filter(distance_m__gt=150_000).order_by("name", "pk")
                          .values_list("pk", flat=True))
    made, expected = in_thread(make)
    yield expected
    in_thread(lambda: Tour.objects.filter(pk__in=made).delete())


def test_a_visitor_pages_through_filtered_tours_on_a_phone(phone_tab, long_tours):
    page = phone_tab.goto("/tours/?length=150-")
    cards = page.locator(".tour-card").evaluate_all("cards => cards.map(c => Number(c.dataset.tourId))")
    assert cards == long_tours[:PAGE_SIZE]
    option = page.locator("select[name=length] option[value='150-']")
    assert option.inner_text().strip().endswith(f"({len(long_tours)})")
    page.locator(".pagination a[rel=next]").click()
    page.wait_for_url("**/tours/?length=150-&page=2")
    cards = page.locator(".tour-card").evaluate_all("cards => cards.map(c => Number(c.dataset.tourId))")
    assert cards == long_tours[PAGE_SIZE:]
    assert page.locator("select[name=length]").input_value() == "150-"
    assert page.locator(".pagination .page-of").inner_text().strip() == "Trang 2/2"
    assert page.locator(".pagination a[rel=prev]").bounding_box()["height"] >= 44  # a finger's target
    assert serious_violations(page) == []
    page.locator(".pagination a[rel=prev]").click()
    page.wait_for_url("**/tours/?length=150-")
    phone_tab.assert_clean()
