"""Issue 26 item 5: other sites use the public API from a browser (CORS on /api/v1/ reads, on every 4xx and
429 too), RateLimit fields on the limited paths, and GIS clients paging whole layers without a 429.
Item 6's robots.txt is here too (docs/partners.md)."""

import pytest

from gis_app.registry.models import Producer

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
