"""Bad edits and moderation requests get a 4xx in the house shape, never a 500, and write nothing."""
import json

import pytest

from gis_app.registry.models import Producer

pytestmark = pytest.mark.django_db
POLYGON = {"type": "Polygon", "coordinates": [[[106, 10], [106.1, 10], [106.1, 10.1], [106, 10]]]}
BAD_EDITS = [
    ([], None), ({"version": 10**30}, "version"), ({"version": "abc"}, "version"), ({"version": {"a": 1}}, "version"),
    ({"version": 1, "location": POLYGON}, "location"), ({"version": 1, "location": "nonsense"}, "location"),
    ({"version": 1, "location": {"type": "Point", "coordinates": [500, 500]}}, "location"),
    ({"version": 1, "name": ""}, "name"), ({"version": 1, "name": "x" * 1000}, "name"),
    ({"version": 1, "legal_form": "zzz"}, "legal_form"),
    ({"version": 1, "public_email": "not-an-email"}, "public_email"),
]


@pytest.mark.parametrize("body,field", BAD_EDITS)
def test_a_bad_producer_edit_is_a_4xx_naming_the_field(client, users, places, body, field):
    home, _away = places
    client.force_login(users["provincial_officer"])
    response = client.patch(f"/api/v1/producers/{home.pk}/", json.dumps(body), content_type="application/json")
    assert 400 <= response.status_code < 500
    error = response.json()["error"]
    assert error["message"] and (field is None or error["field"] == field)
    assert Producer.objects.get(pk=home.pk).version == home.version


@pytest.mark.parametrize("body", [{"reason": 5}, {"reason": ["a"]}, [], {"reason": "x" * 10000}])
def test_a_bad_moderation_request_is_never_a_server_error(client, users, places, body):
    home, _away = places
    client.force_login(users["provincial_officer"])
    for action in ("submit", "publish", "reject"):
        response = client.post(f"/api/v1/producers/{home.pk}/{action}/", json.dumps(body),
                               content_type="application/json")
        assert response.status_code < 500
