"""Each product a recognition decision recognises gets its certificate (Giấy chứng nhận sản phẩm OCOP) with its
validity; a certificate number only where the rule set's decision form issues a certificate (issue 23 item 4;
fixtures/rule_sets.csv, decision_form)."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from gis_app.decisions.loaders import issuer_for
from gis_app.decisions.models import Certificate, Decision, DecisionItem
from gis_app.registry.models import Evaluation
from tests.decisions.test_decisions import granted_by_district, recorded, revoke
from tests.registry.test_recognition_rules import evaluation, fresh_product

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_recognised_product_gets_its_certificate_with_the_decision_day_and_the_validity():
    record, _grantor = granted_by_district()
    certificate = Certificate.objects.get(item__evaluation=record)
    assert (certificate.issued_on, certificate.valid_until) == (D(2024, 3, 1), D(2027, 3, 1))
    assert certificate.valid_until == record.valid_until and certificate.revoked_on is None


def test_the_certificate_follows_the_evaluations_validity_and_its_revocation_makes_none():
    record, grantor = granted_by_district()
    record.valid_until, record.extension_reason = D(2027, 4, 1), "Gia hạn (dữ liệu kiểm thử)"
    Evaluation.objects.filter(pk=record.pk).update(valid_until=D(2027, 4, 1))
    record.save()
    assert Certificate.objects.get(item__evaluation=record).valid_until == D(2027, 4, 1)
    revocation = revoke(record, grantor.key, D(2024, 9, 1), "85/QĐ-UBND")
    revocation.save()
    DecisionItem.objects.create(decision=revocation, evaluation=record)
    assert Certificate.objects.filter(item__evaluation=record).count() == 1  # the revocation issues none
    assert Certificate.objects.get(item__evaluation=record).revoked_on == D(2024, 9, 1)


def test_a_certificate_number_only_where_the_rule_set_issues_a_certificate():
    record, _grantor = granted_by_district()  # 148/2023: “kèm Giấy chứng nhận sản phẩm OCOP”
    certificate = Certificate.objects.get(item__evaluation=record)
    certificate.number = "01/GCN-OCOP"
    certificate.full_clean()
    old = evaluation(fresh_product("Cũ"), "1048/2019", 3, D(2021, 5, 4), decision_number="12/QĐ-UBND")
    old.full_clean()
    old.save()
    item = DecisionItem.objects.create(evaluation=old, decision=Decision.objects.create(
        number="12/QĐ-UBND", date=D(2021, 5, 4), issuer=issuer_for(old), subject="x"))
    under_1048 = item.certificate
    under_1048.number = "02/GCN-OCOP"
    for language, words in (("en", "issues no certificate"), ("vi", "không cấp giấy chứng nhận")):
        with translation.override(language), pytest.raises(ValidationError) as caught:
            under_1048.full_clean()
        assert words in caught.value.message_dict["number"][0] and "1048/2019" in caught.value.message_dict["number"][0]


def test_a_decision_moved_to_another_day_moves_its_certificates():
    record = recorded(4, D(2024, 3, 1), "86/QĐ-UBND")
    made = Decision.objects.create(number="86/QĐ-UBND", date=D(2024, 3, 1), issuer=issuer_for(record), subject="x")
    DecisionItem.objects.create(decision=made, evaluation=record)
    Evaluation.objects.filter(pk=record.pk).update(decision_date=D(2024, 3, 2))
    made.date = D(2024, 3, 2)
    made.save()
    assert Certificate.objects.get(item__evaluation=record).issued_on == D(2024, 3, 2)


def test_every_recognition_of_the_demo_has_its_certificate():
    items = DecisionItem.objects.filter(kind=Decision.Kind.RECOGNITION)
    assert items.count() > 80
    assert not items.filter(certificate__isnull=True).exists()
    assert not Certificate.objects.exclude(item__kind=Decision.Kind.RECOGNITION).exists()
    assert not Certificate.objects.exclude(valid_until=models_valid_until()).exists()


def models_valid_until():
    from django.db.models import F

    return F("item__evaluation__valid_until")


def test_the_register_of_certificates_is_for_provincial_officers(client, users):
    from django.urls import reverse

    record, _grantor = granted_by_district()
    certificate = Certificate.objects.get(item__evaluation=record)
    client.force_login(users["provincial_officer"])
    listing = client.get(reverse("admin:decisions_certificate_changelist"), HTTP_ACCEPT_LANGUAGE="vi")
    assert listing.status_code == 200 and "Giấy chứng nhận sản phẩm OCOP" in listing.content.decode()
    page = client.get(reverse("admin:decisions_certificate_change", args=[certificate.pk]))
    assert page.status_code == 200 and "80/QĐ-UBND" in page.content.decode()
    client.force_login(users["producer"])
    assert client.get(reverse("admin:decisions_certificate_change", args=[certificate.pk])).status_code in (302, 403)
