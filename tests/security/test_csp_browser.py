"""The Content-Security-Policy leaves the pages working: Leaflet maps (visitor and officer maps, planner,
admin map widgets), the dashboard and the
API docs render in Chromium with no CSP violation, served by gunicorn with DEBUG off."""
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server(django_db_blocker):
    """gunicorn on a free loopback port, on the test database (demo data committed), plus a committed admin."""
    from django.contrib.auth import get_user_model

    settings = connection.settings_dict
    with django_db_blocker.unblock():
        user = get_user_model().objects.create_superuser("csp-check", "c@example.org", "csp-check-password-1")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = (f"postgis://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT'] or 5432}"
           f"/{settings['NAME']}")
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "OCOP_TILES_URL": "", "PYTHONWARNINGS": "ignore",
           "DJANGO_SECRET_KEY": "browser-test-" + "k" * 50}
    process = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "gis_app.wsgi", "--bind",
                                f"127.0.0.1:{port}", "--workers", "1", "--log-level", "error"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        with django_db_blocker.unblock():
            user.delete()


def test_pages_work_under_the_content_security_policy(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        problems = []
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        try:
            page.goto(server + "/tours/")  # the tours catalogue (its map empty: the demo has no tour)
            page.wait_for_selector("body[data-tours-drawn] .leaflet-container .leaflet-control-zoom", timeout=10000)
            page.goto(server + "/")  # the visitor map (empty until "near me" or a tap)
            page.wait_for_selector(".leaflet-container .leaflet-control-zoom", timeout=10000)

            page.goto(server + "/api/docs/")
            page.wait_for_selector(".swagger-ui .opblock", timeout=15000)

            page.goto(server + "/admin/login/")
            page.fill("#id_username", "csp-check")
            page.fill("#id_password", "csp-check-password-1")
            page.click("input[type=submit]")
            page.wait_for_load_state()
            page.goto(server + "/admin/registry/craftvillage/add/")
            page.wait_for_selector(".leaflet-container .leaflet-control-zoom", timeout=10000)
            assert page.evaluate("typeof L") == "object"
            page.goto(server + "/tours/plan/")  # the planner, with the roads drawn
            page.wait_for_selector(".leaflet-container path.leaflet-interactive", timeout=10000)
            page.goto(server + "/map/")  # the officer map
            page.wait_for_selector(".leaflet-container .leaflet-marker-icon", timeout=10000)
            page.goto(server + "/dashboard/")
            page.wait_for_load_state("networkidle")
            assert "/admin/login/" not in page.url
        finally:
            browser.close()
    assert problems == []
