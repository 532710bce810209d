"""Staff journeys walked in Chromium at 1440×900, as a person does them: the tour planner, the supply analyst
and the administrator. Each test checks what is on the screen, keeps screenshots under test-artifacts/, and runs
axe-core on the pages it visits (no serious or critical violation).

The harness (live server over the session's demo province, tabs that refuse outside requests) is
tests/browser.py; tests remove what they add.
"""
import datetime
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from gis_app.accounts.models import Role
from gis_app.accounts.roles import assign_role
from gis_app.registry.models import TourismSite
from gis_app.tours import days
from gis_app.tours.models import Tour
from tests.browser import Tab, in_thread, serious_violations

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1440, "height": 900}
CLOCK = re.compile(r"^\d{2}:\d{2}$")


# A transparent 1×1 PNG: django-leaflet's pages (planner, tour) take the basemap from settings at start-up, so the
# basemap's tiles are answered here instead of leaving the machine.
BLANK_TILE = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                           "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


@pytest.fixture
def desk(browser, server):
    tab = Tab(browser, server, viewport=DESKTOP)
    tab.context.route("https://tile.openstreetmap.org/**",
                      lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE))
    yield tab
    tab.context.close()


def log_in(tab, username, role=None, superuser=False, **target):
    """Create a user with `role`, put its session cookie in `tab`; returns a function deleting the user."""
    def create():
        user = get_user_model().objects.create_user(username, password=None, is_staff=True,
                                                    is_superuser=superuser)
        if role:
            assign_role(user, role, **target)
        client = Client()
        client.force_login(user)
        return user, client.cookies[settings.SESSION_COOKIE_NAME].value

    user, session = in_thread(create)
    tab.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": tab.server}])
    return user


def no_axe_violation(page, name):
    violations = serious_violations(page)
    assert violations == [], f"{name}: {violations}"


def visible(page, selector):
    return page.locator(selector).is_visible()


def wait_idle(page):
    page.wait_for_function("!document.body.hasAttribute('aria-busy')")


