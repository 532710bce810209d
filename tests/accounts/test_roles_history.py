"""History: every change is recorded with who and when; provincial officers (only) revert to an earlier version."""
import json

import pytest

from gis_app.registry.models import Evaluation, Producer
from gis_app.tours.models import Tour
from tests.roles_helpers import producer_form

pytestmark = pytest.mark.django_db


def api_edit(client, user, producer, **changes):
    client.force_login(user)
    version = Producer.objects.get(pk=producer.pk).version
    return client.patch(f"/api/v1/producers/{producer.pk}/", json.dumps({"version": version, **changes}),
                        content_type="application/json")


def test_a_change_is_recorded_with_its_author_time_and_changed_fields(client, users, places):
    home, _away = places
    assert api_edit(client, users["district_officer"], home, address="Số 9 đường Mới").status_code == 200
    latest, before = Producer.objects.get(pk=home.pk).history.all()[:2]
    assert latest.history_user == users["district_officer"] and latest.history_type == "~"
    assert latest.history_date >= before.history_date
    changed = {change.field: (change.old, change.new) for change in latest.diff_against(before).changes}
    assert changed["address"] == (home.address, "Số 9 đường Mới")


def test_admin_changes_and_evaluations_and_tours_are_recorded_too(client, users, places):
    home, _away = places
    client.force_login(users["commune_officer"])
    assert client.post(f"/admin/registry/producer/{home.pk}/change/",
                       producer_form(home, representative="Bà Năm")).status_code == 302
    assert Producer.objects.get(pk=home.pk).history.first().history_user == users["commune_officer"]
    evaluation = Evaluation.objects.first()
    evaluation.decision_number = "99/QĐ-UBND"
    evaluation.save()
    assert evaluation.history.first().decision_number == "99/QĐ-UBND"
    tour = Tour.objects.create(name="Tour có lịch sử", route="LINESTRING(106.65 10.95, 106.66 10.96)",
                               start_at="2026-01-01T08:00:00+07:00", distance_m=1, drive_seconds=1, visit_seconds=0,
                               total_seconds=1)
    assert tour.history.count() == 1


def revert(client, user, producer, historical):
    client.force_login(user)
    url = f"/admin/registry/producer/{producer.pk}/history/{historical.history_id}/"
    return client.post(url, producer_form(historical.instance))


def test_a_provincial_officer_reverts_to_an_earlier_version(client, users, places):
    home, _away = places
    original = Producer.objects.get(pk=home.pk).history.first()
    api_edit(client, users["district_officer"], home, name="Tên sai", public_phone="000")
    client.force_login(users["provincial_officer"])
    assert "Tên sai" in client.get(f"/admin/registry/producer/{home.pk}/history/").content.decode()
    response = revert(client, users["provincial_officer"], home, original)
    assert response.status_code == 302
    restored = Producer.objects.get(pk=home.pk)
    assert (restored.name, restored.public_phone) == (home.name, home.public_phone)
    assert restored.history.first().history_user == users["provincial_officer"]


@pytest.mark.parametrize("role", ["commune_officer", "district_officer", "producer"])
def test_only_provincial_officers_may_revert(client, users, places, role):
    home, _away = places
    original = Producer.objects.get(pk=home.pk).history.first()
    api_edit(client, users["district_officer"], home, name="Tên mới hợp lệ")
    assert revert(client, users[role], home, original).status_code == 403
    assert Producer.objects.get(pk=home.pk).name == "Tên mới hợp lệ"


def test_a_provincial_officer_reverts_a_tour(client, users):
    tour = Tour.objects.create(name="Tên ban đầu", route="LINESTRING(106.65 10.95, 106.66 10.96)",
                               start_at="2026-01-01T08:00:00+07:00", distance_m=1, drive_seconds=1, visit_seconds=0,
                               total_seconds=1)
    original = tour.history.first()
    tour.name = "Tên đổi"
    tour.save()
    client.force_login(users["provincial_officer"])
    form = {"name": original.name, "description": "", "status": original.status, "route": original.route.geojson,
            "end": original.end, "start_at_0": "2026-01-01", "start_at_1": "08:00:00",
            "stops-TOTAL_FORMS": "0", "stops-INITIAL_FORMS": "0"}
    response = client.post(f"/admin/tours/tour/{tour.pk}/history/{original.history_id}/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Tour.objects.get(pk=tour.pk).name == "Tên ban đầu"
