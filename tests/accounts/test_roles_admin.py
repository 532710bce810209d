"""Admin write paths follow the roles: area officers stay in their area, producer accounts in their producer,
planners in tours; a save based on a stale version is a form error that keeps the officer's input."""
import pytest

from gis_app.accounts.models import PendingChange
from gis_app.registry.models import Producer, Status, TourismSite
from gis_app.tours.models import Tour
from tests.roles_helpers import producer_form

pytestmark = pytest.mark.django_db


def change_url(record):
    return f"/admin/{record._meta.app_label}/{record._meta.model_name}/{record.pk}/change/"


def post_change(client, user, producer, language="en", **changes):
    client.force_login(user)
    return client.post(change_url(producer), producer_form(producer, **changes), HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("role", ["commune_officer", "district_officer", "producer"])
def test_officers_and_producer_accounts_cannot_change_a_producer_elsewhere(client, users, places, role):
    _home, away = places
    response = post_change(client, users[role], away, name="Đổi tên trái phép")
    assert response.status_code in (302, 403) and "/change/" not in response.get("Location", "")
    assert Producer.objects.get(pk=away.pk).name == away.name
    client.force_login(users[role])
    assert change_url(away) not in client.get("/admin/registry/producer/?q=" + away.name).content.decode()


@pytest.mark.parametrize("role", ["commune_officer", "district_officer", "provincial_officer", "administrator"])
def test_officers_change_a_producer_inside_their_area(client, users, places, role):
    home, _away = places
    response = post_change(client, users[role], home, address="Ấp 3 mới")
    assert response.status_code == 302
    saved = Producer.objects.get(pk=home.pk)
    assert saved.address == "Ấp 3 mới" and saved.version == home.version + 1


@pytest.mark.parametrize("language,text", [("en", "outside your area"), ("vi", "ngoài địa bàn")])
def test_commune_officer_cannot_move_a_producer_out_of_the_commune(client, users, places, language, text):
    home, away = places
    moved = f'{{"type": "Point", "coordinates": [{away.location.x!r}, {away.location.y!r}]}}'
    response = post_change(client, users["commune_officer"], home, language, location=moved, commune="")
    assert response.status_code == 200 and text in response.content.decode()
    assert Producer.objects.get(pk=home.pk).location.equals_exact(home.location, 1e-9)


def site_form(name, commune, point):
    return {"kind": "orchard", "name": name, "commune": commune.pk if commune else "",
            "location": f'{{"type": "Point", "coordinates": [{point.x!r}, {point.y!r}]}}',
            "visit_minutes": "60", "version": "1",
            "gallery-TOTAL_FORMS": "0", "gallery-INITIAL_FORMS": "0"}


def test_district_officer_creates_sites_inside_the_district_only(client, users, places):
    home, away = places
    client.force_login(users["district_officer"])
    outside = client.post("/admin/registry/tourismsite/add/", site_form("Vườn ngoài huyện", None, away.location),
                          HTTP_ACCEPT_LANGUAGE="en")
    assert outside.status_code == 200 and "outside your area" in outside.content.decode()
    assert not TourismSite.objects.filter(name="Vườn ngoài huyện").exists()
    inside = client.post("/admin/registry/tourismsite/add/", site_form("Vườn trong huyện", None, home.location))
    assert inside.status_code == 302
    assert TourismSite.objects.get(name="Vườn trong huyện").commune.parent == home.commune.parent


def test_producer_account_edits_its_own_producer_and_the_change_waits_for_review(client, users, places):
    home, _away = places
    Producer.objects.filter(pk=home.pk).update(status=Status.PUBLISHED)
    home.refresh_from_db()
    response = post_change(client, users["producer"], home, public_phone="0274 3 888 999", status="published")
    assert response.status_code == 302
    saved = Producer.objects.get(pk=home.pk)
    # a published record stays published; the edit waits as a pending change (#25 item 5)
    assert saved.public_phone == home.public_phone and saved.status == Status.PUBLISHED
    change = PendingChange.objects.get(object_id=home.pk, state="pending")
    assert change.values == {"public_phone": "0274 3 888 999"}
    # a draft's edit is saved and goes to review, as before
    Producer.objects.filter(pk=home.pk).update(status=Status.DRAFT)
    change.delete()
    home.refresh_from_db()
    post_change(client, users["producer"], home, public_phone="0274 3 888 999")
    saved = Producer.objects.get(pk=home.pk)
    assert saved.public_phone == "0274 3 888 999" and saved.status == Status.SUBMITTED


def test_producer_account_has_no_publish_action(client, users, places):
    home, _away = places
    Producer.objects.filter(pk=home.pk).update(status=Status.SUBMITTED)
    client.force_login(users["producer"])
    response = client.post("/admin/registry/producer/", {"action": "publish_records", "_selected_action": [home.pk]})
    assert Producer.objects.get(pk=home.pk).status != Status.PUBLISHED
    assert response.status_code in (200, 302)


def test_tourism_planner_cannot_change_producers_but_can_change_tours(client, users, places):
    home, _away = places
    client.force_login(users["tourism_planner"])
    assert client.get(change_url(home)).status_code in (302, 403)  # not among the records they may change
    assert post_change(client, users["tourism_planner"], home, name="x").status_code in (302, 403)
    assert Producer.objects.get(pk=home.pk).name == home.name
    assert client.get("/admin/tours/tour/").status_code == 200


def test_provincial_officer_publishes_and_rejects_with_a_reason_from_the_list(client, users, places):
    home, away = places
    Producer.objects.filter(pk__in=[home.pk, away.pk]).update(status=Status.SUBMITTED)
    client.force_login(users["provincial_officer"])
    client.post("/admin/registry/producer/", {"action": "publish_records", "_selected_action": [home.pk]})
    client.post("/admin/registry/producer/", {"action": "reject_records", "_selected_action": [away.pk],
                                              "reason": "Thiếu giấy phép kinh doanh"})
    assert Producer.objects.get(pk=home.pk).status == Status.PUBLISHED
    rejected = Producer.objects.get(pk=away.pk)
    assert rejected.status == Status.REJECTED and rejected.rejection_reason == "Thiếu giấy phép kinh doanh"


@pytest.mark.parametrize("language,text", [("en", "Someone else saved this record"),
                                           ("vi", "Người khác đã lưu bản ghi này")])
def test_a_stale_admin_save_is_a_form_error_and_keeps_the_input(client, users, places, language, text):
    home, _away = places
    stale = producer_form(home, address="Địa chỉ của cán bộ A")
    Producer.objects.get(pk=home.pk).save()  # officer B saves first
    client.force_login(users["district_officer"])
    response = client.post(change_url(home), stale, HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    assert response.status_code == 200 and text in page
    assert "Địa chỉ của cán bộ A" in page  # nothing the officer typed is lost
    saved = Producer.objects.get(pk=home.pk)
    assert saved.address == home.address and saved.version == home.version + 1


def test_tour_admin_is_limited_to_the_planners_own_tours(client, users):
    route = "LINESTRING(106.65 10.95, 106.66 10.96)"
    common = dict(route=route, start_at="2026-01-01T08:00:00+07:00", distance_m=1, drive_seconds=1,
                  visit_seconds=0, total_seconds=1)
    own = Tour.objects.create(name="Tour của tôi", created_by=users["tourism_planner"], **common)
    other = Tour.objects.create(name="Tour của người khác", created_by=users["provincial_officer"], **common)
    client.force_login(users["tourism_planner"])
    assert client.get(change_url(own)).status_code == 200
    refused = client.get(change_url(other))  # not among the planner's tours: said so, not "may have been deleted"
    assert refused.status_code == 403
    assert "chỉ được sửa tuyến tham quan của mình" in refused.content.decode()


@pytest.mark.parametrize("role", ["commune_officer", "district_officer", "producer", "provincial_officer"])
def test_each_role_opens_its_lists_change_and_history_pages(client, users, places, role):
    home, _away = places
    client.force_login(users[role])
    for record in (home, home.products.first()):
        base = f"/admin/registry/{record._meta.model_name}/"
        assert client.get(base).status_code == 200
        page = client.get(f"{base}{record.pk}/change/")
        assert page.status_code == 200 and 'name="version"' in page.content.decode()
        assert client.get(f"{base}{record.pk}/history/").status_code == 200
