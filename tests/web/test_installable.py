"""The installable web app (manifest, icons, service worker), the embed view's framing headers and the links
anonymous visitors are shown. The service worker's offline behaviour is walked in tests/web/test_journeys.py."""
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from PIL import Image

from gis_app.core.security import content_security_policy

pytestmark = pytest.mark.django_db


def test_the_manifest_describes_an_installable_app_in_the_visitors_language(client):
    response = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Sản phẩm OCOP và điểm đến gần bạn" and manifest["lang"] == "vi"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/" and manifest["display"] == "standalone"
    english = json.loads(client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="en").content)
    assert english["name"] == "OCOP products and places near you"
    for icon in manifest["icons"]:
        image = Image.open(io.BytesIO(client.get(icon["src"]).content))
        assert image.format == "PNG" and f"{image.width}x{image.height}" == icon["sizes"]
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert client.get("/icons/100.png").status_code == 404


def test_pages_link_the_manifest_and_register_the_worker_from_the_root(client):
    page = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'data-worker="/sw.js"' in page
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    shell = json.loads(re.search(r"var SHELL_URLS = (\[.*?\]);", script).group(1))
    assert "/" in shell and "/static/web/visitor_map.js" in shell
    for url in shell:
        assert client.get(url).status_code == 200, url
    # Served from the root, the worker's default scope covers every page; the CSP lets it run.
    policy = content_security_policy()
    assert "worker-src 'self'" in policy and "script-src 'self'" in policy


def test_only_the_embed_view_may_be_framed(client):
    normal = client.get("/map/")
    assert "frame-ancestors 'none'" in normal["Content-Security-Policy"]
    assert normal["X-Frame-Options"] == "DENY"
    embed = client.get("/map/?embed=1&stars=4")
    assert embed.status_code == 200
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "frame-ancestors 'none'" not in embed["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed
    text = embed.content.decode()
    assert 'class="page-officer-map embed"' in text
    assert 'href="/map/?stars=4"' in text  # "open the full map" keeps the filters, drops the embedding


@pytest.mark.parametrize("path", ["/", "/map/"])
def test_anonymous_visitors_see_no_staff_links(client, path):
    nav = re.search(r'<nav class="site-nav">(.*?)</nav>', client.get(path).content.decode(), re.S).group(1)
    for staff in ("/dashboard/", "/admin/", "/supply/"):
        assert staff not in nav


def test_staff_see_the_overview_link_named_by_the_glossary(client):
    user = get_user_model().objects.create_user("nav-officer", password=None, is_staff=True, is_superuser=True)
    client.force_login(user)
    nav = re.search(r'<nav class="site-nav">(.*?)</nav>', client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode(),
                    re.S).group(1)
    assert '<a href="/dashboard/">Tổng quan</a>' in nav


def test_the_worker_may_fetch_the_basemap_tiles_it_keeps(client, settings):
    settings.OCOP_TILES_URL = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    policy = client.get("/sw.js")["Content-Security-Policy"]
    assert "connect-src 'self' https://*.tile.example.org" in policy
    # The pages themselves keep connect-src to their own origin.
    assert "connect-src 'self';" in content_security_policy()


def test_the_default_basemap_attribution_is_in_the_pages_language():
    from django.utils import translation

    from gis_app.web import map_config

    with translation.override("vi"):
        assert map_config.basemap()["tilesAttribution"] == "© Những người đóng góp cho OpenStreetMap"
    with translation.override("en"):
        assert map_config.basemap()["tilesAttribution"] == "© OpenStreetMap contributors"


def test_a_changed_script_changes_the_worker_so_visitors_get_it(tmp_path, monkeypatch):
    from gis_app.web import pwa

    script = tmp_path / "visitor_map.js"
    script.write_text("one")
    monkeypatch.setattr(pwa, "SHELL_STATIC", ["web/visitor_map.js"])
    monkeypatch.setattr(pwa.finders, "find", lambda path: str(script))
    try:
        pwa.shell_version.cache_clear()
        before = pwa.shell_version()
        script.write_text("two")
        pwa.shell_version.cache_clear()
        assert pwa.shell_version() != before
    finally:
        pwa.shell_version.cache_clear()


@pytest.mark.parametrize("language, title", [("vi", "Trang này không xem được khi ngoại tuyến"),
                                             ("en", "This page is not available offline")])
def test_the_offline_page_is_in_its_language_and_names_no_account(client, language, title):
    user = get_user_model().objects.create_user("offline-officer", first_name="Hoa", last_name="Trần",
                                                password=None, is_staff=True)
    client.force_login(user)
    # The address says the language, not the visitor's cookie or browser: the worker keeps one page per language.
    response = client.get(f"/offline/{language}/", HTTP_ACCEPT_LANGUAGE="en" if language == "vi" else "vi")
    assert response.status_code == 200 and response["Content-Language"] == language
    page = response.content.decode()
    assert f'<html lang="{language}">' in page and f"<h1>{title}</h1>" in page
    assert "Trần" not in page and 'class="account-name"' not in page and "/admin/" not in page
    assert '<meta name="robots" content="noindex">' in page
    assert client.get("/offline/fr/").status_code == 404


def test_the_worker_knows_the_offline_page_of_each_language(client):
    script = client.get("/sw.js").content.decode()
    pages = json.loads(re.search(r"var OFFLINE_PAGES = (\{.*?\});", script).group(1))
    assert pages == {"vi": "/offline/vi/", "en": "/offline/en/"}
    for url in pages.values():
        assert client.get(url).status_code == 200
