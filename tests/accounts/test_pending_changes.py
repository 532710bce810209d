"""A producer's edit of a published record keeps the published version public until a moderator accepts it
(issue #25 item 5): before, the product page and the QR code on its packaging were 404 after the producer added
a photo or changed a word, until a provincial officer published the record again."""
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gis_app.accounts import pending
from gis_app.accounts.models import PendingChange
from gis_app.photos.models import Photo
from gis_app.registry.models import Product, Status
from tests.catalogue.test_photos import jpeg_with_exif as jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(places):
    home, _away = places
    item = home.products.order_by("pk").first()
    Product.objects.filter(pk=item.pk).update(status=Status.PUBLISHED)
    home.__class__.objects.filter(pk=home.pk).update(status=Status.PUBLISHED)
    item.refresh_from_db()
    return item


def admin_form(client, item, **changes):
    """The product's admin change form as the page gives it (fields, inline management forms), with changes."""
    page = client.get(f"/admin/registry/product/{item.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            value = [getattr(v, "pk", v) for v in value]
        data[name] = getattr(value, "pk", value)
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        prefix = formset.formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = str(management.initial["TOTAL_FORMS"])
        data[f"{prefix}-INITIAL_FORMS"] = str(management.initial["INITIAL_FORMS"])
        for index, inline in enumerate(formset.formset.forms):
            for name, field in inline.fields.items():
                value = inline.initial.get(name, field.initial)
                if value is not None:
                    data[f"{prefix}-{index}-{name}"] = getattr(value, "pk", value)
    data.update(changes)
    return data


def with_new_photo(data, image, **fields):
    """`data` with one more photo form in the gallery inline (after the photos already there)."""
    index = int(data["gallery-TOTAL_FORMS"])
    data["gallery-TOTAL_FORMS"] = str(index + 1)
    data.update({f"gallery-{index}-image": image, f"gallery-{index}-position": "0",
                 **{f"gallery-{index}-{name}": value for name, value in fields.items()}})
    return data


def public_name(client, item):
    client.logout()
    page = client.get(f"/products/{item.pk}/")
    qr = client.get(f"/products/{item.pk}/qr.svg")
    assert page.status_code == 200 and qr.status_code == 200  # the page and its QR target stay live
    return page.content.decode()


def test_an_api_edit_waits_and_the_published_page_stays_until_a_moderator_accepts(client, users, product):
    client.force_login(users["producer"])
    response = client.patch(f"/api/v1/products/{product.pk}/", json.dumps(
        {"version": product.version, "name": "Tên mới chờ duyệt"}), content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "published" and body["pending_change"]["fields"] == ["name"]
    assert "chờ duyệt" in body["pending_change"]["message"]
    stored = Product.objects.get(pk=product.pk)
    assert stored.name == product.name and stored.status == Status.PUBLISHED and stored.version == product.version
    text = public_name(client, product)
    assert product.name in text and "Tên mới chờ duyệt" not in text
    client.force_login(users["producer"])
    assert client.get(f"/api/v1/products/{product.pk}/").json()["pending_change"]["fields"] == ["name"]
    change = PendingChange.objects.get(state="pending")
    assert pending.diff(change) == [("tên", product.name, "Tên mới chờ duyệt")]
    pending.accept(users["provincial_officer"], change)
    assert Product.objects.get(pk=product.pk).name == "Tên mới chờ duyệt"
    assert "Tên mới chờ duyệt" in public_name(client, product)
    latest = Product.objects.get(pk=product.pk).history.first()
    assert latest.history_user == users["provincial_officer"]


def test_an_admin_edit_with_a_photo_waits_and_the_photo_stays_hidden_until_accepted(client, users, product):
    client.force_login(users["producer"])
    upload = SimpleUploadedFile("anh-moi.jpg", jpeg_bytes(), content_type="image/jpeg")
    data = with_new_photo(admin_form(client, product, description="Mô tả mới"), upload, caption="Ảnh mới")
    response = client.post(f"/admin/registry/product/{product.pk}/change/", data, follow=True)
    assert response.status_code == 200
    words = " ".join(str(m) for m in response.context["messages"])
    assert "chờ duyệt" in words and "thành công" not in words, words
    stored = Product.objects.get(pk=product.pk)
    assert stored.status == Status.PUBLISHED and stored.description == product.description
    photo = Photo.objects.get(product=product, caption="Ảnh mới")
    assert photo.awaiting_review
    assert not Photo.objects.published().filter(pk=photo.pk).exists()
    assert client.get(f"/media/{photo.image.name}").status_code == 200  # the producer sees its own photo
    client.logout()
    assert client.get(f"/media/{photo.image.name}").status_code == 404  # the public does not, yet
    text = public_name(client, product)
    assert "Ảnh mới" not in text
    client.force_login(users["producer"])
    again = client.get(f"/admin/registry/product/{product.pk}/change/")
    assert "chờ duyệt" in " ".join(str(m) for m in again.context["messages"])
    change = PendingChange.objects.get(state="pending")
    client.force_login(users["provincial_officer"])
    page = client.get(f"/admin/accounts/pendingchange/{change.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mô tả mới" in html and product.description[:20] in html  # the moderator sees the difference
    response = client.post("/admin/accounts/pendingchange/", {
        "action": "accept_changes", "_selected_action": [change.pk], "reason": ""}, follow=True)
    assert response.status_code == 200
    assert Product.objects.get(pk=product.pk).description == "Mô tả mới"
    assert Photo.objects.published().filter(pk=photo.pk).exists()
    client.logout()
    assert "Ảnh mới" in public_name(client, product)


def test_a_rejected_change_leaves_the_record_and_deletes_what_it_held(client, users, product):
    client.force_login(users["producer"])
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg")
    client.post(f"/admin/registry/product/{product.pk}/change/",
                with_new_photo(admin_form(client, product, name="Tên khác"), upload))
    change = PendingChange.objects.get(state="pending")
    with pytest.raises(ValidationError):
        pending.reject(users["provincial_officer"], change, "")  # a reason is needed
    pending.reject(users["provincial_officer"], change, "Tên không đúng với nhãn")
    assert Product.objects.get(pk=product.pk).name == product.name
    assert not Photo.objects.filter(product=product, awaiting_review=True).exists()
    assert PendingChange.objects.get(pk=change.pk).reason == "Tên không đúng với nhãn"


def test_a_second_edit_replaces_the_open_change_and_a_change_on_a_moved_record_is_not_applied(client, users,
                                                                                            product):
    client.force_login(users["producer"])
    for name in ("Lần một", "Lần hai"):
        response = client.patch(f"/api/v1/products/{product.pk}/", json.dumps(
            {"version": product.version, "name": name}), content_type="application/json")
        assert response.status_code == 202
    change = PendingChange.objects.get(state="pending")
    assert change.values == {"name": "Lần hai"}
    officer = users["provincial_officer"]
    client.force_login(officer)
    moved = client.patch(f"/api/v1/products/{product.pk}/", json.dumps(
        {"version": product.version, "description": "Cán bộ sửa"}), content_type="application/json")
    assert moved.status_code == 200  # a moderator's edit is written at once
    with pytest.raises(ValidationError) as refused:
        pending.accept(officer, PendingChange.objects.get(pk=change.pk))
    assert "version" in str(refused.value)
    assert Product.objects.get(pk=product.pk).name == product.name


def test_drafts_keep_the_review_rule_and_other_roles_write_at_once(client, users, product):
    Product.objects.filter(pk=product.pk).update(status=Status.DRAFT)
    client.force_login(users["producer"])
    response = client.patch(f"/api/v1/products/{product.pk}/", json.dumps(
        {"version": product.version, "name": "Bản nháp sửa"}), content_type="application/json")
    assert response.status_code == 200
    stored = Product.objects.get(pk=product.pk)
    assert stored.name == "Bản nháp sửa" and stored.status == Status.SUBMITTED
    assert not PendingChange.objects.exists()


def test_only_moderators_decide(users, client, product):
    client.force_login(users["producer"])
    client.patch(f"/api/v1/products/{product.pk}/", json.dumps(
        {"version": product.version, "name": "Chờ"}), content_type="application/json")
    change = PendingChange.objects.get(state="pending")
    for role in ("producer", "commune_officer", "district_officer", "tourism_planner"):
        with pytest.raises(PermissionDenied):
            pending.accept(users[role], change)
    client.force_login(users["commune_officer"])
    listing = client.get("/admin/accounts/pendingchange/")
    assert listing.status_code == 200 and "accept_changes" not in listing.content.decode()
    assert list(listing.context["cl"].queryset) == [change]  # the product lies in the officer's commune
    client.force_login(users["tourism_planner"])
    assert client.get("/admin/accounts/pendingchange/").status_code == 403


def test_a_photo_alone_added_to_a_published_record_waits_and_says_so(client, users, product):
    client.force_login(users["producer"])
    upload = SimpleUploadedFile("chi-anh.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(f"/admin/registry/product/{product.pk}/change/",
                           with_new_photo(admin_form(client, product), upload, caption="Chỉ ảnh"), follow=True)
    words = " ".join(str(m) for m in response.context["messages"])
    assert "chờ duyệt" in words and "thành công" not in words, words
    photo = Photo.objects.get(product=product, caption="Chỉ ảnh")
    assert photo.awaiting_review and PendingChange.objects.get(state="pending").held == [
        {"model": "photos.photo", "pk": photo.pk}]
    assert "Chỉ ảnh" not in public_name(client, product)
