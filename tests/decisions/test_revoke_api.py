"""The API's revoke records its revocation decision exactly as the admin does: a listed reason of the rule set in
force, the granting body or its successor, the decision numbered per issuer per year (issue 23 item 4). The api
layer knows nothing of decisions: `DecisionsConfig.ready()` attaches the behaviour to `gis_app.api.hooks`."""
import datetime
import json

import pytest

from gis_app.decisions.loaders import issuer_for
from gis_app.decisions.models import Certificate, Decision, DecisionItem
from gis_app.registry.models import Evaluation
from tests.decisions.test_decisions import granted_by_district, recorded
from tests.registry.test_recognition_rules import fresh_product

pytestmark = pytest.mark.django_db
D = datetime.date


def revoke(client, record, language="en", **changes):
    data = {"revoked_on": "2024-09-01", "revocation_number": "91/QĐ-UBND",
            "revocation_reason": "Vi phạm an toàn thực phẩm (dữ liệu kiểm thử)", "reason": "148.BREACH", **changes}
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"/api/v1/evaluations/{record.pk}/revoke/", json.dumps(data), content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE=language)


def untouched(record):
    stored = Evaluation.objects.get(pk=record.pk)
    return (stored.revoked_on is None and not DecisionItem.objects.filter(
        evaluation=record, kind=Decision.Kind.REVOCATION).exists() and not Decision.objects.filter(
        number="91/QĐ-UBND").exists())


@pytest.mark.parametrize(("language", "words"), [("en", "Give the reason for the revocation"),
                                                 ("vi", "Nêu lý do thu hồi")])
def test_a_revoke_without_a_reason_is_refused_naming_the_field_and_nothing_is_written(client, users, language,
                                                                                       words):
    record, _grantor = granted_by_district()
    client.force_login(users["provincial_officer"])
    response = revoke(client, record, language, reason=None)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["field"] == "reason" and words in error["message"] and "148.BREACH" in error["message"]
    assert untouched(record)
    response = revoke(client, record, language, reason="NO.SUCH")
    assert response.status_code == 400 and response.json()["error"]["field"] == "reason"
    assert "NO.SUCH" in response.json()["error"]["message"] and untouched(record)


def test_a_reason_of_another_rule_set_and_a_body_outside_the_granting_line_are_refused(client, users):
    record, grantor = granted_by_district()
    client.force_login(users["provincial_officer"])
    response = revoke(client, record, reason="26.BREACH")
    assert response.status_code == 400 and response.json()["error"]["field"] == "reason"
    assert "26/2026" in response.json()["error"]["message"] and untouched(record)
    response = revoke(client, record, issuer="ubnd-binh-duong")  # the province did not grant this 3-star
    assert response.status_code == 400 and response.json()["error"]["field"] == "evaluation"
    assert grantor.name_en in response.json()["error"]["message"] and untouched(record)
    response = revoke(client, record, issuer="ubnd-tp-hcm")  # not signing in 2024
    assert response.status_code == 400 and response.json()["error"]["field"] == "issuer" and untouched(record)


def test_a_revoke_records_the_decision_by_the_granting_body_or_its_successor(client, users):
    record, grantor = granted_by_district()
    client.force_login(users["provincial_officer"])
    response = revoke(client, record)
    assert response.status_code == 200, response.content
    made = Decision.objects.get(number="91/QĐ-UBND")
    assert response.json()["revocation_decision"] == {"id": made.pk, "number": "91/QĐ-UBND", "date": "2024-09-01",
                                                      "issuer": grantor.key, "reason": "148.BREACH"}
    assert (made.kind, made.issuer, made.date, made.reason.code) == ("revocation", grantor, D(2024, 9, 1),
                                                                    "148.BREACH")
    assert made.items.get().evaluation == record and made.reason_detail.startswith("Vi phạm")
    assert Certificate.objects.get(item__evaluation=record).revoked_on == D(2024, 9, 1)
    # after 30/06/2025 the district is gone: its successor, the city, signs the revocation
    later = recorded(3, D(2024, 3, 1), "93/QĐ-UBND", fresh_product("Khác"))
    DecisionItem.objects.create(evaluation=later, decision=Decision.objects.create(
        number="93/QĐ-UBND", date=D(2024, 3, 1), issuer=issuer_for(later), subject="x"))
    response = revoke(client, later, revoked_on="2025-09-01", revocation_number="92/QĐ-UBND")
    assert response.status_code == 200, response.content
    assert response.json()["revocation_decision"]["issuer"] == "ubnd-tp-hcm"


def test_a_revoke_of_a_recognition_without_its_decision_is_refused(client, users, places):
    home, _away = places
    record = home.products.filter(evaluations__isnull=False).first().evaluations.filter(
        valid_until__isnull=False).first()
    DecisionItem.objects.filter(evaluation=record).delete()
    client.force_login(users["provincial_officer"])
    response = revoke(client, record, language="vi", revoked_on=record.decision_date.isoformat())
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == "evaluation"
    assert Evaluation.objects.get(pk=record.pk).revoked_on is None
