"""Issue 26 item 5: other sites use the public API from a browser (CORS on /api/v1/ reads, on every 4xx and
429 too), RateLimit fields on the limited paths, and GIS clients paging whole layers without a 429.
Item 6's robots.txt is here too (docs/partners.md)."""
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client

from gis_app.core import ratelimit
from gis_app.registry.models import Producer
from layers import ogc_params
from layers.catalogue import all_layers
from tests.http_server import serving

pytestmark = pytest.mark.django_db

ORIGIN = "https://partner.example.org"
PRODUCTION_RATE_LIMIT = "1200/60"  # gis_app/settings.py's default, docs/settings.md

READS = ["/api/v1/producers/", "/api/v1/products/", "/api/v1/units/", "/api/v1/sites/", "/api/v1/villages/",
         "/api/v1/evaluations/", "/api/v1/events/", "/api/v1/points-of-sale/", "/api/v1/aggregates/units/",
         "/api/v1/producers/?near=106.65,10.98&radius=5000", "/api/schema/"]
ERRORS = [("/api/v1/producers/999999999/", 404), ("/api/v1/producers/?page_size=nope", 400),
          ("/api/v1/producers/?bbox=1,2,3", 400), ("/api/v1/nowhere/", 404)]


def cross_site(client, method, path, **headers):
    return getattr(client, method)(path, headers={"origin": ORIGIN, **headers})


def assert_public_cors(response):
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    exposed = {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"retry-after", "ratelimit", "ratelimit-policy", "link", "etag"} <= exposed


# --- CORS on the API's reads ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", READS)
def test_api_reads_answer_any_origin_without_credentials(client, path):
    response = cross_site(client, "get", path)
    assert response.status_code == 200, response.content[:300]
    assert_public_cors(response)
    assert_public_cors(cross_site(client, "head", path))


@pytest.mark.parametrize("path, status", ERRORS)
def test_api_errors_carry_cors_so_a_script_reads_the_status(client, path, status):
    response = cross_site(client, "get", path)
    assert response.status_code == status
    assert_public_cors(response)


