"""The officer map's as-of day in Chromium (#24): the map of today's 36 units, switched to 30/06/2025 by its link,
carries the day in its address, keeps it on reload, and draws the 91 communes of that day."""
import pytest

from tests.browser import in_thread

pytestmark = pytest.mark.browser


def loaded(page):
    page.wait_for_function("document.body.dataset.producersLoaded && document.body.dataset.choroplethUnits")
    return page.evaluate("""() => ({
        units: window.ocopOfficerMap.choropleth.getLayers().length,
        counted: Object.values(window.ocopOfficerMap.perCommune()).reduce((a, b) => a + b, 0),
        producers: Number(document.body.dataset.producersLoaded),
        codes: Object.keys(window.ocopOfficerMap.perCommune()),
        unrated: document.querySelector('[data-testid=unrated-units]').textContent })""")


def choropleth_codes(day):
    from gis_app.places.models import AdminUnit

    return set(AdminUnit.objects.filter(level="commune").valid_on(day).values_list("code", flat=True))


def test_the_map_switches_to_the_units_of_30_june_2025_and_keeps_them_on_reload(tab):
    page = tab.goto("/map/")
    today = loaded(page)
    assert today["units"] == 36 and "units_on" not in page.url
    assert today["counted"] == today["producers"] > 0  # every producer in one unit of the day
    assert set(today["codes"]) <= in_thread(choropleth_codes, page.evaluate("window.ocopOfficerMap.unitsOn"))
    assert today["unrated"].endswith("trên 36 đơn vị hành chính chưa có sản phẩm OCOP được công nhận")

    page.click("#units-on-switch")
    page.wait_for_url("**/map/?*units_on=2025-06-30*")
    old = loaded(page)
    assert "units_on=2025-06-30" in page.url
    assert old["units"] == 91 and old["counted"] == old["producers"] == today["producers"]
    assert "trên 91 đơn vị" in old["unrated"]
    assert page.locator("select[name=district] option").count() == 10  # "all" and the 9 districts

    page.select_option("select[name=stars]", "4")  # the page rewrites its address: the day stays in it
    page.wait_for_function("document.body.dataset.producersLoaded !== ''")
    assert "units_on=2025-06-30" in page.url and "stars=4" in page.url
    page.reload()
    again = loaded(page)
    assert "units_on=2025-06-30" in page.url and again["units"] == 91
    assert page.input_value("select[name=stars]") == "4"

    page.click("#units-on-switch")  # and back to today's units, the other filters kept
    page.wait_for_function("!window.location.search.includes('units_on')")
    assert loaded(page)["units"] == 36 and "stars=4" in page.url
    tab.assert_clean()
