"""No 5xx for the kinds of request a held-out probe sent (#25 item 4): browsers' `Accept` on API links,
`?format=api`, every HTTP method on every URL, empty and repeated parameters. DEBUG is off, as in
production; the admin has its own walk (tests/admin/test_pages.py)."""
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
METHODS = ["get", "head", "post", "put", "patch", "delete", "options", "trace"]
SKIP = re.compile(r"^/(admin|static|media|__debug__)/")
SAMPLES = {"int": ["1", "999999"], "str": ["1", "x"], "slug": ["1", "x"], "path": ["x"], "uuid":
           ["00000000-0000-0000-0000-000000000000"]}


def _paths(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _paths(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def concrete(route):
    """The route's sample URLs, each converter replaced by the sample values of its type."""
    route = "/" + route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\.", ".")
    if re.search(r"\(\?P|[\[\]*+]", route):  # a regex route: its one literal sample is enough
        route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
        route = re.sub(r"[\^$?]", "", route)
    parts = re.split(r"<(?:(\w+):)?(\w+)>", route)
    urls = [""]
    for i, part in enumerate(parts):
        if i % 3 == 0:
            urls = [u + part for u in urls]
        elif i % 3 == 1:
            kind = part or "str"
            samples = SAMPLES.get(kind, ["1"])
            urls = [u + s for u in urls for s in samples]
    return urls


def every_url():
    urls = sorted({url for route in _paths(get_resolver().url_patterns) for url in concrete(route)})
    return [u for u in urls if not SKIP.match(u)]


def test_the_walk_covers_the_api_and_the_pages():
    urls = every_url()
    assert "/api/v1/producers/1/" in urls and "/api/v1/evaluations/" in urls and "/products/1/" in urls
    assert len(urls) > 60


@pytest.fixture
def production(settings, client):
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


def _walk(client, methods, **extra):
    failures = []
    for url in every_url():
        for method in methods:
            answer = getattr(client, method)(url, HTTP_ACCEPT=BROWSER, **extra)
            if answer.status_code >= 500:
                failures.append(f"{method.upper()} {url} → {answer.status_code}")
    return failures


def test_no_5xx_for_any_method_on_any_url_anonymous(production):
    assert _walk(production, METHODS) == []


def test_no_5xx_for_reads_as_an_administrator(production, admin_user):
    production.force_login(admin_user)
    assert _walk(production, ["get", "options"]) == []


@pytest.mark.parametrize("query", ["?format=api", "?nearest=", "?nearest=&nearest=", "?bbox=", "?limit=&limit=5",
                                   "?q=", "?page=", "?as_of=", "?lang=&lang="])
def test_no_5xx_for_empty_and_repeated_parameters(production, query):
    failures = []
    for url in every_url():
        if url.startswith("/api/") or url.startswith("/ogc/") or url.endswith("/"):
            answer = production.get(url + query, HTTP_ACCEPT=BROWSER)
            if answer.status_code >= 500:
                failures.append(f"GET {url}{query} → {answer.status_code}")
    assert failures == []


@pytest.mark.parametrize("path", ["/api/v1/producers/", "/api/v1/products/", "/api/v1/evaluations/"])
def test_an_api_link_opened_in_a_browser_answers_json(production, path):
    from django.apps import apps
    model = {"producers": "Producer", "products": "Product", "evaluations": "Evaluation"}[path.split("/")[3]]
    pk = apps.get_model("registry", model).objects.order_by("pk").values_list("pk", flat=True).first()
    for url in (path, f"{path}{pk}/", f"{path}{pk}/?format=api"):
        answer = production.get(url, HTTP_ACCEPT=BROWSER)
        assert answer.status_code in (200, 404), (url, answer.status_code)
        assert answer["Content-Type"].startswith("application/json"), url
    options = production.options(path)
    assert options.status_code == 200 and options.json()["schema"] == "/api/schema/"
