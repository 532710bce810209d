"""Hardening: headers, rate limits, login throttling, size and geometry limits, no stack traces."""
import os
import subprocess
import sys

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gis_app.core.errors import InputError
from gis_app.registry.models import CraftVillage
from gis_app.tours.geometry import parse_drawn_route

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/producers/", "/admin/login/", "/ogc/", "/tiles/catalogue.json"])
def test_every_answer_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'" and csp["base-uri"] == "'self'"


def test_content_security_policy_lets_the_basemap_tiles_load(settings):
    from gis_app.core.security import content_security_policy

    settings.OCOP_TILES_URL = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    assert "img-src 'self' data: blob: https://*.tile.example.org;" in content_security_policy()
    settings.OCOP_TILES_URL = ""
    assert "img-src 'self' data: blob:;" in content_security_policy()


@pytest.mark.parametrize("path", ["/api/v1/sites/", "/tiles/catalogue.json", "/ogc/collections", "/export/tourism_sites.csv"])
def test_public_endpoints_answer_429_with_retry_after_beyond_the_limit(client, settings, path):
    settings.OCOP_RATE_LIMIT = "3/60"
    assert [client.get(path).status_code for _ in range(3)] == [200] * 3
    refused = client.get(path)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_rate_limit_counts_each_client_address_separately(settings):
    settings.OCOP_RATE_LIMIT = "2/60"
    first, second = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    assert [first.get("/api/v1/sites/").status_code for _ in range(3)] == [200, 200, 429]
    assert second.get("/api/v1/sites/").status_code == 200
    body = first.get("/api/v1/sites/").json()
    assert body["error"]["field"] is None and body["error"]["message"]


def test_pages_are_not_rate_limited(client, settings):
    settings.OCOP_RATE_LIMIT = "1/60"
    assert [client.get("/admin/login/").status_code for _ in range(3)] == [200] * 3


def test_admin_login_is_locked_after_repeated_failures(client, django_user_model, settings):
    settings.OCOP_LOGIN_FAILURES = 3
    django_user_model.objects.create_superuser("officer", "o@example.org", "right-password-123")
    login = reverse("admin:login")
    for _ in range(3):
        assert client.post(login, {"username": "officer", "password": "wrong"}).status_code == 200
    locked = client.post(login, {"username": "officer", "password": "right-password-123"})
    assert locked.status_code == 429 and int(locked["Retry-After"]) > 0
    # Another user name from the same address is not locked out by these failures.
    django_user_model.objects.create_superuser("planner", "p@example.org", "right-password-456")
    assert client.post(login, {"username": "planner", "password": "right-password-456"}).status_code == 302


def test_successful_login_clears_the_failure_count(client, django_user_model, settings):
    settings.OCOP_LOGIN_FAILURES = 2
    django_user_model.objects.create_superuser("officer", "o@example.org", "right-password-123")
    login = reverse("admin:login")
    assert client.post(login, {"username": "officer", "password": "wrong"}).status_code == 200
    assert client.post(login, {"username": "officer", "password": "right-password-123"}).status_code == 302
    client.logout()
    assert client.post(login, {"username": "officer", "password": "wrong"}).status_code == 200
    assert client.post(login, {"username": "officer", "password": "right-password-123"}).status_code == 302


def test_oversized_request_body_is_refused_with_413(client, settings):
    settings.OCOP_MAX_REQUEST_BYTES = 1000
    response = client.post("/api/v1/tours/compute/", data="x" * 2000, content_type="application/json")
    assert response.status_code == 413 and "1000" in response.json()["error"]["message"]


