"""The visitors' tours catalogue (/tours/, issue 26 item 1): published tours only, as cards and on a map, with
filters in the address; the planner moved to /tours/plan/, for those who plan tours.

The tours are made straight in the database (tests/tours_helpers.make_tour), so each filter's expected answer is
known from how the tour was made, not from the catalogue's own queries.
"""
import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from gis_app.accounts.models import Role
from gis_app.photos.models import Photo
from gis_app.places.area import area_units
from gis_app.places.dates import report_day
from gis_app.places.models import AdminUnit
from gis_app.registry.models import CraftVillage, Producer, Status, TourismSite
from gis_app.tours.models import Tour
from tests.roles_helpers import make_user
from tests.tours_helpers import make_tour

pytestmark = pytest.mark.django_db


class Catalogue(HTMLParser):
    """The tour ids of the cards, the map's features and the selected filter options of a catalogue page."""

    def __init__(self):
        super().__init__()
        self.cards, self.selected, self.checked, self.labels = [], {}, set(), 0
        self._select, self._script, self.features = None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li" and "data-tour-id" in attrs:
            self.cards.append(int(attrs["data-tour-id"]))
        if tag == "select":
            self._select = attrs["name"]
        if tag == "option" and "selected" in attrs:
            self.selected[self._select] = attrs["value"]
        if tag == "input" and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.checked.add(attrs["name"])
        if tag == "label":
            self.labels += 1
        if tag == "script" and attrs.get("id") == "tours-map-features":
            self._script = ""

    def handle_data(self, data):
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.features, self._script = json.loads(self._script), None


def catalogue(client, query="", status=200, **headers):
    response = client.get("/tours/" + query, **headers)
    assert response.status_code == status, response.content.decode()[:500]
    page = Catalogue()
    page.feed(response.content.decode())
    return page, response.content.decode()


def sites(kind=None, exclude_villages=True):
    """Published demo sites (of `kind`), those inside a published craft village's area left out if asked."""
    found = TourismSite.objects.published().order_by("pk")
    if kind:
        found = found.filter(kind=kind)
    villages = [v.area for v in CraftVillage.objects.published()]
    return [s for s in found if not (exclude_villages and (s.kind == TourismSite.Kind.CRAFT_VILLAGE or any(
        area.covers(s.location.transform(4326, clone=True)) for area in villages)))]


@pytest.fixture
def plain_sites():
    found = sites()
    assert len(found) >= 4, "the demo needs four sites outside craft villages"
    return found


def test_the_catalogue_lists_published_tours_only_to_everybody_staff_included(client, admin_client, plain_sites):
    public = make_tour("Tuyến đã công bố", plain_sites[:2])
    draft = make_tour("Tuyến nháp", plain_sites[1:3], status=Tour.Status.DRAFT)
    for who in (client, admin_client):
        page, html = catalogue(who)
        assert public.pk in page.cards and draft.pk not in page.cards
        assert [f["id"] for f in page.features["features"]] == page.cards  # the map shows the same tours
        assert "Tuyến nháp" not in html


def test_each_card_shows_the_first_stop_photo_days_duration_and_length(client, plain_sites):
    tour = make_tour("Hai ngày", plain_sites[:3], km=123.4, days=[1, 1, 2])
    Photo.objects.filter(site__in=plain_sites[:3]).delete()
    Photo.objects.create(site=plain_sites[1], image="photos/2026/diem-thu-hai.jpg", position=2)
    Photo.objects.create(site=plain_sites[1], image="photos/2026/diem-thu-hai-truoc.jpg", position=1)
    Photo.objects.create(site=plain_sites[2], image="photos/2026/diem-thu-ba.jpg")
    _, html = catalogue(client, HTTP_ACCEPT_LANGUAGE="vi")
    card = re.search(rf'<li class="tour-card" data-tour-id="{tour.pk}">(.*?)</li>', html, re.S).group(1)
    assert "photos/2026/diem-thu-hai-truoc.jpg" in card  # the first stop with a photo, its first photo
    assert "2 ngày" in card and "6 giờ 00 phút" in card and "123,4 km" in card and "3 điểm dừng" in card
    assert f'href="/tours/{tour.pk}/"' in card
    _, english = catalogue(client, HTTP_ACCEPT_LANGUAGE="en")
    assert "2 days" in english and "123.4 km" in english and "Tour routes" in english


