"""The public near-me request through its prepared statement (gis_app/api/nearme.py, issue 17) gives the
same document, byte for byte, as the general API path it short-cuts."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from gis_app.registry.models import Evaluation, Producer, Status

pytestmark = pytest.mark.django_db
URL = "/api/v1/producers/"
POINTS = [(106.6537, 10.9804), (106.7010, 10.9050), (106.5200, 11.3200), (106.62, 11.01), (105.0, 9.0)]


def general(client, params, **headers):
    with override_settings(OCOP_PREPARED_NEARME=False):
        return client.get(URL, params, **headers)


def fast(client, params, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params, **headers)
    used = any(q["sql"].startswith("EXECUTE ocop_nearme_") for q in queries.captured_queries)
    return response, used


@pytest.mark.parametrize("lon,lat", POINTS)
@pytest.mark.parametrize("limit", [None, 1, 7, 100])
def test_prepared_near_me_is_the_general_answer_byte_for_byte(client, lon, lat, limit):
    params = {"nearest": f"{lon},{lat}", **({"limit": limit} if limit else {})}
    response, used = fast(client, params)
    assert used and response.status_code == 200
    expected = general(client, params)
    assert response.content == expected.content
    assert response["Content-Type"] == expected["Content-Type"]
    assert response.json()["count"] == min(limit or 10, Producer.objects.published().count())


def test_english_labels_follow_the_request_language(client):
    params = {"nearest": "106.6537,10.9804"}
    response, used = fast(client, params, HTTP_ACCEPT_LANGUAGE="en")
    assert used and response.content == general(client, params, HTTP_ACCEPT_LANGUAGE="en").content
    assert response.json()["features"][0]["properties"]["legal_form_label"] != \
        fast(client, params, HTTP_ACCEPT_LANGUAGE="vi")[0].json()["features"][0]["properties"]["legal_form_label"]


def test_edits_show_at_once_unpublished_and_stars_out_of_force(client):
    params = {"nearest": "106.6537,10.9804", "limit": 3}
    first = fast(client, params)[0].json()["features"]
    Producer.objects.filter(pk=first[0]["id"]).update(status=Status.DRAFT)
    Evaluation.objects.filter(product__producer_id=first[1]["id"]).update(
        valid_until=datetime.date(2000, 1, 1), decision_date=datetime.date(1999, 1, 1))
    response, used = fast(client, params)
    assert used and response.content == general(client, params).content
    after = response.json()["features"]
    assert first[0]["id"] not in [f["id"] for f in after]
    assert after[0]["properties"]["max_stars"] is None


@pytest.mark.parametrize("params", [
    {"nearest": "106.65,10.98", "limit": "0"},      # bad limit: the general path words the error
    {"nearest": "north"},
    {"nearest": "106.65,10.98", "legal_form": "household"},  # another filter
    {"nearest": "106.65,10.98", "page": "2"},
    {"near": "106.65,10.98", "radius": "500"},
])
def test_other_requests_take_the_general_path(client, params):
    response, used = fast(client, params)
    assert not used
    assert response.status_code == general(client, params).status_code


def test_staff_and_html_clients_take_the_general_path(client, admin_user):
    params = {"nearest": "106.6537,10.9804"}
    assert not fast(client, params, HTTP_ACCEPT="text/html")[1]
    client.force_login(admin_user)
    response, used = fast(client, params)
    assert not used and "private_phone" in response.json()["features"][0]["properties"]


def test_a_lost_prepared_statement_is_prepared_again(client):
    params = {"nearest": "106.6537,10.9804"}
    expected = fast(client, params)[0].content
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    response, used = fast(client, params)
    assert used and response.content == expected


def test_a_query_that_cannot_be_prepared_falls_back_to_the_general_path(client, monkeypatch):
    from gis_app.api import nearme

    def compile_fails(limit):
        raise nearme.NotPreparable("a clock-dependent parameter")

    monkeypatch.setattr(nearme, "_statements", {})
    monkeypatch.setattr(nearme, "_compile", compile_fails)
    params = {"nearest": "106.6537,10.9804"}
    response, used = fast(client, params)
    assert not used and response.status_code == 200 and response.content == general(client, params).content
