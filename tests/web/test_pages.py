"""The server-rendered pages: dashboard figures against plain Python counts over the demo rows, site pages."""
import datetime
from collections import Counter

import pytest
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from gis_app.places.models import AdminUnit
from gis_app.registry.models import Product, Status, TourismSite
from gis_app.web import queries
from tests.recognition_helpers import decisions_in_force, stars_in_force

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def current_stars_by_product():
    """Stars in force today of each published OCOP product (expired, revoked, candidates left out), by a loop."""
    stars = stars_in_force(TODAY)
    return {product.pk: stars[product.pk] for product in Product.objects.published() if product.pk in stars}


def test_dashboard_sends_anonymous_visitors_to_log_in(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/dashboard/")


def test_products_by_stars_equal_a_count_over_the_demo_evaluations():
    expected = Counter(current_stars_by_product().values())
    shown = {row["stars"]: row["count"] for row in queries.dashboard(days=90, day=TODAY)["by_stars"]}
    assert shown == dict(expected)
    assert sum(shown.values()) == Product.objects.published().ocop().count() < Product.objects.published().count()


def unit_covering(units, point):
    return next((unit for unit in units if unit.geom.covers(point)), None)


def programme_units(level):
    return list(AdminUnit.objects.valid_on(settings.OCOP_REGISTRY_UNITS_ON).filter(level=level))


def test_products_by_district_equal_a_count_over_the_demo_producers():
    districts = programme_units(AdminUnit.Level.DISTRICT)
    ocop = current_stars_by_product()
    expected = Counter(unit_covering(districts, product.producer.location).code
                       for product in Product.objects.published().select_related("producer") if product.pk in ocop)
    old = queries.dashboard(days=90, day=TODAY, units_on=settings.OCOP_REGISTRY_UNITS_ON)
    shown = {row["code"]: row["count"] for row in old["by_unit"]}
    assert old["unit_level"] == "district"
    assert {code: n for code, n in shown.items() if n} == dict(expected)
    assert set(shown) == {unit.code for unit in districts}


def test_the_overview_groups_by_todays_units_by_default_with_the_same_total():
    """#24: today's 36 wards and communes by default, the 9 districts on 30/06/2025, the same products."""
    today = queries.dashboard(days=90, day=TODAY)
    old = queries.dashboard(days=90, day=TODAY, units_on=settings.OCOP_REGISTRY_UNITS_ON)
    current = list(AdminUnit.objects.valid_on(TODAY).filter(level=AdminUnit.Level.COMMUNE))
    assert today["unit_level"] == "commune" and len(current) == 36
    assert {row["code"] for row in today["by_unit"]} == {unit.code for unit in current}
    assert sum(r["count"] for r in today["by_unit"]) == sum(r["count"] for r in old["by_unit"]) == \
        today["total_products"]
    assert today["commune_count"] == 36 and old["commune_count"] == 91
    ocop = current_stars_by_product()
    expected = Counter(unit_covering(current, product.producer.location).code
                       for product in Product.objects.published().select_related("producer") if product.pk in ocop)
    assert {row["code"]: row["count"] for row in today["by_unit"] if row["count"]} == dict(expected)


def test_the_overview_page_carries_its_unit_day_in_the_url(admin_client_vi):
    page = admin_client_vi.get("/dashboard/").content.decode()
    assert "Sản phẩm theo xã, phường" in page and "trên 36 xã, phường" in page
    assert '?units_on=2025-06-30' in page
    old = admin_client_vi.get("/dashboard/", {"units_on": "30/06/2025"}).content.decode()
    assert "Sản phẩm theo đơn vị cấp huyện" in old and "trên 91 xã, phường" in old
    bad = admin_client_vi.get("/dashboard/", {"units_on": "31/02/2025"})
    assert bad.status_code == 400 and "units_on" in bad.content.decode()


def test_expiring_recognitions_are_those_ending_within_90_days_soonest_first():
    expected = sorted((e.valid_until, e.pk) for e in decisions_in_force(TODAY).values()
                      if e.valid_until <= TODAY + datetime.timedelta(days=90))
    rows = queries.dashboard(days=90, day=TODAY)["expiring"]
    assert [(row["evaluation"].valid_until, row["evaluation"].pk) for row in rows] == expected
    assert expected, "the demo data should hold recognitions that expire soon"
    assert rows[0]["evaluation_url"] == f"/admin/registry/evaluation/{rows[0]['evaluation'].pk}/change/"


def test_communes_without_a_rated_product_are_the_others():
    stars = current_stars_by_product()
    communes = programme_units(AdminUnit.Level.COMMUNE)
    rated = {unit_covering(communes, product.producer.location).code
             for product in Product.objects.published().select_related("producer") if stars.get(product.pk)}
    expected = {unit.code for unit in communes} - rated
    shown = {row["code"] for row in queries.dashboard(days=90, day=TODAY,
                                                      units_on=settings.OCOP_REGISTRY_UNITS_ON)["unrated_communes"]}
    assert shown == expected
    assert 0 < len(shown) < len(communes)


def test_dashboard_page_shows_the_figures_to_staff(admin_client_vi):
    response = admin_client_vi.get("/dashboard/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Tổng quan</h1>" in text and "Bảng điều khiển" not in text
    assert f'data-testid="total-products">{Product.objects.published().ocop().count()}<' in text
    assert "Ý tưởng sản phẩm" in text and "Kế hoạch năm: chỉ tiêu và kết quả" in text


def test_site_page_shows_hours_services_products_and_directions(client):
    site = TourismSite.objects.published().exclude(services=[]).first()
    response = client.get(f"/sites/{site.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert response.status_code == 200
    assert site.name in text
    for code in site.services:
        assert str(TourismSite.Service(code).label) in text
    lat, lon = site.location.y, site.location.x
    assert f"https://www.google.com/maps/dir/?api=1&amp;destination={lat:.6f},{lon:.6f}" in text
    assert f"geo:{lat:.6f},{lon:.6f}" in text
    for product in site.products.published():
        assert product.name in text


def test_site_page_shows_the_english_name_and_description_on_english_pages_where_filled(client):
    site = TourismSite.objects.published().first()
    site.name_en, site.description_en = "Lai Thieu orchard (English)", "Fruit gardens by the Saigon river."
    site.save()
    english = client.get(f"/sites/{site.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Lai Thieu orchard (English)</h1>" in english and "Fruit gardens by the Saigon river." in english
    vietnamese = client.get(f"/sites/{site.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f"<h1>{site.name}</h1>" in vietnamese and "Fruit gardens" not in vietnamese


def test_site_page_shows_the_photos_uploaded_in_the_admin_marked_when_illustrative(client):
    from gis_app.photos.models import Photo

    photo = Photo.objects.filter(site__status="published").select_related("site").first()
    assert photo is not None, "the demo ships an illustration of a site"
    text = client.get(f"/sites/{photo.site_id}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert (photo.thumbnail or photo.image).url in text
    if photo.illustrative:
        assert "illustrative" in text


def test_unpublished_sites_are_not_shown_to_visitors(client):
    site = TourismSite.objects.published().first()
    TourismSite.objects.filter(pk=site.pk).update(status=Status.DRAFT)
    assert client.get(f"/sites/{site.pk}/").status_code == 404


def test_chart_bar_widths_are_plain_numbers_in_any_language():
    bars = queries.chart([("a", 3), ("b", 1), ("c", 0)])
    assert [bar["percent"] for bar in bars] == ["100.0", "33.3", "0.0"]


def test_site_page_lists_published_tours_stopping_there_and_not_drafts(client):
    from django.contrib.gis.geos import LineString
    from django.utils import timezone

    from gis_app.tours.models import Tour

    site = TourismSite.objects.published().first()
    route = LineString((site.location.x, site.location.y), (106.65, 10.98), srid=4326)
    now = timezone.now()
    tours = {}
    for name, status in (("Tour vườn trái cây", Tour.Status.PUBLISHED), ("Tour nháp", Tour.Status.DRAFT)):
        tours[status] = Tour.objects.create(name=name, status=status, route=route, start_at=now, distance_m=1000,
                                            drive_seconds=120, visit_seconds=3600, total_seconds=3720)
        tours[status].stops.create(position=1, name=site.name, site=site, location=site.location, arrival=now,
                                   departure=now)
    page = client.get(f"/sites/{site.pk}/").content.decode()
    assert f'href="/tours/{tours[Tour.Status.PUBLISHED].pk}/"' in page
    assert "Tour vườn trái cây" in page and "Tour nháp" not in page


def test_producer_accounts_do_not_see_the_dashboard_or_draft_sites(client):
    from django.contrib.auth import get_user_model

    from gis_app.accounts.models import Profile, Role
    from gis_app.registry.models import Producer

    user = get_user_model().objects.create_user("hokinhdoanh", password="x", is_staff=True)
    Profile.objects.update_or_create(user=user, defaults={"role": Role.PRODUCER,
                                                          "producer": Producer.objects.first()})
    client.force_login(user)
    assert client.get("/dashboard/").status_code == 302
    site = TourismSite.objects.published().first()
    TourismSite.objects.filter(pk=site.pk).update(status=Status.DRAFT)
    assert client.get(f"/sites/{site.pk}/").status_code == 404
    assert 'href="/supply/"' not in client.get("/").content.decode()


def test_products_by_group_cover_every_ocop_product_with_a_no_equivalent_line():
    from gis_app.registry.models import Status as S

    rows = queries.dashboard(days=90, day=TODAY)["by_group"]
    assert rows[-1]["code"] is None  # "no equivalent in this version": never dropped
    ocop = Product.objects.published().filter(producer__status=S.PUBLISHED).ocop()
    assert sum(row["count"] for row in rows) >= ocop.count() > 0
    # The latest classification (26/2026): a group counts its own products and those of equivalent sub-groups.
    assert {row["version"] for row in rows} == {"2026"}
    fresh = next(row["count"] for row in rows if row["code"] == "2026.FOOD.FRESH")
    assert fresh == ocop.filter(Q(subgroup__group__code="2026.FOOD.FRESH")
                                | Q(subgroup__equivalents__group__code="2026.FOOD.FRESH")).distinct().count() > 0


def test_site_page_says_expired_or_revoked_never_not_rated_for_a_former_ocop_product(client):
    from gis_app.registry.recognition import Recognition

    site = TourismSite.objects.published().first()
    products = [p for p in Product.objects.published().prefetch_related("evaluations")
                if p.recognition().state in (Recognition.EXPIRED, Recognition.REVOKED)]
    site.products.set(products)
    text = client.get(f"/sites/{site.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    states = {p.recognition().state for p in products}
    assert states == {Recognition.EXPIRED, Recognition.REVOKED}
    assert "hết hiệu lực công nhận" in text and "đã thu hồi quyết định công nhận" in text
    assert "chưa phân hạng" not in text
