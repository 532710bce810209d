"""Post-recognition inspections (kiểm tra, giám sát sau công nhận, 26/2026/QĐ-TTg Điều 9): staff records kept
by the area's officers, refused in words naming the field, never public, follow-ups listed when overdue."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from gis_app.accounts.models import Role
from gis_app.api import resources
from gis_app.inspections.models import KIND_SOURCE, FollowUp, Inspection
from gis_app.registry.models import Product
from layers.catalogue import all_layers
from tests.roles_helpers import make_user

TODAY = timezone.localdate()


def inspection_of(producer, **fields):
    product = Product.objects.filter(producer=producer).order_by("pk").first()
    values = {"product": product, "date": TODAY - datetime.timedelta(days=30), "kind": Inspection.Kind.PERIODIC,
              "body": "Sở Nông nghiệp và Môi trường TP. Hồ Chí Minh", "outcome": Inspection.Outcome.TO_FIX,
              "findings": "Nhãn chưa ghi hạn sử dụng"}
    values.update(fields)
    return Inspection.objects.create(**values)


def errors_of(record, language):
    with translation.override(language):
        with pytest.raises(ValidationError) as caught:
            record.full_clean()
    return caught.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "message"), [
    ("vi", "Ngày kiểm tra ({day}) là một ngày trong tương lai: chỉ ghi nhận lần kiểm tra sau khi đã tiến hành."),
    ("en", "The inspection date ({day}) is in the future: record an inspection once it has taken place."),
])
def test_an_inspection_dated_in_the_future_is_refused_naming_the_date(places, language, message):
    home, _away = places
    tomorrow = TODAY + datetime.timedelta(days=1)
    record = Inspection(product=Product.objects.filter(producer=home).first(), date=tomorrow,
                        kind=Inspection.Kind.UNANNOUNCED, body="Đoàn kiểm tra", outcome=Inspection.Outcome.MEETS)
    assert errors_of(record, language) == {"date": [message.format(day=tomorrow.strftime("%d/%m/%Y"))]}
    record.date = TODAY
    record.full_clean()  # today is not the future


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "message"), [
    ("vi", "Ngày hoàn thành khắc phục ({done}) không thể trước ngày kiểm tra ({day})."),
    ("en", "The follow-up cannot be done ({done}) before the inspection ({day})."),
])
def test_a_follow_up_done_before_the_inspection_is_refused_naming_the_done_date(places, language, message):
    home, _away = places
    inspection = inspection_of(home)
    before = inspection.date - datetime.timedelta(days=1)
    follow_up = FollowUp(inspection=inspection, action="Bổ sung hạn sử dụng trên nhãn",
                         due_on=inspection.date + datetime.timedelta(days=60), done_on=before)
    assert errors_of(follow_up, language) == {"done_on": [message.format(
        done=before.strftime("%d/%m/%Y"), day=inspection.date.strftime("%d/%m/%Y"))]}
    follow_up.done_on = inspection.date
    follow_up.full_clean()


def test_the_kind_says_its_source_is_not_checked_against_the_official_text():
    assert "26/2026/QĐ-TTg, Điều 9" in KIND_SOURCE
    assert KIND_SOURCE.endswith("chưa đối chiếu văn bản gốc")
    assert Inspection._meta.get_field("kind").help_text == KIND_SOURCE


def admin_url(name, *args):
    return reverse(f"admin:inspections_{name}", args=args)


@pytest.mark.django_db
def test_the_admin_refuses_a_future_date_in_the_request_language(client, users, places):
    home, _away = places
    product = Product.objects.filter(producer=home).first()
    tomorrow = (TODAY + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    client.force_login(users["commune_officer"])
    data = {"product": product.pk, "date": tomorrow, "kind": "periodic", "body": "Đoàn kiểm tra",
            "outcome": "meets", "follow_ups-TOTAL_FORMS": "0", "follow_ups-INITIAL_FORMS": "0"}
    response = client.post(admin_url("inspection_add"), data, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200  # the form again, with the input kept
    assert "chưa đối chiếu văn bản gốc" in response.content.decode()  # the kinds' source, unverified, on screen
    assert response.context["adminform"].form.errors["date"] == [
        f"Ngày kiểm tra ({tomorrow}) là một ngày trong tương lai: chỉ ghi nhận lần kiểm tra sau khi đã tiến hành."]
    assert not Inspection.objects.filter(product=product).exists()


@pytest.mark.django_db
def test_an_area_officer_records_an_inspection_with_its_follow_up(client, users, places):
    home, _away = places
    product = Product.objects.filter(producer=home).first()
    day = (TODAY - datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    due = (TODAY + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    client.force_login(users["commune_officer"])
    data = {"product": product.pk, "date": day, "kind": "unannounced", "body": "Đoàn kiểm tra liên ngành",
            "inspectors": "Nguyễn Văn A, trưởng đoàn", "findings": "Bao bì chưa đúng mẫu đăng ký",
            "outcome": "to_fix", "follow_ups-TOTAL_FORMS": "1", "follow_ups-INITIAL_FORMS": "0",
            "follow_ups-0-action": "Thay bao bì theo mẫu", "follow_ups-0-due_on": due}
    response = client.post(admin_url("inspection_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    inspection = Inspection.objects.get(product=product)
    assert inspection.kind == "unannounced" and inspection.kind_source == KIND_SOURCE
    assert list(inspection.follow_ups.values_list("action", flat=True)) == ["Thay bao bì theo mẫu"]


@pytest.mark.django_db
def test_another_areas_officer_neither_sees_nor_changes_an_inspection(client, django_user_model, users, places):
    home, away = places
    inspection = inspection_of(home)
    outsider = make_user(django_user_model, Role.COMMUNE_OFFICER, "away_officer", unit=away.commune)
    client.force_login(outsider)
    listing = client.get(admin_url("inspection_changelist"))
    assert listing.status_code == 200 and list(listing.context["cl"].result_list) == []
    assert client.get(admin_url("inspection_change", inspection.pk)).status_code == 403
    assert client.get(admin_url("inspection_history", inspection.pk)).status_code == 403
    data = {"product": inspection.product_id, "date": inspection.date.strftime("%d/%m/%Y"), "kind": "periodic",
            "body": "changed", "outcome": "meets", "follow_ups-TOTAL_FORMS": "0", "follow_ups-INITIAL_FORMS": "0"}
    assert client.post(admin_url("inspection_change", inspection.pk), data).status_code == 403
    inspection.refresh_from_db()
    assert inspection.body == "Sở Nông nghiệp và Môi trường TP. Hồ Chí Minh"
    # nor files one for a product of another area
    response = client.post(admin_url("inspection_add"), {**data, "body": "Đoàn khác"})
    assert response.status_code == 200 and not Inspection.objects.filter(body="Đoàn khác").exists()
    # The home officer does see it, with its history.
    client.force_login(users["commune_officer"])
    assert list(client.get(admin_url("inspection_changelist")).context["cl"].result_list) == [inspection]
    assert client.get(admin_url("inspection_history", inspection.pk)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["producer", "tourism_planner"])
def test_producers_and_planners_see_no_inspection(client, users, places, role):
    home, _away = places
    inspection = inspection_of(home)
    client.force_login(users[role])
    assert client.get(admin_url("inspection_changelist")).status_code == 403
    assert client.get(admin_url("inspection_history", inspection.pk)).status_code == 403
    product_page = client.get(reverse("admin:registry_product_change", args=[inspection.product_id]))
    assert "Nhãn chưa ghi hạn sử dụng" not in product_page.content.decode()
    assert inspection.body not in product_page.content.decode()


@pytest.mark.django_db
def test_the_products_admin_page_lists_its_inspections(client, users, places):
    home, _away = places
    inspection = inspection_of(home, body="Đoàn kiểm tra định kỳ quý III")
    client.force_login(users["commune_officer"])
    page = client.get(reverse("admin:registry_product_change", args=[inspection.product_id]))
    assert "Đoàn kiểm tra định kỳ quý III" in page.content.decode()
    assert admin_url("inspection_change", inspection.pk) in page.content.decode()


@pytest.mark.django_db
def test_inspections_are_never_public(client, places):
    home, _away = places
    inspection = inspection_of(home, findings="Phát hiện bí mật")
    # Nothing registers it where the public reads: API resources, and the layers that tiles, OGC and exports serve.
    assert [e.path for e in resources.endpoints() if "inspection" in e.path or "follow" in e.path] == []
    assert [layer.id for layer in all_layers() if "inspection" in layer.id] == []
    root = client.get("/api/v1/")
    assert "inspection" not in root.content.decode().lower()
    assert client.get(f"/api/v1/inspections/{inspection.pk}/").status_code == 404
    product = client.get(f"/api/v1/products/{inspection.product_id}/")
    assert "Phát hiện bí mật" not in product.content.decode() and "inspection" not in product.content.decode()


@pytest.mark.django_db
def test_the_overdue_list_shows_only_open_actions_past_their_due_date(client, users, places):
    home, away = places
    inspection = inspection_of(home, date=TODAY - datetime.timedelta(days=90))
    FollowUp.objects.create(inspection=inspection, action="Quá hạn chưa làm", due_on=TODAY - datetime.timedelta(days=5))
    FollowUp.objects.create(inspection=inspection, action="Quá hạn đã làm", due_on=TODAY - datetime.timedelta(days=9),
                            done_on=TODAY - datetime.timedelta(days=10))
    FollowUp.objects.create(inspection=inspection, action="Chưa đến hạn", due_on=TODAY + datetime.timedelta(days=5))
    elsewhere = inspection_of(away, date=TODAY - datetime.timedelta(days=90))
    FollowUp.objects.create(inspection=elsewhere, action="Quá hạn nơi khác", due_on=TODAY - datetime.timedelta(days=5))
    assert [f.action for f in FollowUp.objects.overdue()] == ["Quá hạn chưa làm", "Quá hạn nơi khác"]
    client.force_login(users["commune_officer"])
    page = client.get(admin_url("followup_changelist"), {"state": "overdue"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert [f.action for f in page.context["cl"].result_list] == ["Quá hạn chưa làm"]
    assert "Số ngày quá hạn" in page.content.decode()  # the column, 5 days for the one shown
    assert page.context["cl"].model_admin.days_overdue(page.context["cl"].result_list[0]) == 5
