"""Staff import a list from the admin: upload, a dry-run preview that writes nothing, then the import."""
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gis_app.imports.models import ImportRun, LocationToCheck
from gis_app.registry.models import Producer

pytestmark = pytest.mark.usefixtures("media")  # files in a temporary MEDIA_ROOT

CSV = ("Mã chủ thể,Tên chủ thể,Loại hình,Mã xã,Kinh độ,Vĩ độ\n"
       "T301,Hộ kinh doanh Mắm Phú Hòa,Hộ kinh doanh,25750,106.6904,10.9689\n"
       "T302,Hợp tác xã Rau sạch Phú Thọ,Hợp tác xã,25753,,\n")


def upload(client, content, name="danh_sach.csv", kind="producers"):
    return client.post(reverse("admin:imports_importrun_upload"), {
        "kind": kind, "crs": "wgs84", "central_meridian": "105.75",
        "file": SimpleUploadedFile(name, content)})


@pytest.mark.django_db
def test_upload_shows_a_preview_and_writes_nothing_until_confirmed(admin_client_vi):
    before = Producer.objects.count()
    response = upload(admin_client_vi, CSV.encode("utf-8"))
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("admin:imports_importrun_review", args=[run.pk])
    page = admin_client_vi.get(response.url).content.decode()
    assert "Hộ kinh doanh Mắm Phú Hòa" in page and "Hợp tác xã Rau sạch Phú Thọ" in page
    assert 'id="import-preview"' in page and 'name="import"' in page
    assert Producer.objects.count() == before and run.state == ImportRun.State.CHECKED
    assert re.fullmatch(r"imports/[0-9a-f]{32}/danh_sach\.csv", run.file.name)  # private phones: unguessable path

    confirmed = admin_client_vi.post(response.url, {"import": "1", **{f"map_{f}": c for f, c in
                                                                       run.report["mapping"].items()}})

    assert confirmed.status_code == 302
    assert Producer.objects.count() == before + 2
    run.refresh_from_db()
    assert run.state == ImportRun.State.IMPORTED
    [flag] = LocationToCheck.objects.all()
    assert flag.record == Producer.objects.get(ref="T302") and flag.commune.code == "25753"


@pytest.mark.django_db
def test_corrupt_upload_is_reported_on_the_review_page_and_nothing_is_written(admin_client_vi):
    before = Producer.objects.count()
    response = upload(admin_client_vi, b"PK\x03\x04 broken", name="danh_sach.xlsx")
    page = admin_client_vi.get(response.url).content.decode()
    assert "Tệp Excel không mở được" in page and 'name="import"' not in page
    assert Producer.objects.count() == before


@pytest.mark.django_db
def test_bad_rows_are_listed_with_row_column_and_problem_in_vietnamese(admin_client_vi):
    bad = CSV.replace("106.6904,10.9689", "10.9689,106.6904").encode("utf-8")
    page = admin_client_vi.get(upload(admin_client_vi, bad).url).content.decode()
    assert 'id="import-problems"' in page and "Kinh độ, Vĩ độ" in page and "bị đảo" in page
    assert 'name="import"' not in page


@pytest.mark.django_db
def test_changing_the_mapping_rechecks_the_file(admin_client_vi):
    content = "Cơ sở,Hình thức,Kinh độ,Vĩ độ\nCơ sở Tương ớt Phú Cường,HTX,106.6375,10.9672\n".encode()
    review = upload(admin_client_vi, content).url
    assert "Thiếu cột bắt buộc" in admin_client_vi.get(review).content.decode()
    admin_client_vi.post(review, {"check": "1", "map_name": "Cơ sở", "map_legal_form": "Hình thức",
                                  "map_lon": "Kinh độ", "map_lat": "Vĩ độ"})
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.CHECKED and run.report["created"] == 1
    assert not Producer.objects.filter(name="Cơ sở Tương ớt Phú Cường").exists()


@pytest.mark.django_db
def test_import_pages_are_for_staff_only(client):
    response = client.get(reverse("admin:imports_importrun_upload"))
    assert response.status_code == 302 and "/admin/login/" in response.url


@pytest.mark.django_db
def test_importing_needs_the_right_to_add_and_change_the_records(client, django_user_model):
    from django.contrib.auth.models import Permission
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["add_importrun", "view_importrun"]))
    client.force_login(clerk)
    review = upload(client, CSV.encode("utf-8")).url
    run = ImportRun.objects.get()
    before = Producer.objects.count()
    response = client.post(review, {"import": "1", **{f"map_{f}": c for f, c in run.report["mapping"].items()}})
    assert response.status_code == 403 and Producer.objects.count() == before