def test_planner_journey_plan_reorder_save_edit_publish_and_read_the_tour(desk):
    planner = log_in(desk, "journey-planner", Role.TOURISM_PLANNER)
    requests = []
    desk.page.on("request", lambda r: requests.append(r.url))
    try:
        page = desk.goto("/tours/plan/")
        page.wait_for_function("Number(document.body.dataset.roadsDrawn) > 0")
        # Before anything is planned only the actions that can act are on screen.
        assert not visible(page, "#publish") and not visible(page, "#clear-drawn") and not visible(page, "#result")
        assert page.locator("#compute").is_disabled()
        # The road network is drawn under the stops: as many road lines as the layer returns for the view.
        assert page.evaluate("document.querySelectorAll('.leaflet-overlay-pane path').length") >= \
            int(page.evaluate("document.body.dataset.roadsDrawn"))
        no_axe_violation(page, "/tours/plan/")

        # Six sites, leaving at noon: too long for one day.
        sites = in_thread(lambda: list(TourismSite.objects.published().exclude(kind="homestay")
                                       .order_by("name").values_list("pk", "name")[:6]))
        for pk, _name in sites:
            page.select_option("#place-select", f"site:{pk}")
            page.click("#add-stop")
        assert page.locator("#stop-list li").count() == 6
        start = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
        page.fill("#start-at", f"{start}T12:00")
        page.click("#compute")
        page.locator("#result").wait_for()
        wait_idle(page)
        assert page.locator("#message").inner_text() == ""
        no_axe_violation(page, "/tours/plan/ with a plan")
        desk.screenshot("journey-planner-computed")

        # The plan's choices are in the address: opened elsewhere, the same stops and the same plan come back.
        assert "stops=site" in page.url and "start=" in page.url
        shared = Tab(desk.page.context.browser, desk.server, viewport=DESKTOP)
        shared.context.add_cookies(desk.context.cookies())  # the planner is for planners: a colleague's tab
        try:
            other = shared.goto(page.url.replace(desk.server, ""))
            other.locator("#result").wait_for()
            wait_idle(other)
            assert other.evaluate("window.ocopPlanner.state.stops") == page.evaluate("window.ocopPlanner.state.stops")
            assert other.locator("#totals").inner_text() == page.locator("#totals").inner_text()
        finally:
            shared.context.close()

        # Days: each day ends by DAY_END; the next one starts at DAY_START; a night between them.
        plan = page.evaluate("window.ocopPlanner.state.plan")
        assert plan["day_count"] >= 2
        for stop in plan["stops"]:
            assert CLOCK.match(stop["arrival"][11:16])
        for before, after in zip(plan["stops"], plan["stops"][1:]):
            if after["day"] != before["day"]:
                assert before["departure"][11:16] <= days.DAY_END.strftime("%H:%M")
                expected = datetime.datetime.fromisoformat(after["arrival"]) - datetime.timedelta(
                    seconds=after["leg_seconds"])
                assert expected.strftime("%H:%M") == days.DAY_START.strftime("%H:%M")
                assert before["overnight"] is not None
        assert page.locator("#timings tr.day-row").count() == plan["day_count"]
        assert page.locator("#timings tr.overnight-row").count() == plan["day_count"] - 1
        times = page.locator("#timings tr:not(.day-row):not(.overnight-row) td:nth-child(3)").all_inner_texts()
        assert times and all(CLOCK.match(t) for t in times)
        assert "h" not in page.locator("#totals").inner_text().split("km")[0]  # km first, then durations

        # A manual reorder turns "best order" off, visibly, and the next plan keeps the hand-made order.
        assert page.locator("#optimize").is_checked()
        page.locator("#stop-list li").nth(1).locator("button.down").click()
        assert not page.locator("#optimize").is_checked()
        assert visible(page, "#optimizer-note")
        assert not visible(page, "#save")  # the plan on screen is stale
        order = page.evaluate("window.ocopPlanner.state.stops")
        page.click("#compute")
        wait_idle(page)
        assert page.evaluate("window.ocopPlanner.state.stops") == order

        # Along the way: what the list offers is drawn on the map.
        page.click("#along")
        wait_idle(page)
        offered = page.locator("#along-list li").count()
        assert offered == page.locator(".along-icon").count()

        # Save, save again (the same tour), save as new (a second one).
        assert visible(page, "#save") and not visible(page, "#save-new") and not visible(page, "#publish")
        page.fill("#tour-name", "Hành trình kiểm thử hai ngày")
        page.click("#save")
        wait_idle(page)
        page.locator("#saved a").wait_for()
        tour_id = int(page.evaluate("window.ocopPlanner.state.tourId"))
        assert page.url.endswith(f"/tours/{tour_id}/edit/")
        assert visible(page, "#publish") and visible(page, "#save-new")
        page.click("#save")
        wait_idle(page)
        assert in_thread(lambda: Tour.objects.filter(name="Hành trình kiểm thử hai ngày").count()) == 1
        page.click("#save-new")
        wait_idle(page)
        assert in_thread(lambda: Tour.objects.filter(name="Hành trình kiểm thử hai ngày").count()) == 2
        new_id = int(page.evaluate("window.ocopPlanner.state.tourId"))
        assert new_id != tour_id
        page.click("#publish")
        wait_idle(page)
        assert in_thread(lambda: Tour.objects.get(pk=new_id).status) == Tour.Status.PUBLISHED
        assert not visible(page, "#publish")
        assert not any("/null/" in url for url in requests)
        desk.screenshot("journey-planner-saved")

        # Reopen the first tour for editing: same stops, same order, plan computed.
        page = desk.goto(f"/tours/{tour_id}/edit/")
        page.locator("#result").wait_for()
        wait_idle(page)
        assert page.evaluate("window.ocopPlanner.state.stops") == order
        assert page.locator("#tour-name").input_value() == "Hành trình kiểm thử hai ngày"

        # The tour page: days, the night, stops linked to their site pages, GPX, print.
        page = desk.goto(f"/tours/{tour_id}/")
        assert page.locator(".timings tr.day-row").count() >= 2
        assert page.locator(".timings tr.overnight-row").count() >= 1
        links = page.locator(".timings a[href^='/sites/']")
        assert links.count() >= 6
        assert page.locator(".leaflet-tooltip-permanent").count() == 0  # names on hover: no overlapping labels
        assert page.locator(".stop-icon").count() >= 6
        no_axe_violation(page, "tour page")
        desk.screenshot("journey-planner-tour-page")
        gpx = page.request.get(desk.server + f"/api/v1/tours/{tour_id}/export/gpx/").text()
        assert "Ngày 2" in gpx and "Nghỉ đêm" in gpx
        page = desk.goto(f"/tours/{tour_id}/print/")
        assert page.locator(".timings tr.day-row").count() >= 2
        no_axe_violation(page, "print page")
        desk.screenshot("journey-planner-print")
        desk.assert_clean()
    finally:
        in_thread(lambda: Tour.objects.filter(name="Hành trình kiểm thử hai ngày").delete())
        in_thread(planner.delete)


