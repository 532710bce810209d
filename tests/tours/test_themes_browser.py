"""In Chromium, on a phone: a visitor picks a theme on /tours/ and sees only the tours of that theme, the theme
named on each card (issue #26, Must show: filters by theme). No request leaves the machine (tests/browser.py)."""
import pytest

from gis_app.registry.models import TourismSite
from gis_app.tours.models import Tour, TourTheme
from tests.browser import in_thread, serious_violations  # noqa: E402
from tests.tours_helpers import make_tour

pytestmark = pytest.mark.browser


@pytest.fixture
def themed_tours(server):
    def make():
        sites = list(TourismSite.objects.published().order_by("pk")[:2])
        made = []
        for name, codes in (("Tuyến miệt vườn A", ["orchards"]), ("Tuyến miệt vườn B", ["orchards", "ocop-food"]),
                            ("Tuyến làng nghề C", ["craft-villages"]), ("Tuyến không chủ đề D", [])):
            tour = make_tour(name, sites, km=30)
            tour.themes.set(TourTheme.objects.filter(code__in=codes))
            made.append(tour.pk)
        expected = list(Tour.objects.published().filter(themes__code="orchards").order_by("name", "pk")
                        .values_list("pk", flat=True))
        return made, expected
    made, expected = in_thread(make)
    yield expected
    in_thread(lambda: Tour.objects.filter(pk__in=made).delete())


def test_a_visitor_on_a_phone_picks_a_theme_and_sees_only_its_tours(phone_tab, themed_tours):
    page = phone_tab.goto("/tours/")
    option = page.locator("select[name=theme] option[value=orchards]")
    assert option.inner_text().strip() == f"Miệt vườn – trái cây ({len(themed_tours)})"
    page.locator("select[name=theme]").select_option("orchards")
    page.locator(".tour-filters button[type=submit]").click()
    page.wait_for_url("**/tours/?*theme=orchards*")
    cards = page.locator(".tour-card").evaluate_all("cards => cards.map(c => Number(c.dataset.tourId))")
    assert cards == themed_tours and len(cards) >= 2
    for card in page.locator(".tour-card").all():
        assert card.locator(".tour-themes li[data-theme=orchards]").count() == 1
    assert page.locator("select[name=theme]").input_value() == "orchards"
    assert page.locator("[data-testid=tour-count]").get_attribute("data-count") == str(len(themed_tours))
    assert serious_violations(page) == []
    phone_tab.assert_clean()