@pytest.mark.parametrize("path", ["/api/v1/producers/", "/api/v1/units/", "/ogc/collections/producers/items"])
def test_preflight_of_a_read_is_answered(client, path):
    response = cross_site(client, "options", path, **{"access-control-request-method": "GET",
                                                       "access-control-request-headers": "accept-language"})
    assert response.status_code == 204
    assert_public_cors(response)
    assert set(response["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    assert "accept-language" in response["Access-Control-Allow-Headers"].lower()
    assert "authorization" not in response["Access-Control-Allow-Headers"].lower()


def test_plain_options_is_still_the_apis_own_answer_with_cors(client):
    response = cross_site(client, "options", "/api/v1/producers/")
    assert response.status_code == 200 and response.json()
    assert_public_cors(response)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_writes_get_no_cors_allowance(client, method):
    preflight = cross_site(client, "options", "/api/v1/producers/1/",
                           **{"access-control-request-method": method})
    assert "Access-Control-Allow-Origin" not in preflight
    assert "Access-Control-Allow-Methods" not in preflight
    for path in ("/api/v1/producers/", f"/api/v1/producers/{Producer.objects.published().first().pk}/",
                 "/api/v1/producers/1/submit/", "/api/v1/tours/"):
        response = client.generic(method, path, b"{}", content_type="application/json",
                                  headers={"origin": ORIGIN})
        assert response.status_code >= 400
        assert "Access-Control-Allow-Origin" not in response, (method, path)


def test_a_logged_in_browser_is_not_given_credentialed_cors(admin_client):
    response = cross_site(admin_client, "get", "/api/v1/producers/")
    assert response["Access-Control-Allow-Origin"] == "*"  # never the caller's origin…
    assert "Access-Control-Allow-Credentials" not in response  # …so the browser never sends the cookie with it


@pytest.mark.parametrize("path", ["/admin/", "/accounts/login/", "/dashboard/", "/", "/products/", "/robots.txt"])
def test_pages_get_no_cors(client, path):
    assert "Access-Control-Allow-Origin" not in cross_site(client, "get", path)


# --- 429 and the RateLimit fields -------------------------------------------------------------------------

POLICY = re.compile(r'^"(?P<name>[a-z]+)";q=(?P<q>\d+);w=(?P<w>\d+)$')
STATE = re.compile(r'^"(?P<name>[a-z]+)";r=(?P<r>\d+);t=(?P<t>\d+)$')


def fields(response):
    """(policy name, quota, window, remaining, reset) from the RateLimit fields (draft-ietf-httpapi-ratelimit-headers-10)."""
    policy, state = POLICY.match(response["RateLimit-Policy"]), STATE.match(response["RateLimit"])
    assert policy and state, (response["RateLimit-Policy"], response["RateLimit"])
    assert policy["name"] == state["name"]
    return policy["name"], int(policy["q"]), int(policy["w"]), int(state["r"]), int(state["t"])


@pytest.mark.parametrize("path", ["/api/v1/producers/", "/api/v1/products/?page_size=nope", "/tiles/catalogue.json",
                                  "/ogc/collections", "/export/tourism_sites.csv"])
def test_limited_paths_state_policy_and_remaining_requests(client, settings, path):
    settings.OCOP_RATE_LIMIT = PRODUCTION_RATE_LIMIT
    first, second = client.get(path), client.get(path)
    name, quota, window, remaining, reset = fields(first)
    assert name == path.split("/")[1] and (quota, window) == (1200, 60)
    assert remaining == 1199 and 1 <= reset <= 60
    assert fields(second)[3] == 1198


def test_pages_carry_no_ratelimit_fields(client, settings):
    settings.OCOP_RATE_LIMIT = PRODUCTION_RATE_LIMIT
    assert "RateLimit" not in client.get("/products/")


def test_the_openapi_description_declares_the_ratelimit_fields(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    responses = schema["paths"]["/api/v1/producers/"]["get"]["responses"]
    assert {"RateLimit", "RateLimit-Policy"} <= set(responses["200"]["headers"])
    assert {"Retry-After", "RateLimit"} <= set(responses["429"]["headers"])


@pytest.mark.parametrize("path", ["/api/v1/producers/", "/ogc/collections/producers/items?limit=100",
                                  "/tiles/catalogue.json", "/export/producers.geojson"])
def test_429_carries_cors_retry_after_and_no_remaining_requests(client, settings, one_window, path):
    settings.OCOP_RATE_LIMIT = "2/60"
    codes = [cross_site(client, "get", path).status_code for _ in range(2)]
    refused = cross_site(client, "get", path)
    assert codes == [200, 200] and refused.status_code == 429
    assert_public_cors(refused)
    assert 1 <= int(refused["Retry-After"]) <= 60
    name, quota, window, remaining, reset = fields(refused)
    assert (quota, window, remaining) == (2, 60, 0) and reset == int(refused["Retry-After"])
    # The preflight is not counted, and answered even while the client is over its limit.
    assert cross_site(client, "options", path, **{"access-control-request-method": "GET"}).status_code == 204


# --- GIS clients paging whole layers ----------------------------------------------------------------------

def test_the_rate_limits_ogc_default_limit_is_the_ogc_apis():
    assert ratelimit.OGC_DEFAULT_LIMIT == ogc_params.DEFAULT_LIMIT


@pytest.mark.parametrize("query, tenths", [("", 1), ("?limit=10", 1), ("?limit=1", 1), ("?limit=25", 3),
                                           ("?limit=100", 10), ("?limit=10000", 10), ("?limit=x", 10)])
def test_an_ogc_page_costs_by_the_features_it_asks(rf, query, tenths):
    assert ratelimit.request_cost(rf.get(f"/ogc/collections/producers/items{query}")) == tenths
    assert ratelimit.request_cost(rf.get(f"/ogc/collections{query}")) == ratelimit.FULL_COST
    assert ratelimit.request_cost(rf.get(f"/api/v1/producers/{query}")) == ratelimit.FULL_COST


def test_a_thousand_small_ogc_pages_cost_a_hundred_requests(settings, one_window):
    settings.OCOP_RATE_LIMIT = "150/60"
    gis = Client(REMOTE_ADDR="10.9.9.9")
    for offset in range(0, 1000):
        assert gis.get("/ogc/collections/producers/items", {"limit": 10, "offset": offset % 60}).status_code == 200
    assert fields(gis.get("/ogc/collections"))[3] == 150 - 100 - 1


@pytest.fixture(scope="module")
def ogc_server():
    """A real HTTP server on the test database (tests/http_server.py says why not `live_server`)."""
    with serving() as base:
        yield base


def gdal_reads_every_layer(url):
    """ogrinfo with GDAL's default OAPIF options over every layer: ({layer: features read}, [URLs fetched])."""
    out = subprocess.run(["ogrinfo", "--debug", "on", "-ro", "-al", f"OAPIF:{url}"], capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0 and "429" not in out.stderr, out.stderr[-3000:]
    chunks = out.stdout.split("\nLayer name: ")[1:]
    counts = {chunk.split("\n", 1)[0].strip(): len(re.findall(r"^OGRFeature\(", chunk, re.M)) for chunk in chunks}
    return counts, re.findall(r"HTTP: Fetch\((\S+?)\)", out.stderr)


def test_office_of_qgis_users_behind_one_address_reads_every_layer_without_a_429(client, settings, ogc_server,
                                                                                  one_window):
    """GDAL (3.6 here; QGIS uses it) pages at limit=10 and stops at the first 429. With the production limit,
    one office behind one address reads the whole catalogue, all within one window, as many times as it
    takes to spend the minute's budget at one request per page: no 429, every feature arrives each time,
    and the budget spent is one tenth of a request per page, a full one per other document."""
    settings.OCOP_RATE_LIMIT = PRODUCTION_RATE_LIMIT
    expected = {layer.id: client.get(f"/ogc/collections/{layer.id}/items", {"limit": 10000}).json()["numberMatched"]
                for layer in all_layers()}
    caches_clear()
    counts, urls = gdal_reads_every_layer(f"{ogc_server}/ogc/")
    assert counts == expected and sum(expected.values()) > 250  # admin_units: today's 37 units (#24)
    pages = [u for u in urls if re.search(r"/items\?(.*&)?limit=10(&|$)", u)]
    assert len(pages) > sum(n // 10 for n in expected.values())  # GDAL really paged 10 by 10
    users = 1200 // len(urls) + 1  # beyond the budget at one request per page
    with ThreadPoolExecutor(3) as office:  # three at a time
        reads = list(office.map(lambda _: gdal_reads_every_layer(f"{ogc_server}/ogc/"), range(users - 1)))
    assert all(got == expected and len(fetched) == len(urls) for got, fetched in reads)
    tenths = users * (10 * (len(urls) - len(pages)) + len(pages)) + 10  # and this last request
    assert fields(client.get("/ogc/collections"))[3] == (12000 - tenths) // 10


def caches_clear():
    from django.core.cache import caches

    caches["ratelimit"].clear()


# --- robots.txt (item 6) ----------------------------------------------------------------------------------

def allowed(rules, path):
    """RFC 9309 §2.2.2: the longest matching rule wins (`*` any characters, `$` the end), Allow on a tie."""
    best = (-1, True)
    for kind, pattern in rules:
        regex = re.escape(pattern).replace(r"\*", ".*").replace(r"\$", "$")
        if pattern and re.match(regex, path):
            best = max(best, (len(pattern), kind == "allow"))
    return best[1]


def robots(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = [line.split("#")[0].strip() for line in response.content.decode().splitlines()]
    pairs = [(k.strip().lower(), v.strip()) for k, _sep, v in (line.partition(":") for line in lines if line)]
    assert pairs[0] == ("user-agent", "*")
    return [(k, v) for k, v in pairs if k in ("allow", "disallow")], [v for k, v in pairs if k == "sitemap"]


def test_robots_lets_crawlers_read_public_pages_and_keeps_them_off_staff_pages(client):
    rules, sitemaps = robots(client)
    product = Producer.objects.published().first()
    public = ["/", "/products/", f"/producers/{product.pk}/", "/events/", "/tours/", "/tours/1/", "/sitemap.xml",
              "/static/web/js/map.js", "/map/", "/sites/1/"]
    staff = ["/admin/", "/admin/login/", "/accounts/login/", "/dashboard/", "/dossiers/", "/dossiers/3/",
             "/rounds/", "/supply/", "/jobs/4/", "/tours/7/edit/", "/tours/plan/", "/api/v1/producers/", "/export/producers.csv",
             "/ogc/collections", "/tiles/producers/1/1/1.pbf"]
    assert [p for p in public if not allowed(rules, p)] == []
    assert [p for p in staff if allowed(rules, p)] == []
    assert sitemaps == ["http://testserver/sitemap.xml"]
    assert client.get(sitemaps[0]).status_code == 200


def test_robots_points_to_the_public_address_of_the_sitemap(client, settings):
    settings.OCOP_PUBLIC_URL = "https://ocop.example.gov.vn/"
    assert robots(client)[1] == ["https://ocop.example.gov.vn/sitemap.xml"]
    assert client.head("/robots.txt").status_code == 200
    assert client.post("/robots.txt").status_code == 405