def _point_near_a_road(offset_deg):
    """(lon, lat) offset east of a road vertex, and the distance in metres to the nearest vertex."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT ST_X(p), ST_Y(p), (SELECT ST_Distance(v.geom::geography, p::geography) FROM roads_roadvertex v
                                      ORDER BY v.geom <-> p LIMIT 1)
            FROM (SELECT ST_SetSRID(ST_MakePoint(ST_X(geom) + %s, ST_Y(geom)), 4326) AS p
                  FROM roads_roadvertex ORDER BY id LIMIT 40) AS t
            ORDER BY 3 DESC LIMIT 1""", [offset_deg])
        return cursor.fetchone()


def _point_far_from_roads(metres):
    """(lon, lat) inside the province farther than `metres` from every road vertex (a 0.02° grid searched)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""
            WITH province AS (SELECT geom FROM places_adminunit WHERE level = 'province' ORDER BY id LIMIT 1),
            grid AS (SELECT ST_SetSRID(ST_MakePoint(x, y), 4326) AS p
                     FROM province, generate_series(ST_XMin(geom)::numeric, ST_XMax(geom)::numeric, 0.02) AS x,
                          generate_series(ST_YMin(geom)::numeric, ST_YMax(geom)::numeric, 0.02) AS y)
            SELECT ST_X(p), ST_Y(p) FROM grid, province
            WHERE ST_Covers(province.geom, grid.p)
              AND (SELECT ST_Distance(v.geom::geography, grid.p::geography) FROM roads_roadvertex v
                   ORDER BY v.geom <-> grid.p LIMIT 1) > %s
            LIMIT 1""", [metres])
        return cursor.fetchone()


def click_at(page, lon, lat):
    page.evaluate("window.scrollTo(0, 0)")
    point = page.evaluate("([lat, lon]) => { const p = window.ocopSupply.map.latLngToContainerPoint([lat, lon]);"
                          " const r = document.getElementById('supplymap').getBoundingClientRect();"
                          " return [r.left + p.x, r.top + p.y]; }", [lat, lon])
    page.mouse.click(*point)


