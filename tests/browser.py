"""The browser harness every browser test uses: a live server over the session's demo province, Debian's
Chromium through Playwright, tabs that refuse outside requests and record errors, and an axe-core check.

pytest-django's `live_server` fixture would force `transactional_db`, whose flush after each test erases the
demo province loaded once per session (tests/conftest.py), so the same `LiveServer` runs here with the
database unblocked; tests remove what they add. No request leaves the machine: the basemap is off and any
other host is refused.
"""
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client, override_settings
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
THU_DAU_MOT = {"latitude": 10.980, "longitude": 106.652}
LOCAL_HOSTS = {"localhost", "127.0.0.1"}


def in_thread(function, *args):
    """`function(*args)` run in a thread of its own: Playwright's sync API keeps an event loop in this one,
    where Django refuses ORM calls. The thread's connection is closed, so the test database can be dropped."""
    def run():
        try:
            return function(*args)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    # django_db_setup: the test database (tests/conftest.py) exists before the server answers, also when a
    # browser module runs alone (without it the server read the configured, non-test database).
    from pytest_django.live_server_helper import LiveServer

    # A missing browser fails the run (issue 27): a quiet skip would let CI pass without a single journey.
    # OCOP_NO_BROWSER=1 skips on purpose, for a machine that cannot have Chromium.
    if not Path(CHROMIUM).exists():
        if os.environ.get("OCOP_NO_BROWSER") == "1":
            pytest.skip("OCOP_NO_BROWSER=1: browser tests skipped on purpose")
        pytest.fail(f"Debian's chromium is not at {CHROMIUM}: `make test` installs it (or set OCOP_NO_BROWSER=1)")
    with django_db_blocker.unblock(), override_settings(OCOP_TILES_URL="", DEBUG=False):
        live = LiveServer("localhost")
        live._live_server_modified_settings.enable()
        yield live.url
        live._live_server_modified_settings.disable()
        live.stop()


@pytest.fixture(scope="module")
def browser(server):
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Tab:
    """A browser tab that records console errors, uncaught exceptions, dialogs and refused outside requests."""

    def __init__(self, browser, server, **context_options):
        # bypass_csp: Playwright's wait_for_function compiles string predicates with eval, which the
        # Content-Security-Policy forbids; the pages themselves are checked under the CSP in
        # tests/security/test_csp_browser.py.
        options = {"locale": "vi-VN", "viewport": {"width": 1280, "height": 800}, "bypass_csp": True,
                   **context_options}
        self.context = browser.new_context(**options)
        self.context.route("**/*", self._only_local)
        self.server = server
        self.errors, self.dialogs, self.outside = [], [], []
        self.page = self.context.new_page()
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(
            f"{message.text} {message.location.get('url', '')}"))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def _only_local(self, route):
        host = re.sub(r"^[a-z]+://([^/:]+).*$", r"\1", route.request.url)
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def goto(self, path):
        self.page.goto(self.server + path)
        return self.page

    def screenshot(self, name):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def assert_clean(self):
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.outside == [], f"requests that would leave the machine: {self.outside}"
        assert self.dialogs == [], f"dialogs opened (a script ran?): {self.dialogs}"


@pytest.fixture
def tab(browser, server):
    tab = Tab(browser, server)
    yield tab
    tab.context.close()


@pytest.fixture
def phone_tab(browser, server):
    tab = Tab(browser, server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
               geolocation=THU_DAU_MOT, permissions=["geolocation"])
    yield tab
    tab.context.close()



AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page, context=None):
    """axe-core's serious and critical violations on `page` (or within the CSS selector `context`), as
    readable lines: rule, impact and the first offending elements. An empty list is a pass."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `npm ci` (make does)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("ctx => axe.run(ctx || document, {resultTypes: ['violations']})", context)
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] if isinstance(n["target"][0], str)
                                                                     else str(n["target"][0]) for n in v["nodes"][:3])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def session_cookie(server, create_user):
    """(user, Playwright cookie) of the user `create_user()` makes, logged in; both run in a thread of their own
    (Django refuses ORM calls in Playwright's). The caller deletes the user: `in_thread(user.delete)`."""
    def log_in():
        user = create_user()
        client = Client()
        client.force_login(user)
        return user, {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                      "url": server}

    return in_thread(log_in)
