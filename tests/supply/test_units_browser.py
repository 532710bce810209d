"""The supply page by the units of a day in a browser (#24): the choice follows the address, the switch to the
units of 30/06/2025 keeps the other filters, and the study asks the API for the unit of that day."""
import pytest
from django.contrib.auth import get_user_model

from tests.browser import in_thread, session_cookie  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture
def officer_cookie(server):
    users = get_user_model().objects
    user, cookie = session_cookie(
        server, lambda: users.create_superuser("supply-units-officer", "units@example.vn", "unused"))
    yield cookie
    in_thread(user.delete)


def test_the_switch_keeps_the_filters_and_the_old_district_is_asked_on_its_day(tab, officer_cookie):
    tab.context.add_cookies([officer_cookie])
    page = tab.goto("/supply/")
    assert page.locator("select[name=unit] option").count() >= 31  # today's units and "all"
    page.locator("select[name=min_stars]").select_option("3")
    page.wait_for_function("location.search.includes('min_stars=3')")
    href = page.locator("#units-on-switch").get_attribute("href")
    assert "min_stars=3" in href and "units_on=2025-06-30" in href
    page.locator("#units-on-switch").click()
    page.wait_for_url(lambda url: "units_on=2025-06-30" in url, wait_until="domcontentloaded")
    page.wait_for_selector("[data-testid=units-on][data-units-on='2025-06-30']")
    assert page.locator("select[name=min_stars]").input_value() == "3"
    assert page.locator("[data-testid=units-on]").get_attribute("data-units-on") == "2025-06-30"
    with page.expect_response(lambda r: "/api/v1/supply/clusters/" in r.url and "unit=718" in r.url) as answer:
        page.locator("select[name=unit]").select_option("718")
        page.locator("button[value=clusters]").click()
    assert answer.value.status == 200 and "units_on=2025-06-30" in answer.value.url
    assert "unit=718" in page.evaluate("location.search")
    back = page.locator("#units-on-switch").get_attribute("href")
    assert "units_on" not in back and "unit=" not in back and "min_stars=3" in back
    assert [e for e in tab.errors if "tile.openstreetmap.org" not in e] == [] and not tab.dialogs