def test_oversized_import_file_is_refused_naming_the_file(admin_client_vi, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.OCOP_IMPORT_MAX_BYTES = 100
    response = admin_client_vi.post(reverse("admin:imports_importrun_upload"), {
        "kind": "producers", "crs": "wgs84", "central_meridian": "105.75",
        "file": SimpleUploadedFile("danh_sach_lon.csv", b"a,b\n" + b"1,2\n" * 100)})
    assert response.status_code == 200
    assert "danh_sach_lon.csv" in response.content.decode()
    assert "MB" in response.content.decode()


def square(lon, lat, side):
    return MultiPolygon(Polygon(((lon, lat), (lon + side, lat), (lon + side, lat + side), (lon, lat + side),
                                 (lon, lat))), srid=4326)


def test_village_area_larger_than_the_limit_is_refused_with_its_size(settings):
    settings.OCOP_MAX_AREA_KM2 = 100
    village = CraftVillage.objects.first()
    village.area = square(106.5, 11.0, 0.2)  # about 22 km × 22 km ≈ 480 km²
    with pytest.raises(ValidationError) as error:
        village.full_clean()
    assert "km²" in str(error.value.message_dict["area"])
    village.area = square(106.65, 11.0, 0.01)
    village.full_clean()  # about 1.2 km²: accepted


def test_village_area_with_too_many_vertices_is_refused(settings):
    settings.OCOP_MAX_VERTICES = 50
    import math
    ring = [(106.65 + 0.01 * math.cos(a / 100 * 2 * math.pi), 11.0 + 0.01 * math.sin(a / 100 * 2 * math.pi))
            for a in range(100)]
    village = CraftVillage.objects.first()
    village.area = MultiPolygon(Polygon(ring + [ring[0]]), srid=4326)
    with pytest.raises(ValidationError) as error:
        village.full_clean()
    assert "101" in str(error.value.message_dict["area"])


def test_drawn_route_with_too_many_vertices_is_refused(settings):
    settings.OCOP_MAX_VERTICES = 50
    line = {"type": "LineString", "coordinates": [[106.6 + i * 0.001, 11.0] for i in range(60)]}
    with pytest.raises(InputError) as error:
        parse_drawn_route("route", line)
    assert error.value.field == "route" and "60" in str(error.value.detail)
    assert parse_drawn_route("route", {"type": "LineString", "coordinates": line["coordinates"][:40]}).num_coords == 40


def test_unexpected_errors_give_the_house_json_shape_under_api_and_a_plain_page_elsewhere(monkeypatch, settings):
    from gis_app.api import views

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(views.SiteList, "get", boom)
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/sites/")
    assert response.status_code == 500
    assert set(response.json()["error"]) == {"field", "message"}
    assert b"secret internals" not in response.content and b"Traceback" not in response.content

    from django.test import RequestFactory

    from gis_app.core.error_views import server_error
    page = server_error(RequestFactory().get("/map/"))
    assert page.status_code == 500 and b"<h1>" in page.content and b"Traceback" not in page.content


def test_debug_is_off_unless_the_environment_turns_it_on():
    from django.conf import settings as live
    assert live.DEBUG is False


def test_deploy_check_is_clean_with_production_environment():
    env = {**os.environ, "DJANGO_SECRET_KEY": "k" * 30 + "-production-secret-with-enough-entropy-9fQ2",
           "DJANGO_SECURE": "1", "DJANGO_HSTS_PRELOAD": "1", "DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "ocop.example.vn"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_tour_api_refuses_a_session_post_without_the_csrf_token(django_user_model):
    user = django_user_model.objects.create_superuser("planner", "p@example.org", "pw-123456789")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    body = {"name": "Test", "stops": []}
    refused = client.post("/api/v1/tours/", body, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["error"]["message"]
    client.get("/tours/plan/")  # the planner page sets the csrftoken cookie its script sends back
    token = client.cookies["csrftoken"].value
    accepted = client.post("/api/v1/tours/", body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code != 403, accepted.json()


def test_unknown_api_urls_answer_404_in_the_house_json_shape(client):
    response = client.get("/api/v1/producers/not-a-number/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert set(response.json()["error"]) == {"field", "message"}
    assert client.get("/no-such-page/")["Content-Type"].startswith("text/html")


def test_schema_documents_the_error_answers_of_every_operation(client):
    schema = client.get("/api/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        if path.startswith("/api/v1/"):
            for method, operation in operations.items():
                assert {"400", "429"} <= set(operation["responses"]), (method, path)
                if "{" in path:
                    assert "404" in operation["responses"], (method, path)


def test_imported_site_area_beyond_the_limit_is_refused_and_nothing_is_written(tmp_path, settings):
    import json

    from gis_app.core.readers import read_table
    from gis_app.imports.service import Options, run_import
    from gis_app.registry.models import TourismSite

    settings.OCOP_MAX_AREA_KM2 = 1
    ring = [[106.60, 10.98], [106.64, 10.98], [106.64, 11.02], [106.60, 11.02], [106.60, 10.98]]  # ≈ 19 km²
    path = tmp_path / "diem_lon.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {"Tên điểm": "Khu sinh thái quá rộng", "Loại": "Vườn trái cây"}}]}), encoding="utf-8")
    report = run_import(read_table(path), Options(kind="sites", commit=True))
    assert not report.committed
    assert "km²" in json.dumps(report.problems, ensure_ascii=False, default=str)
    assert not TourismSite.objects.filter(name="Khu sinh thái quá rộng").exists()


def test_limit_messages_are_in_vietnamese_for_vietnamese_visitors(client, settings):
    settings.OCOP_RATE_LIMIT = "1/60"
    client.get("/api/v1/sites/", HTTP_ACCEPT_LANGUAGE="vi")
    refused = client.get("/api/v1/sites/", HTTP_ACCEPT_LANGUAGE="vi")
    assert refused.status_code == 429 and refused.json()["error"]["message"].startswith("Quá nhiều yêu cầu")
    settings.OCOP_MAX_VERTICES = 3
    with pytest.raises(InputError) as error:
        from django.utils import translation
        with translation.override("vi"):
            parse_drawn_route("route", {"type": "LineString", "coordinates": [[106.6, 11.0], [106.7, 11.0],
                                                                             [106.7, 11.1], [106.8, 11.1]]})
    assert "đỉnh" in str(error.value.detail)


def test_api_basic_auth_shares_the_login_failure_count(django_user_model, settings):
    import base64

    settings.OCOP_LOGIN_FAILURES = 2
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    django_user_model.objects.create_user("officer", password="right-password-123", is_staff=True)

    def basic(password):
        return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"officer:{password}".encode()).decode()}

    client = Client()
    assert [client.get("/api/v1/producers/", **basic("wrong")).status_code for _ in range(2)] == [403, 403]
    locked = client.get("/api/v1/producers/", **basic("right-password-123"))
    assert locked.status_code == 429 and locked.json()["error"]["message"]
    assert client.get("/api/v1/producers/").status_code == 200  # anonymous reading is not locked
