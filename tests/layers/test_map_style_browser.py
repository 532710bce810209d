"""/tiles/style.json drawn by MapLibre GL JS (node_modules, through the static files) in Debian's Chromium (#26 item 6).

WebGL runs on SwiftShader, Chromium's software renderer (`--enable-unsafe-swiftshader`: headless Chromium with
--disable-gpu refuses it otherwise in recent versions). The page's state is read from <body data-map-state>,
so the page runs under its real Content-Security-Policy (no `bypass_csp`).
"""
import pytest
from playwright.sync_api import sync_playwright

from gis_app.registry.models import Producer
from tests.browser import CHROMIUM, CHROMIUM_ARGS, Tab, in_thread

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def webgl_browser(server):
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=[*CHROMIUM_ARGS, "--enable-unsafe-swiftshader"])
        yield chromium
        chromium.close()


@pytest.fixture
def map_tab(webgl_browser, server):
    tab = Tab(webgl_browser, server, bypass_csp=False)
    yield tab
    tab.context.close()


def loaded_map(tab):
    page = tab.goto("/tiles/style-preview/")
    page.wait_for_selector("body[data-map-state]", state="attached", timeout=60_000)
    assert page.get_attribute("body", "data-map-errors") is None
    assert page.get_attribute("body", "data-map-state") == "loaded"
    return page


def rendered(page, layers, box_px=None):
    """Features MapLibre drew of `layers`, within `box_px` pixels of the centre (None: the whole map)."""
    return page.evaluate("""([layers, half]) => {
        const map = window.ocopStyleMap;
        const c = map.project(map.getCenter());
        const box = half === null ? undefined : [[c.x - half, c.y - half], [c.x + half, c.y + half]];
        return map.queryRenderedFeatures(box, {layers}).map(f => ({
            layer: f.layer.id, source: f.source, count: f.properties.count ?? 1,
            colour: f.layer.paint && f.layer.paint['circle-color'] }));
    }""", [layers, box_px])


def test_style_loads_in_maplibre_without_errors_and_draws_producers_at_the_demo_centre(map_tab):
    page = loaded_map(map_tab)
    assert page.evaluate("window.ocopStyleMap.isStyleLoaded()") is True
    near_centre = rendered(page, ["producers"], box_px=200)
    assert near_centre, "no producer drawn near the demo's centre"
    assert {f["source"] for f in near_centre} == {"producers"}
    everywhere = rendered(page, ["producers"])
    published = in_thread(lambda: Producer.objects.published().count())
    # Aggregated cells (zoom 10 < cluster_below_zoom) carry their count; the map shows part of the province.
    assert 0 < sum(f["count"] for f in everywhere) <= published
    map_tab.screenshot("map-style-preview")
    map_tab.assert_clean()


def test_every_kind_of_symbol_is_drawn(map_tab):
    page = loaded_map(map_tab)
    drawn = {f["layer"] for f in rendered(page, ["products", "tourism_sites", "admin_units-line",
                                                 "craft_villages-fill"])}
    assert {"products", "tourism_sites", "admin_units-line"} <= drawn, drawn
    map_tab.assert_clean()


def test_maplibre_comes_from_the_projects_static_files(map_tab):
    scripts = []
    map_tab.page.on("request", lambda request: scripts.append(request.url))
    loaded_map(map_tab)
    assert any(url.endswith("/static/vendor/maplibre-gl/maplibre-gl.js") for url in scripts), scripts
    assert any(url.endswith("/tiles/style.json") for url in scripts)
    assert any("/tiles/producers.json" in url for url in scripts)
    assert any("/tiles/producers/" in url and ".pbf" in url for url in scripts)
