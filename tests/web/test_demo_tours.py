"""The demo's sample tours (manage.py load_demo_tours, run by `make demo` after load_demo; issue #26): published,
themed, computed on the roads, listed on /tours/; idempotent; the suite's own demo holds none."""
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command

from gis_app.tours.models import Tour
from gis_app.web.management.commands.load_demo_tours import DEMO_TOURS

pytestmark = pytest.mark.django_db


class Cards(HTMLParser):
    """{tour id: [theme codes]} of the cards of a catalogue page."""

    def __init__(self):
        super().__init__()
        self.cards, self._card = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li" and "data-tour-id" in attrs:
            self._card = int(attrs["data-tour-id"])
            self.cards[self._card] = []
        elif tag == "li" and "data-theme" in attrs and self._card is not None:
            self.cards[self._card].append(attrs["data-theme"])


def load_tours():
    out = StringIO()
    call_command("load_demo_tours", stdout=out)
    return out.getvalue()


def test_the_suites_demo_has_no_tours():
    assert not Tour.objects.exists()


def test_demo_tours_are_published_routed_and_listed_with_their_themes(client):
    output = load_tours()
    assert f"{len(DEMO_TOURS)} created" in output, output
    tours = {t.name: t for t in Tour.objects.prefetch_related("themes", "stops")}
    assert set(tours) == {spec["name"] for spec in DEMO_TOURS}
    for spec in DEMO_TOURS:
        tour = tours[spec["name"]]
        assert tour.status == Tour.Status.PUBLISHED
        assert {t.code for t in tour.themes.all()} == set(spec["themes"])
        assert tour.description
        # Computed on the road network: a road route longer than the straight legs, legs that add up.
        stops = sorted(tour.stops.all(), key=lambda s: s.position)
        assert len(stops) == len(spec["stops"]) and len(tour.route.coords) > len(stops)
        assert tour.distance_m == pytest.approx(sum(s.leg_metres for s in stops)) and tour.distance_m > 1000
        assert tour.drive_seconds == pytest.approx(sum(s.leg_seconds for s in stops)) and tour.drive_seconds > 0
        assert not tour.private_stops().exists()
    two_days = [t for t in tours.values() if max(s.day for s in t.stops.all()) == 2]
    assert len(two_days) == 1
    night = [s.overnight for s in two_days[0].stops.all() if s.overnight_id]
    assert len(night) == 1 and night[0].kind == "homestay"

    response = client.get("/tours/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    page = Cards()
    page.feed(response.content.decode())
    assert {pk: sorted(codes) for pk, codes in page.cards.items()} == {
        t.pk: sorted(c.code for c in t.themes.all()) for t in tours.values()}
    for tour in tours.values():
        response = client.get(f"/tours/{tour.pk}/", HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code == 200
        gpx = f"/api/v1/tours/{tour.pk}/export/gpx/"
        assert f'href="{gpx}"' in response.content.decode()
        assert client.get(gpx).status_code == 200


def test_running_it_again_adds_nothing():
    load_tours()
    before = (Tour.objects.count(), sorted(Tour.objects.values_list("pk", "updated_at")))
    output = load_tours()
    assert "0 created" in output and f"{len(DEMO_TOURS)} already there" in output, output
    assert (Tour.objects.count(), sorted(Tour.objects.values_list("pk", "updated_at"))) == before