def test_a_card_takes_no_photo_from_a_stop_that_is_no_longer_public(client, plain_sites):
    tour = make_tour("Điểm ẩn", plain_sites[:2])
    Photo.objects.filter(site__in=plain_sites[:2]).delete()
    Photo.objects.create(site=plain_sites[0], image="photos/2026/an.jpg")
    TourismSite.objects.filter(pk=plain_sites[0].pk).update(status=Status.DRAFT)
    _, html = catalogue(client)
    card = re.search(rf'data-tour-id="{tour.pk}">(.*?)</li>', html, re.S).group(1)
    assert "photos/2026/an.jpg" not in card and "1 điểm dừng" in card


def test_the_days_filter_keeps_one_day_two_days_or_three_and_more(client, plain_sites):
    one = make_tour("Một ngày", plain_sites[:2])
    two = make_tour("Hai ngày", plain_sites[:3], days=[1, 2, 2])
    four = make_tour("Bốn ngày", plain_sites[:4], days=[1, 2, 3, 4])
    made = {one.pk, two.pk, four.pk}
    for days, expected in (("1", {one.pk}), ("2", {two.pk}), ("3", {four.pk}), ("", made)):
        page, _ = catalogue(client, f"?days={days}")
        assert set(page.cards) & made == expected, days
        assert page.selected.get("days", "") == days


def test_the_length_filter_keeps_the_tours_of_the_chosen_band(client, plain_sites):
    lengths = {20: None, 25: None, 60: None, 149.9: None, 300: None}
    for km in lengths:
        lengths[km] = make_tour(f"Tuyến {km} km", plain_sites[:2], km=km).pk
    bands = {"0-25": [20, 25], "25-75": [60], "75-150": [149.9], "150-": [300]}
    for band, kms in bands.items():
        page, _ = catalogue(client, f"?length={band}")
        assert set(page.cards) & set(lengths.values()) == {lengths[km] for km in kms}, band
        assert page.selected["length"] == band


def today_commune(site, day=None):
    """The ward or commune of `day` (today) the site lies in: the catalogue offers today's units (#24)."""
    return area_units(report_day(day), AdminUnit.Level.COMMUNE).filter(geom__covers=site.location).first()


@pytest.mark.parametrize("units_on", [None, "2025-06-30"])
def test_the_commune_filter_keeps_tours_with_a_stop_in_that_commune(client, plain_sites, units_on):
    day = datetime.date.fromisoformat(units_on) if units_on else None
    by_commune = {}
    for site in plain_sites:
        by_commune.setdefault(today_commune(site, day).code, site)
    assert len(by_commune) >= 3, "the demo needs sites in three communes"
    (first_code, first), (_, second), (third_code, third) = list(by_commune.items())[:3]
    here = make_tour("Qua xã thứ nhất", [first, second])
    elsewhere = make_tour("Không qua", [second, third])
    extra = f"&units_on={units_on}" if units_on else ""
    page, html = catalogue(client, f"?commune={first_code}{extra}")
    assert here.pk in page.cards and elsewhere.pk not in page.cards
    assert page.selected["commune"] == first_code
    assert f'<option value="{third_code}"' in html  # communes offered: those the tours pass through
    label = AdminUnit.objects.with_labels(report_day(day)).get(pk=today_commune(third, day).pk).label_on
    assert re.search(f">{re.escape(label)}( – [0-9.]+)?</option>", html)  # with its kind and parent (and its count)


