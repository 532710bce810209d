"""Small gaps of issue 26, item 8: a share button on product, site and tour pages, one .ics per event, og:image
where the record has a photo.

The .ics files are read twice: by the icalendar library, and by hand (RFC 5545: CRLF line ends, folded lines,
escaped text), so that a library bug on both sides cannot hide.
"""
import datetime
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from icalendar import Calendar

from gis_app.events.models import Event
from gis_app.photos.models import Photo
from gis_app.registry.models import Product, Status, TourismSite
from gis_app.tours.models import Tour

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


class Page(HTMLParser):
    """og:* metas and share buttons of a page."""

    def __init__(self):
        super().__init__()
        self.og, self.share = {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") or "").startswith("og:"):
            self.og[attrs["property"]] = attrs.get("content")
        if tag == "button" and "share-button" in (attrs.get("class") or ""):
            self.share.append(attrs)


def parsed(response):
    assert response.status_code == 200, response.status_code
    page = Page()
    page.feed(response.content.decode())
    return page


def public_product():
    return Product.objects.filter(status=Status.PUBLISHED, producer__status=Status.PUBLISHED).order_by("pk").first()


@pytest.fixture
def published_tour(admin_client):
    sites = TourismSite.objects.published().order_by("name")[:3]
    response = admin_client.post("/api/v1/tours/", {"name": "Một ngày ở Bình Dương",
                                                     "stops": [{"site": s.pk} for s in sites]},
                                 content_type="application/json")
    tour = Tour.objects.get(pk=response.json()["id"])
    tour.status = Tour.Status.PUBLISHED
    tour.save()
    return tour, list(sites)


# --- share button ------------------------------------------------------------------------------------------

def test_product_site_and_tour_pages_have_a_share_button_with_their_absolute_address(client, published_tour):
    tour, sites = published_tour
    product = public_product()
    for path, title in [(f"/products/{product.pk}/", product.name), (f"/sites/{sites[0].pk}/", sites[0].name),
                        (f"/tours/{tour.pk}/", tour.name)]:
        buttons = parsed(client.get(path, HTTP_ACCEPT_LANGUAGE="vi")).share
        assert len(buttons) == 1, path
        assert buttons[0]["data-share-url"] == f"http://testserver{path}" and buttons[0]["data-share-title"] == title
        assert buttons[0]["data-copied"].startswith("Đã sao chép đường liên kết")
    english = parsed(client.get(f"/products/{product.pk}/", HTTP_ACCEPT_LANGUAGE="en")).share[0]
    assert english["data-copied"].startswith("Link copied")


def test_the_shared_address_is_the_public_one_when_set(client, settings):
    settings.OCOP_PUBLIC_URL = "https://ocop.example.vn"
    site = TourismSite.objects.published().order_by("pk").first()
    assert parsed(client.get(f"/sites/{site.pk}/")).share[0]["data-share-url"] == f"https://ocop.example.vn/sites/{site.pk}/"


def test_a_draft_tour_offers_no_share_button(admin_client, published_tour):
    tour, _sites = published_tour
    Tour.objects.filter(pk=tour.pk).update(status=Tour.Status.DRAFT)
    assert parsed(admin_client.get(f"/tours/{tour.pk}/")).share == []


# --- one .ics per event --------------------------------------------------------------------------------------

def unfolded(raw):
    """The content lines of an iCalendar body: every line ends with CRLF; a line starting with a space continues
    the previous one (RFC 5545 §3.1)."""
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    return raw.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def unescaped(value):
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def test_each_event_has_its_own_ics_with_crlf_and_escaped_text(client):
    event = Event.objects.create(kind=Event.Kind.FAIR, name="Hội chợ OCOP; đặc sản, quà tặng", starts_on=TODAY,
                                 ends_on=TODAY + datetime.timedelta(days=2), venue="Nhà văn hoá, TP. Thủ Dầu Một",
                                 description="Ngày 1: khai mạc\nNgày 2: " + "giới thiệu sản phẩm " * 8,
                                 organiser="Sở Công Thương", status=Status.PUBLISHED)
    response = client.get(f"/events/{event.pk}.ics")
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = unfolded(response.content)
    assert all(len(line.encode()) <= 75 for line in response.content.decode().split("\r\n"))  # folded
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR" and "VERSION:2.0" in lines
    fields = dict(line.split(":", 1) for line in lines if ":" in line)
    assert fields["SUMMARY"] == "Hội chợ OCOP\\; đặc sản\\, quà tặng"
    assert unescaped(fields["SUMMARY"]) == event.name
    assert unescaped(fields["LOCATION"]) == event.venue
    assert unescaped(fields["DESCRIPTION"]) == f"{event.description}\n{event.organiser}"
    assert fields["DTSTART;VALUE=DATE"] == TODAY.strftime("%Y%m%d")
    assert fields["DTEND;VALUE=DATE"] == (TODAY + datetime.timedelta(days=3)).strftime("%Y%m%d")  # exclusive
    assert fields["UID"] == f"event-{event.pk}@testserver"

    calendar = Calendar.from_ical(response.content)
    (item,) = calendar.walk("VEVENT")
    assert str(item["summary"]) == event.name and item.decoded("dtstart") == TODAY


def test_a_draft_event_has_no_ics_and_the_events_page_links_each_events_own(client):
    draft = Event.objects.exclude(status=Status.PUBLISHED).first()
    assert client.get(f"/events/{draft.pk}.ics").status_code == 404
    page = client.get("/events/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    shown = re.findall(r'<li id="event-(\d+)"', page)
    assert shown and sorted(re.findall(r'href="/events/(\d+)\.ics"', page)) == sorted(shown)
    assert "Thêm sự kiện này vào lịch của tôi (.ics)" in page


# --- og:image --------------------------------------------------------------------------------------------------

def test_a_site_with_a_photo_has_an_absolute_og_image_and_one_without_has_none(client):
    with_photo = TourismSite.objects.published().order_by("pk").first()
    without = TourismSite.objects.published().exclude(pk=with_photo.pk).filter(gallery__isnull=True).first()
    photo = Photo.objects.create(site=with_photo, image="photos/2026/cho-noi.jpg")
    og = parsed(client.get(f"/sites/{with_photo.pk}/")).og
    assert og["og:image"] == f"http://testserver{photo.image.url}"
    assert og["og:url"] == f"http://testserver/sites/{with_photo.pk}/" and og["og:title"] == with_photo.name
    assert "og:image" not in parsed(client.get(f"/sites/{without.pk}/")).og


def test_a_producer_with_a_photo_has_an_og_image(client):
    producer = public_product().producer
    photo = Photo.objects.create(producer=producer, image="photos/2026/co-so.jpg")
    assert parsed(client.get(f"/producers/{producer.pk}/")).og["og:image"] == f"http://testserver{photo.image.url}"


def test_a_tour_shows_its_first_stop_photo_as_og_image(client, published_tour):
    tour, sites = published_tour
    Photo.objects.filter(site__in=sites).delete()
    assert "og:image" not in parsed(client.get(f"/tours/{tour.pk}/")).og
    photo = Photo.objects.create(site=sites[1], image="photos/2026/lang-nghe.jpg")
    og = parsed(client.get(f"/tours/{tour.pk}/")).og
    assert og["og:image"] == f"http://testserver{photo.image.url}" and og["og:title"] == tour.name