def test_supply_journey_defaults_work_errors_in_words_points_noise_list_and_a_snapped_catchment(desk):
    officer = log_in(desk, "journey-supply", Role.PROVINCIAL_OFFICER)
    requests = []
    desk.page.on("request", lambda r: requests.append(r.url))
    try:
        page = desk.goto("/supply/")
        page.wait_for_function("Number(document.body.dataset.roadsDrawn) > 0")
        # The defaults are valid: the clusters come at once, as many as the API finds for the same values.
        page.wait_for_function("document.querySelectorAll('#supply-table tbody tr').length > 0")
        expected = page.request.get(desk.server + "/api/v1/supply/clusters/?method=dbscan&eps=3000&min_points=3"
                                    "&hull=convex").json()
        assert page.locator("#supply-table tbody tr").count() == expected["cluster_count"] > 0
        assert not page.locator("#supply-message").evaluate("e => e.classList.contains('error')")
        # The method in plain words, no jargon on screen.
        text = page.locator("#supply-form").inner_text()
        assert "DBSCAN" not in text and "eps" not in text and "k-means" not in text
        # The producers outside any cluster, one per line.
        assert page.locator("#noise-list li").count() == len(expected["noise"])
        no_axe_violation(page, "/supply/")
        desk.screenshot("journey-supply-clusters")

        # A value off the field's own step is refused in words, next to the field, and nothing is sent.
        sent = len(requests)
        page.fill("input[name=eps]", "3050")
        page.click("button[value=clusters]")
        error = page.locator("#error-eps")
        assert error.is_visible() and "100" in error.inner_text() and "50.000" in error.inner_text()
        assert page.locator("#supply-errors li").count() == 1
        assert not [u for u in requests[sent:] if "/api/v1/supply/" in u]
        page.fill("input[name=min_points]", "")
        page.click("button[value=clusters]")
        assert page.locator("#supply-errors li").count() == 2
        no_axe_violation(page, "/supply/ with errors")
        desk.screenshot("journey-supply-errors")
        page.fill("input[name=eps]", "3000")
        page.fill("input[name=min_points]", "3")

        # Collection points: a distinct square symbol per cluster.
        page.click("#supply-points")
        page.wait_for_function("document.querySelectorAll('.sym-collection.leaflet-marker-icon').length > 0")
        wait_idle(page)
        assert page.locator(".sym-collection.leaflet-marker-icon").count() == expected["cluster_count"]
        totals = page.locator("#supply-table tbody tr td:nth-child(4)").all_inner_texts()
        assert totals and all(re.fullmatch(r"\d+,\d", t) for t in totals), totals  # decimal comma

        # A catchment from a click away from the roads starts from the nearest road, and says so.
        lon, lat, distance = in_thread(_point_near_a_road, 0.004)
        assert 30 < distance < 2000
        page.evaluate("([lat, lon]) => window.ocopSupply.map.setView([lat, lon], 14, {animate: false})", [lat, lon])
        click_at(page, lon, lat)
        page.wait_for_selector(".sym-start.leaflet-marker-icon", timeout=5000)
        wait_idle(page)
        message = page.locator("#supply-message").inner_text()
        shown = int(re.search(r"(\d+) m từ đường", message).group(1))
        assert abs(shown - distance) < 20, (shown, distance)  # the click lands within a pixel (~10 m at z14)
        desk.screenshot("journey-supply-catchment")

        # Without a pointer: the button starts from the map's centre.
        page.evaluate("([lat, lon]) => window.ocopSupply.map.setView([lat, lon], 14, {animate: false})", [lat, lon])
        page.evaluate("document.getElementById('supply-message').textContent = ''")
        page.focus("#catchment-centre")
        page.keyboard.press("Enter")
        page.wait_for_function("document.getElementById('supply-message').textContent.includes('m từ đường')")

        # Farther than the 2 km limit from any road: refused in words, with what to do.
        far = in_thread(_point_far_from_roads, 3000)
        assert far is not None
        page.evaluate("([lat, lon]) => window.ocopSupply.map.setView([lat, lon], 13, {animate: false})",
                      [far[1], far[0]])
        click_at(page, *far)
        page.wait_for_function("document.getElementById('supply-message').classList.contains('error')")
        assert "Hãy bấm gần một con đường hơn" in page.locator("#supply-message").inner_text()
        desk.errors = [e for e in desk.errors if "status of 422" not in e]  # the refusal the page explains
        desk.assert_clean()
    finally:
        in_thread(officer.delete)


def _two_producers():
    from tests.roles_helpers import producers_in_two_districts

    home, away = producers_in_two_districts()
    return home, away, home.commune.parent


