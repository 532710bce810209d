"""In Chromium, on a phone: a visitor picks a theme on /tours/ and sees only the tours of that theme, the theme
named on each card (issue #26, Must show: filters by theme). No request leaves the machine (tests/browser.py)."""
import pytest

from gis_app.registry.models import TourismSite
from gis_app.tours.models import Tour, TourTheme
from tests.browser import Tab, in_thread, serious_violations  # noqa: E402
from tests.tours.test_save_reopen_browser import BLANK_TILE, log_in, wait_idle
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


def test_a_planner_ticks_themes_saves_reopens_and_changes_them(django_db_setup, browser, server):
    tab = Tab(browser, server, viewport={"width": 1280, "height": 900})
    tab.context.route("https://tile.openstreetmap.org/**",
                      lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE))
    user = log_in(tab, "theme-planner")
    tour_ids = []
    try:
        page = tab.goto("/tours/plan/")
        sites = in_thread(lambda: list(TourismSite.objects.published().exclude(kind="homestay")
                                       .order_by("name").values_list("pk", flat=True)[:2]))
        for pk in sites:
            page.select_option("#place-select", f"site:{pk}")
            page.click("#add-stop")
        page.click("#compute")
        page.locator("#result").wait_for()
        wait_idle(page)
        page.fill("#tour-name", "Tuyến có chủ đề")
        page.get_by_label("Miệt vườn – trái cây").check()
        page.get_by_label("Di tích – văn hoá").check()
        page.click("#save")
        wait_idle(page)
        page.locator("#saved a").wait_for()
        tour_id = int(page.evaluate("window.ocopPlanner.state.tourId"))
        tour_ids.append(tour_id)
        themes = page.request.get(f"{server}/api/v1/tours/{tour_id}/").json()["themes"]
        assert [t["code"] for t in themes] == ["orchards", "heritage"]

        page = tab.goto(f"/tours/{tour_id}/edit/")
        page.locator("#result").wait_for()
        wait_idle(page)
        assert page.get_by_label("Miệt vườn – trái cây").is_checked()
        assert not page.get_by_label("Làng nghề truyền thống").is_checked()
        page.get_by_label("Di tích – văn hoá").uncheck()
        page.click("#save")
        wait_idle(page)
        assert page.locator("#message").inner_text() == ""
        themes = page.request.get(f"{server}/api/v1/tours/{tour_id}/").json()["themes"]
        assert [t["code"] for t in themes] == ["orchards"]
        tab.assert_clean()
    finally:
        in_thread(lambda: Tour.objects.filter(pk__in=tour_ids).delete())
        in_thread(user.delete)
        tab.context.close()