def test_the_producers_filter_keeps_tours_stopping_at_a_published_producer(client, plain_sites):
    producers = list(Producer.objects.published().order_by("pk")[:2])
    with_producer = make_tour("Có chủ thể", [plain_sites[0], producers[0]])
    sites_only = make_tour("Chỉ điểm du lịch", plain_sites[:2])
    hidden = make_tour("Chủ thể ẩn", [plain_sites[0], producers[1]])
    Producer.objects.filter(pk=producers[1].pk).update(status=Status.DRAFT)  # unpublished after the tour
    page, _ = catalogue(client, "?producers=1")
    assert with_producer.pk in page.cards and {sites_only.pk, hidden.pk}.isdisjoint(page.cards)
    assert "producers" in page.checked


def test_the_craft_village_filter_keeps_tours_through_a_craft_village(client, plain_sites):
    village_sites = sites(TourismSite.Kind.CRAFT_VILLAGE, exclude_villages=False)
    village = CraftVillage.objects.published().order_by("pk").first()
    member = village.members().published().order_by("pk").first()
    assert village_sites and member, "the demo needs a craft-village site and a producer inside a village"
    at_site = make_tour("Làng nghề", [plain_sites[0], village_sites[0]])
    at_member = make_tour("Cơ sở trong làng", [plain_sites[0], member])
    elsewhere = make_tour("Ngoài làng", plain_sites[:2])
    page, _ = catalogue(client, "?craft_villages=1")
    assert {at_site.pk, at_member.pk} <= set(page.cards) and elsewhere.pk not in page.cards


def test_filters_combine_and_stay_in_the_address_with_labels(client, plain_sites):
    producer = Producer.objects.published().order_by("pk").first()
    kept = make_tour("Giữ", [plain_sites[0], producer], km=60)
    too_long = make_tour("Quá dài", [plain_sites[0], producer], km=200)
    page, html = catalogue(client, "?length=25-75&producers=1")
    assert kept.pk in page.cards and too_long.pk not in page.cards
    assert '<form class="tour-filters" method="get"' in html
    assert page.labels >= 5  # every filter has its label


@pytest.mark.parametrize("query,field", [("?days=9", "days"), ("?length=1-2", "length"),
                                         ("?commune=nope", "commune"), ("?producers=yes", "producers")])
def test_a_bad_filter_value_is_a_400_naming_the_filter(client, query, field):
    _, html = catalogue(client, query, status=400, HTTP_ACCEPT_LANGUAGE="vi")
    assert f'data-field="{field}"' in html


def test_the_planner_is_for_tour_planners_and_sends_visitors_to_log_in(client, django_user_model):
    response = Client().get("/tours/plan/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "next=/tours/plan/" in response["Location"]
    producer = make_user(django_user_model, Role.PRODUCER, name="chu_the",
                         producer=Producer.objects.order_by("pk").first())
    client.force_login(producer)
    assert client.get("/tours/plan/").status_code == 403
    planner = make_user(django_user_model, Role.TOURISM_PLANNER, name="lap_tuyen")
    client.force_login(planner)
    page = client.get("/tours/plan/")
    assert page.status_code == 200 and "tours/planner.js" in page.content.decode()


def test_an_old_planner_address_opens_the_planner_for_planners_and_the_catalogue_for_visitors(
        client, django_user_model):
    old = "/tours/?stops=site:1,site:2&end=round"
    page, _ = catalogue(Client(), old[len("/tours/"):])  # a visitor's old link: the catalogue
    planner = make_user(django_user_model, Role.TOURISM_PLANNER, name="lap_tuyen")
    client.force_login(planner)
    response = client.get(old)
    assert response.status_code == 302
    assert response["Location"] == "/tours/plan/?stops=site%3A1%2Csite%3A2&end=round"


def test_the_menu_opens_the_catalogue_and_only_planners_see_plan_a_tour(client, django_user_model):
    home = Client().get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<a href="/tours/">Tuyến tham quan</a>' in home and "/tours/plan/" not in home
    client.force_login(make_user(django_user_model, Role.TOURISM_PLANNER, name="lap_tuyen"))
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<a href="/tours/plan/">Lập tuyến</a>' in home