def test_admin_journey_in_vietnamese_history_commune_warning_area_refusal_and_import_map(desk, browser, server):
    from gis_app.imports.models import ImportRun
    from gis_app.registry.models import Producer

    home, away, district = in_thread(_two_producers)
    original = (home.location.x, home.location.y)
    officer = log_in(desk, "journey-admin-province", Role.PROVINCIAL_OFFICER)
    district_tab = Tab(browser, server, viewport=DESKTOP)
    district_tab.context.route("https://tile.openstreetmap.org/**",
                               lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE))
    district_officer = log_in(district_tab, "journey-admin-district", Role.DISTRICT_OFFICER, unit=district)
    try:
        # The change form, in Vietnamese: the history button, the map widget's tools.
        page = desk.goto(f"/admin/registry/producer/{home.pk}/change/")
        assert page.locator("a.historylink").text_content().strip() == "Lịch sử thay đổi"
        page.locator(".leaflet-draw-draw-marker").wait_for(state="attached")
        assert page.locator(".leaflet-draw-draw-marker").get_attribute("title") == "Đặt một điểm"
        no_axe_violation(page, "admin change form")
        desk.screenshot("journey-admin-change-form")

        # The point moves into another district while the commune stays: asked first, then kept on purpose.
        page.evaluate("([lon, lat]) => { document.getElementById('id_location').value ="
                      " JSON.stringify({type: 'Point', coordinates: [lon, lat]}); }", [away.location.x, away.location.y])
        page.click("input[name=_continue]")
        error = page.locator(".field-commune .errorlist")
        error.wait_for()
        assert home.commune.name in error.inner_text() and "Giữ xã này" in error.inner_text()
        assert page.locator("#id_confirm_commune").is_visible()
        assert "Hãy sửa các lỗi bên dưới." in page.locator(".errornote").inner_text()
        assert in_thread(lambda: Producer.objects.get(pk=home.pk).location.x) == original[0]  # nothing saved yet
        desk.screenshot("journey-admin-commune-warning")
        page.locator("#id_confirm_commune").check()
        page.click("input[name=_continue]")
        page.locator(".messagelist .success").wait_for()
        assert in_thread(lambda: Producer.objects.get(pk=home.pk).location.x) == pytest.approx(away.location.x)

        # Its history: Vietnamese columns and values, the point as "lon, lat", no EWKT, no "None".
        assert "Hãy sửa" not in page.content()
        page.click("a.historylink")
        table = page.locator("#change-history")
        table.wait_for()
        headers = [t.strip() for t in table.locator("thead th").all_text_contents()]
        assert headers == ["Bản ghi", "Ngày giờ", "Thao tác", "Người thay đổi", "Lý do thay đổi", "Thay đổi"]
        text = table.inner_text()
        assert "Đã sửa" in text and "SRID" not in text and "None" not in text and "POINT" not in text
        assert f"{original[0]:.6f}, {original[1]:.6f}" in text and f"{away.location.x:.6f}, {away.location.y:.6f}" in text
        assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", text)
        assert "Choose a date" not in page.content()
        no_axe_violation(page, "history page")
        desk.screenshot("journey-admin-history")

        # A district officer opening a producer of another district is told why, with a 403.
        response = district_tab.page.goto(server + f"/admin/registry/producer/{away.pk}/change/")
        assert response.status == 403
        assert "ngoài địa bàn" in district_tab.page.locator(".errornote").inner_text()
        assert "đã bị xóa" not in district_tab.page.content()
        district_tab.screenshot("journey-admin-outside-area")
        # The browser logs the 403 it was meant to get; nothing else may be there.
        district_tab.errors = [e for e in district_tab.errors if "status of 403" not in e]

        # An import: a swapped row gets the hint; a right file shows its rows on a map before importing.
        page = desk.goto("/admin/imports/importrun/upload/")
        header = "Mã chủ thể,Tên chủ thể,Loại hình,Mã xã,Kinh độ,Vĩ độ\n"
        page.select_option("select[name=kind]", "producers")
        page.set_input_files("input[name=file]", {"name": "dao.csv", "mimeType": "text/csv", "buffer": (
            header + "T901,Hộ kinh doanh Nem Lái Thiêu,Hộ kinh doanh,,10.9551,106.6695\n").encode()})
        page.click("#import-upload input[type=submit]")
        page.locator("#import-summary").wait_for()
        assert "bị đảo" in page.locator("#import-problems").inner_text()
        page = desk.goto("/admin/imports/importrun/upload/")
        page.select_option("select[name=kind]", "producers")
        page.set_input_files("input[name=file]", {"name": "tot.csv", "mimeType": "text/csv", "buffer": (
            header + "T902,Hộ kinh doanh Mắm Phú Hòa,Hộ kinh doanh,25750,106.6904,10.9689\n"
                     "T903,Hợp tác xã Rau sạch Phú Thọ,Hợp tác xã,25753,,\n").encode()})
        page.click("#import-upload input[type=submit]")
        page.locator("#import-summary").wait_for()
        page.wait_for_function("document.getElementById('import-map').dataset.rowsDrawn === '2'")
        assert page.locator("#import-map path.leaflet-interactive").count() == 2
        no_axe_violation(page, "import review")
        desk.screenshot("journey-admin-import-review")
        desk.assert_clean()
        district_tab.assert_clean()
    finally:
        def restore():
            from django.contrib.gis.geos import Point

            Producer.objects.filter(pk=home.pk).update(location=Point(*original, srid=4326))
            Producer.history.filter(history_user__username__startswith="journey-admin").delete()
            for run in ImportRun.objects.filter(user__username__startswith="journey-admin"):
                run.file.delete(save=False)
                run.delete()
        in_thread(restore)
        district_tab.context.close()
        in_thread(officer.delete)
        in_thread(district_officer.delete)
