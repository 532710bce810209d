"""A tour saved, reopened and saved again in Chromium keeps its stops (a point given by coordinates among them),
their order and its departure byte for byte in the API, with the browser in UTC and in Asia/Ho_Chi_Minh (#22).

Before the fix, the planner put the UTC text of the stored departure into its local-time input (08:00 came back
as 01:00 and every save shifted it by 7 hours) and dropped stops that were not a site or a producer."""
import datetime
import json
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from gis_app.accounts.models import Role
from gis_app.accounts.roles import assign_role
from gis_app.registry.models import TourismSite
from gis_app.tours.models import Tour
from tests.browser import Tab, in_thread

pytestmark = pytest.mark.browser
BLANK_TILE = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                           "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")
POINT_NAME = "Điểm hẹn cổng chợ"


def log_in(tab, username):
    def create():
        user = get_user_model().objects.create_user(username, password=None, is_staff=True)
        assign_role(user, Role.TOURISM_PLANNER)
        client = Client()
        client.force_login(user)
        return user, client.cookies[settings.SESSION_COOKIE_NAME].value

    user, session = in_thread(create)
    tab.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": tab.server}])
    return user


def wait_idle(page):
    page.wait_for_function("!document.body.hasAttribute('aria-busy')")


def api_text(page, server, tour_id):
    """The tour as the API writes it, without `updated_at` (which a save must change)."""
    response = page.request.get(f"{server}/api/v1/tours/{tour_id}/")
    assert response.status == 200
    return re.sub(r'"updated_at":"[^"]*",?', "", response.text())


@pytest.mark.django_db
def test_the_planner_reopens_a_tour_with_its_point_stops_and_its_local_departure():
    """What the edit page hands the planner: 08:00 in Vietnam stays 08:00 (the database keeps UTC), and a stop
    given by coordinates comes back with its name, coordinates and visit."""
    from django.contrib.gis.geos import LineString, Point
    from django.utils import timezone

    from gis_app.tours.models import TourStop
    from gis_app.tours.views import _editing

    start = timezone.make_aware(datetime.datetime(2026, 12, 1, 8, 0))
    tour = Tour.objects.create(name="t", route=LineString((106.6, 11.0), (106.7, 11.1), srid=4326), start_at=start,
                               end="fixed", distance_m=1, drive_seconds=1, visit_seconds=0, total_seconds=1)
    TourStop.objects.create(tour=tour, position=1, name=POINT_NAME, location=Point(106.6, 11.0, srid=4326),
                            visit_minutes=20, arrival=start, departure=start)
    tour.refresh_from_db()
    assert tour.start_at.utcoffset() == datetime.timedelta(0)  # what the buggy planner sliced: 01:00
    editing = _editing(tour)
    assert editing["start_at"] == "2026-12-01T08:00"
    assert editing["stops"] == [{"kind": "point", "id": None, "name": POINT_NAME, "lon": 106.6, "lat": 11.0,
                                 "visit_minutes": 20}]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Ho_Chi_Minh"])
def test_tour_saved_reopened_and_saved_again_is_byte_identical_in_the_api(django_db_setup, browser, server, zone):
    tab = Tab(browser, server, viewport={"width": 1440, "height": 900}, timezone_id=zone)
    tab.context.route("https://tile.openstreetmap.org/**",
                      lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE))
    user = log_in(tab, f"faithful-{zone.replace('/', '-').lower()}")
    tour_ids = []
    try:
        # The browser really is in that zone (Chromium names Asia/Ho_Chi_Minh "Asia/Saigon").
        offset = tab.page.evaluate("new Date(2026, 11, 1, 8, 0).getTimezoneOffset()")
        assert offset == {"UTC": 0, "Asia/Ho_Chi_Minh": -420}[zone]
        page = tab.goto("/tours/plan/")
        sites = in_thread(lambda: list(TourismSite.objects.published().exclude(kind="homestay")
                                       .order_by("name").values_list("pk", "location")[:2]))
        for pk, _location in sites:
            page.select_option("#place-select", f"site:{pk}")
            page.click("#add-stop")
        # A click on the map where no place is gives coordinates for a point stop.
        page.locator("#tour-map").click(position={"x": 40, "y": 300})
        assert page.locator("#point-lon").input_value() != ""
        # Typed coordinates: a point some 100 m from the first site, with a decimal comma.
        lon, lat = sites[0][1].x + 0.0008, sites[0][1].y + 0.0006
        page.fill("#point-name", POINT_NAME)
        page.fill("#point-lon", f"{lon:.6f}".replace(".", ","))
        page.fill("#point-lat", f"{lat:.6f}")
        page.fill("#point-visit", "20")
        page.click("#add-point")
        assert page.locator("#stop-list li").count() == 3
        assert page.locator("#stop-list li").nth(2).inner_text().startswith(POINT_NAME)

        day = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
        page.fill("#start-at", f"{day}T08:00")
        page.uncheck("#optimize")
        page.click("#compute")
        page.locator("#result").wait_for()
        wait_idle(page)
        assert page.locator("#message").inner_text() == ""
        page.fill("#tour-name", f"Giữ nguyên giờ {zone}")
        page.click("#save")
        wait_idle(page)
        page.locator("#saved a").wait_for()
        tour_id = int(page.evaluate("window.ocopPlanner.state.tourId"))
        tour_ids.append(tour_id)
        first = api_text(page, server, tour_id)
        data = json.loads(first)
        assert data["start_at"] == f"{day}T08:00:00+07:00"
        assert [s["name"] for s in data["stops"]][2] == POINT_NAME
        assert (data["stops"][2]["lon"], data["stops"][2]["lat"]) == (round(lon, 6), round(lat, 6))

        for _ in range(2):  # reopen and save, twice: nothing moves
            page = tab.goto(f"/tours/{tour_id}/edit/")
            page.locator("#result").wait_for()
            wait_idle(page)
            assert page.locator("#start-at").input_value() == f"{day}T08:00"
            assert page.locator("#stop-list li").count() == 3
            assert page.locator("#timings tr td:nth-child(3)").first.inner_text() == "08:00"
            page.click("#save")
            wait_idle(page)
            assert page.locator("#message").inner_text() == ""
            assert api_text(page, server, tour_id) == first
        assert in_thread(lambda: Tour.objects.filter(pk=tour_id).count()) == 1
        tab.assert_clean()
    finally:
        in_thread(lambda: Tour.objects.filter(pk__in=tour_ids).delete())
        in_thread(user.delete)
        tab.context.close()
