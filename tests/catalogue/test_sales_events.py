"""Where to buy (points of sale), fairs and promotion events: API, calendar, site pages, layer and bad input.

Distances are checked against pyproj's Geod, visibility and date windows against plain Python over the rows.
"""
import datetime

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from icalendar import Calendar
from pyproj import Geod

from gis_app.events.models import Event
from gis_app.registry.models import Producer, Product, Status, TourismSite
from gis_app.sales.models import PointOfSale

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
GEOD = Geod(ellps="WGS84")
THU_DAU_MOT = (106.652, 10.980)


def features(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return response.json()["features"]


# --- Points of sale ------------------------------------------------------------------------------------------


def test_points_of_sale_api_lists_only_published_ones_as_geojson(client):
    shown = {f["id"] for f in features(client, "/api/v1/points-of-sale/")}
    assert shown == set(PointOfSale.objects.filter(status=Status.PUBLISHED).values_list("pk", flat=True))
    assert PointOfSale.objects.exclude(status=Status.PUBLISHED).exists()  # the demo has a draft to hide


def test_product_filter_lists_the_points_of_sale_selling_it(client):
    product = Product.objects.get(ref="SP026")
    expected = {o.pk for o in PointOfSale.objects.filter(status=Status.PUBLISHED) if product in o.products.all()}
    assert len(expected) >= 3
    got = features(client, f"/api/v1/points-of-sale/?product={product.pk}")
    assert {f["id"] for f in got} == expected
    assert all(product.pk in f["properties"]["product_ids"] for f in got)


def test_a_draft_product_is_never_listed_as_sold(client):
    product = Product.objects.get(ref="SP026")
    Product.objects.filter(pk=product.pk).update(status=Status.DRAFT)
    assert features(client, f"/api/v1/points-of-sale/?product={product.pk}") == []
    assert all(product.pk not in f["properties"]["product_ids"] for f in features(client, "/api/v1/points-of-sale/"))


def test_nearest_points_of_sale_of_a_product_are_ranked_by_geodesic_distance(client):
    product = Product.objects.get(ref="SP026")
    lon, lat = THU_DAU_MOT
    got = features(client, f"/api/v1/points-of-sale/?product={product.pk}&nearest={lon},{lat}&limit=2")
    located = [o for o in PointOfSale.objects.filter(status=Status.PUBLISHED, products=product, location__isnull=False)]
    expected = sorted(located, key=lambda o: GEOD.inv(lon, lat, o.location.x, o.location.y)[2])[:2]
    assert [f["id"] for f in got] == [o.pk for o in expected]
    for f, outlet in zip(got, expected):
        assert f["properties"]["distance_m"] == pytest.approx(
            GEOD.inv(lon, lat, outlet.location.x, outlet.location.y)[2], rel=1e-3)


@pytest.mark.parametrize("query, field", [("nearest=200,10", "nearest"), ("kind=castle", "kind"),
                                          ("product=abc", "product"), ("nearest=106,10&limit=0", "limit")])
def test_bad_point_of_sale_parameters_are_a_400_naming_them(client, query, field):
    response = client.get(f"/api/v1/points-of-sale/?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field


def test_an_online_shop_needs_a_url_and_a_shop_needs_a_place():
    with pytest.raises(ValidationError) as error:
        PointOfSale(kind=PointOfSale.Kind.ONLINE, name="Shop").full_clean()
    assert "url" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        PointOfSale(kind=PointOfSale.Kind.SHOP, name="Shop").full_clean()
    assert "location" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        PointOfSale.objects.create(kind=PointOfSale.Kind.SHOP, name="No place")  # the database says no too


def test_showroom_site_page_lists_what_it_sells_only_public_products(client):
    showroom = TourismSite.objects.get(kind=TourismSite.Kind.SHOWROOM)
    outlet = PointOfSale.objects.get(site=showroom)
    hidden = outlet.products.order_by("pk").first()
    Product.objects.filter(pk=hidden.pk).update(status=Status.DRAFT)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    content = client.get(f"/sites/{showroom.pk}/").content.decode()
    assert 'data-testid="site-sales"' in content
    for product in outlet.products.exclude(pk=hidden.pk).filter(producer__status=Status.PUBLISHED):
        assert f'href="/products/{product.pk}/"' in content
    assert f'href="/products/{hidden.pk}/"' not in content


def test_points_of_sale_are_a_layer_exported_like_the_others(client):
    response = client.get("/export/points_of_sale.geojson")
    assert response.status_code == 200
    body = response.json() if hasattr(response, "json") else None
    ids = {f["properties"]["id"] for f in body["features"]}
    assert ids == set(PointOfSale.objects.filter(status=Status.PUBLISHED, location__isnull=False)
                      .values_list("pk", flat=True))
    assert client.get("/ogc/collections/points_of_sale/items").status_code == 200


# --- Events --------------------------------------------------------------------------------------------------


def test_events_api_lists_upcoming_published_events_by_default(client):
    got = features(client, "/api/v1/events/")
    expected = {e.pk for e in Event.objects.filter(status=Status.PUBLISHED) if e.ends_on >= TODAY}
    assert {f["id"] for f in got} == expected
    assert Event.objects.filter(status=Status.PUBLISHED, ends_on__lt=TODAY).exists()  # a past one is left out
    starts = [f["properties"]["starts_on"] for f in got]
    assert starts == sorted(starts)


def test_events_api_from_to_returns_events_overlapping_the_window(client):
    start, end = TODAY - datetime.timedelta(days=40), TODAY + datetime.timedelta(days=10)
    got = features(client, f"/api/v1/events/?from={start}&to={end}")
    expected = {e.pk for e in Event.objects.filter(status=Status.PUBLISHED)
                if e.starts_on <= end and e.ends_on >= start}
    assert {f["id"] for f in got} == expected


@pytest.mark.parametrize("query, field", [("from=2026-12-10&to=2026-12-01", "to"), ("from=yesterday", "from"),
                                          ("kind=party", "kind")])
def test_bad_event_parameters_are_a_400_naming_them(client, query, field):
    response = client.get(f"/api/v1/events/?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field


def test_an_event_ending_before_it_starts_is_refused_by_the_model_and_the_database():
    event = Event(kind=Event.Kind.FAIR, name="Hội chợ", starts_on=TODAY, ends_on=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "ends_on" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_admin_refuses_an_event_ending_before_it_starts_and_stores_nothing(admin_client_vi):
    before = Event.objects.count()
    response = admin_client_vi.post("/admin/events/event/add/", {
        "kind": "fair", "name": "Hội chợ thử", "starts_on": "2026-12-10", "ends_on": "2026-12-01",
        "status": "draft", "rejection_reason": ""})
    assert response.status_code == 200
    assert "Sự kiện phải kết thúc vào hoặc sau ngày bắt đầu" in response.content.decode()
    assert Event.objects.count() == before


def test_events_ics_parses_with_every_recent_published_event_as_all_day(client):
    response = client.get("/events.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert b"\r\n" in response.content
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))  # RFC 5545 line folding
    calendar = Calendar.from_ical(response.content)
    items = {str(item["uid"]): item for item in calendar.walk("VEVENT")}
    expected = Event.objects.filter(status=Status.PUBLISHED, ends_on__gte=TODAY - datetime.timedelta(days=365))
    assert {uid.split("@")[0] for uid in items} == {f"event-{e.pk}" for e in expected}
    for event in expected:
        item = items[next(uid for uid in items if uid.startswith(f"event-{event.pk}@"))]
        assert item.decoded("dtstart") == event.starts_on
        assert item.decoded("dtend") == event.ends_on + datetime.timedelta(days=1)  # exclusive end
        assert str(item["summary"]) == event.name


def test_events_page_lists_upcoming_events_and_product_pages_show_theirs(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    content = client.get("/events/").content.decode()
    for event in Event.objects.filter(status=Status.PUBLISHED):
        assert (f'id="event-{event.pk}"' in content) == (event.ends_on >= TODAY)
    draft = Event.objects.exclude(status=Status.PUBLISHED).first()
    assert f'id="event-{draft.pk}"' not in content
    week = Event.objects.get(kind=Event.Kind.OCOP_WEEK)
    product = week.products.first()
    assert f"#event-{week.pk}" in client.get(f"/products/{product.pk}/").content.decode()
    producer = week.producers.first()
    assert f"#event-{week.pk}" in client.get(f"/producers/{producer.pk}/").content.decode()


def test_events_page_shows_only_public_participants_through_the_one_visibility_rule(client):
    week = Event.objects.get(kind=Event.Kind.OCOP_WEEK)
    product = week.products.filter(status=Status.PUBLISHED).select_related("producer").first()
    producer = product.producer
    assert product.name in client.get("/events/").content.decode()
    # A published product whose producer is withdrawn is not public: the page must not name it.
    Producer.objects.filter(pk=producer.pk).update(status=Status.DRAFT)
    content = client.get("/events/").content.decode()
    assert product.name not in content and producer.name not in content


def test_an_event_at_a_site_takes_its_place():
    site = TourismSite.objects.first()
    event = Event.objects.create(kind=Event.Kind.FAIR, name="Ở điểm", starts_on=TODAY, ends_on=TODAY, site=site)
    assert event.location.equals(site.location)
    assert Point(site.location.x, site.location.y, srid=4326).equals(event.location)


# --- Roles and moderation in the admin -----------------------------------------------------------------------

def outlet_form(name, point, **extra):
    import json

    return {"kind": "shop", "name": name, "name_en": "", "address": "", "commune": "", "site": "", "producer": "",
            "url": "", "phone": "", "opening_time": "", "closing_time": "", "open_weekdays": "",
            "opening_note": "", "status": "published", "rejection_reason": "",
            "location": json.dumps({"type": "Point", "coordinates": [point.x, point.y]}), **extra}


def test_area_officers_add_points_of_sale_in_their_area_only_and_cannot_publish(client, users, places):
    home, away = places
    client.force_login(users["district_officer"])
    outside = client.post("/admin/sales/pointofsale/add/", outlet_form("Cửa hàng ngoài huyện", away.location))
    assert outside.status_code == 200
    assert not PointOfSale.objects.filter(name="Cửa hàng ngoài huyện").exists()
    inside = client.post("/admin/sales/pointofsale/add/", outlet_form("Cửa hàng trong huyện", home.location))
    assert inside.status_code == 302, inside.content.decode()[:2000]
    saved = PointOfSale.objects.get(name="Cửa hàng trong huyện")
    assert saved.status == Status.DRAFT  # status belongs to moderators: the officer's "published" is ignored
    assert saved.commune_id is not None  # filled from the location


def test_a_producer_account_edits_its_own_shop_and_the_change_waits_for_review(client, users, places):
    home, away = places
    client.force_login(users["producer"])
    own = client.post("/admin/sales/pointofsale/add/", outlet_form("Cửa hàng của tôi", home.location,
                                                                 kind="producer_shop", producer=str(home.pk)))
    assert own.status_code == 302
    assert PointOfSale.objects.get(name="Cửa hàng của tôi").status == Status.SUBMITTED
    other = client.post("/admin/sales/pointofsale/add/", outlet_form("Cửa hàng người khác", away.location,
                                                                   kind="producer_shop", producer=str(away.pk)))
    assert other.status_code in (200, 403)
    assert not PointOfSale.objects.filter(name="Cửa hàng người khác").exists()


def test_tourism_planners_cannot_change_points_of_sale(client, users):
    client.force_login(users["tourism_planner"])
    assert client.get("/admin/sales/pointofsale/add/").status_code == 403


def test_points_of_sale_tile_holds_the_published_ones_inside_it_by_name(client):
    from tests.layers.test_tiles import features as tile_features
    from tests.layers.test_tiles import get_tile, tile_bounds, tile_of

    showroom = PointOfSale.objects.get(kind=PointOfSale.Kind.SHOWROOM)
    z = 14
    x, y = tile_of(showroom.location.x, showroom.location.y, z)
    west, south, east, north = tile_bounds(z, x, y)
    expected = {o.name for o in PointOfSale.objects.filter(status=Status.PUBLISHED, location__isnull=False)
                if west <= o.location.x <= east and south <= o.location.y <= north}
    assert showroom.name in expected
    names = {f["properties"]["name"] for f in tile_features(get_tile(client, "points_of_sale", z, x, y),
                                                            "points_of_sale")}
    assert names == expected


@pytest.mark.parametrize("path, model", [("/admin/sales/pointofsale/", PointOfSale), ("/admin/events/event/", Event)])
def test_catalogue_admin_lists_show_drafts_to_moderators(admin_client, path, model):
    response = admin_client.get(path)
    assert response.status_code == 200
    draft = model.objects.exclude(status=Status.PUBLISHED).first()
    assert draft.name in response.content.decode()


def test_point_of_sale_change_and_history_pages_render_for_a_moderator(admin_client):
    outlet = PointOfSale.objects.get(kind=PointOfSale.Kind.SHOWROOM)
    assert admin_client.get(f"/admin/sales/pointofsale/{outlet.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/sales/pointofsale/{outlet.pk}/history/").status_code == 200
    event = Event.objects.filter(status=Status.PUBLISHED).first()
    assert admin_client.get(f"/admin/events/event/{event.pk}/change/").status_code == 200
