"""Leaflet's default marker with hashed static files (#26 item 3), in Chromium against a server run as production
runs: DEBUG off, the files collected by `collectstatic` into the production storage (hashed names) and served by
WhiteNoise from STATIC_ROOT, never from the apps' folders.

Leaflet guesses its image folder from leaflet.css, and the hashed names (marker-icon.<hash>.png) defeat the guess:
the visitor's chosen point and every admin location widget showed a broken image.
"""
import re
from pathlib import Path

import leaflet
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import modify_settings, override_settings
from django.test.testcases import LiveServerThread

from gis_app.registry.models import TourismSite
from tests.browser import in_thread, session_cookie

pytestmark = pytest.mark.browser

HASHED = re.compile(r"\.[0-9a-f]{12}\.png$")


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, tmp_path_factory):
    """The browser fixtures' live server (tests/browser.py), with the static files of production: collected and
    hashed by the storage `make serve` uses, served by WhiteNoise alone (no finders, no test static handler)."""
    root = tmp_path_factory.mktemp("static")
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": settings.OCOP_HASHED_STATIC_STORAGE}}
    with django_db_blocker.unblock(), override_settings(OCOP_TILES_URL="", DEBUG=False, STATIC_ROOT=root,
                                                       STORAGES=storages, WHITENOISE_USE_FINDERS=False), \
            modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
        call_command("collectstatic", interactive=False, verbosity=0)
        thread = LiveServerThread("localhost", static_handler=lambda handler: handler)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"http://localhost:{thread.port}"
        thread.terminate()


def marker_images(page, selector):
    """(src, naturalWidth) of every marker and shadow image under `selector`, once each has finished loading."""
    images = f"{selector} img.leaflet-marker-icon, {selector} img.leaflet-marker-shadow"
    page.wait_for_selector(f"{selector} img.leaflet-marker-icon", state="attached", timeout=10000)
    page.wait_for_function("s => [...document.querySelectorAll(s)].every(img => img.complete)", arg=images)
    return page.eval_on_selector_all(images, "imgs => imgs.map(img => [img.getAttribute('src'), img.naturalWidth])")


def assert_loaded(images):
    assert images, "no marker image drawn"
    broken = [src for src, width in images if not width]
    assert broken == [], f"marker images that did not load: {broken}"
    assert all(HASHED.search(src) for src, _ in images), f"not the hashed files: {images}"


def test_the_visitors_chosen_point_marker_loads_with_hashed_static_files(phone_tab):
    page = phone_tab.goto("/")
    assert re.search(r"/static/leaflet/leaflet\.[0-9a-f]{12}\.js", page.content()), "static files are not hashed"
    page.locator("#near-me").click()
    page.wait_for_function("Number(document.body.dataset.nearestLoaded) >= 0")
    chosen = "#visitor-map"
    page.wait_for_selector(f"{chosen} img[alt='Vị trí đã chọn']", state="attached", timeout=10000)
    assert_loaded(marker_images(page, chosen))
    phone_tab.screenshot("visitor-chosen-point-hashed-static")
    phone_tab.assert_clean()


@pytest.fixture
def superuser_cookie(server):
    users = get_user_model().objects
    user, cookie = session_cookie(server, lambda: users.create_superuser("marker-officer", password="unused-in-test"))
    yield cookie
    in_thread(user.delete)


def test_the_admin_location_widget_marker_loads_with_hashed_static_files(tab, superuser_cookie):
    site = in_thread(lambda: TourismSite.objects.exclude(location=None).order_by("pk").first())
    tab.context.add_cookies([superuser_cookie])
    page = tab.goto(f"/admin/registry/tourismsite/{site.pk}/change/")
    assert_loaded(marker_images(page, ".leaflet-container"))
    tab.screenshot("admin-location-widget-hashed-static")
    # The admin widget's basemap is django-leaflet's, read at import (not OCOP_TILES_URL): its tiles are refused.
    assert [e for e in tab.errors if "tile.openstreetmap.org" not in e] == [] and not tab.dialogs


def test_the_leaflet_js_override_is_django_leaflets_template_plus_the_default_icon():
    """templates/leaflet/js.html replaces django-leaflet's own: after an upgrade of django-leaflet it must still be
    that template, with only the comment and the default icon's include added."""
    theirs = (Path(leaflet.__file__).parent / "templates" / "leaflet" / "js.html").read_text()
    ours = (Path(settings.BASE_DIR) / "templates" / "leaflet" / "js.html").read_text()
    ours = re.sub(r"^\{% comment %\}.*?\{% endcomment %\}\n", "", ours, flags=re.S)
    assert ours.replace('{% include "leaflet/ocop_default_icon.html" %}\n', "") == theirs
