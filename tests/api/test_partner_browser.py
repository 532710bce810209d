"""Issue 26 item 5: the example page of docs/partners.md, served from another origin, reads the API from
Chromium against a live server (a real browser's CORS checks), and shows the wait the server asks for beyond
the rate limit. The rest of the item is tested without a browser in tests/api/test_partner.py."""
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.test import Client

from tests.browser import in_thread

pytestmark = pytest.mark.browser

PRODUCTION_RATE_LIMIT = "1200/60"  # gis_app/settings.py's default, docs/settings.md


def partner_page(server):
    """The HTML example of docs/partners.md, its API set to the live server."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "partners.md").read_text(encoding="utf-8")
    html = re.search(r"```html\n(.*?)```", text, re.S).group(1)
    assert 'const API = "https://ocop.example.gov.vn";' in html
    return html.replace('const API = "https://ocop.example.gov.vn";', f'const API = "{server}";')


@pytest.fixture(scope="module")
def partner_site(server):
    """The partner's site: its own small HTTP server on 127.0.0.1 (another origin than the live server's
    `localhost`, and a loopback one, as Chromium's local-network rules want for a test) serving the page."""
    body = partner_page(server).encode("utf-8")

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    site = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{site.server_address[1]}"
    site.shutdown()


def open_partner_page(browser, server, partner_site):
    """The partner's page in a fresh browser context: (context, page, the live server's URLs it asked)."""
    context = browser.new_context(locale="vi-VN")
    asked, console = [], []

    def route(route):
        url = route.request.url
        if url.startswith(server):
            asked.append(url)
        if url.startswith((server, partner_site)):
            return route.continue_()
        return route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{partner_site}/ocop.html")
    page.wait_for_function("document.getElementById('status').textContent !== 'Đang tải…'", timeout=20000)
    assert not [m for m in console if "CORS" in m], console
    return context, page, asked


def test_the_partner_example_page_lists_products_from_another_origin(django_db_setup, browser, server, partner_site,
                                                                     settings):
    settings.OCOP_RATE_LIMIT = PRODUCTION_RATE_LIMIT
    expected = in_thread(lambda: Client().get("/api/v1/products/", {"min_stars": 4, "page_size": 50}).json())

    context, page, asked = open_partner_page(browser, server, partner_site)
    status = page.text_content("#status")
    ids = page.eval_on_selector_all("#products li", "items => items.map(item => Number(item.dataset.id))")
    context.close()
    assert status == f"{expected['count']} sản phẩm" and expected["count"] > 0
    assert ids == [f["id"] for f in expected["features"]]
    assert len(asked) == 1 and "/api/v1/products/" in asked[0]


def test_the_partner_example_page_shows_the_wait_beyond_the_limit(django_db_setup, browser, server, partner_site,
                                                                 settings, one_window):
    settings.OCOP_RATE_LIMIT = "1/60"

    statuses = []
    for _ in range(2):  # the minute's one request, then one too many
        context, page, _asked = open_partner_page(browser, server, partner_site)
        statuses.append(page.text_content("#status"))
        context.close()
    first, status = statuses
    assert first.endswith(" sản phẩm")
    assert re.fullmatch(r"Quá nhiều yêu cầu, thử lại sau \d+ giây", status), status
