"""Decisions name a body valid on their date, are numbered per issuer per year, recognise a batch under the
recognition rule in force, and a revocation has a listed reason and comes from the granting body or its successor
(issue 23 item 4; fixtures/issuers.csv, fixtures/revocation_reasons.csv, fixtures/recognition_rules.csv)."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone, translation

from gis_app.decisions.loaders import issuer_for
from gis_app.decisions.models import Decision, DecisionItem, Issuer, RevocationReason
from gis_app.registry.models import Evaluation, Product
from tests.registry.test_recognition_rules import evaluation, fresh_product

pytestmark = pytest.mark.django_db
D = datetime.date


def issuer(key):
    return Issuer.objects.get(key=key)


def decision(key, number, day, kind=Decision.Kind.RECOGNITION, **fields):
    return Decision(number=number, date=day, issuer=issuer(key), kind=kind, subject="Về việc thử nghiệm", **fields)


def refusal(record, language="en"):
    with translation.override(language), pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


# --- The issuer's period ------------------------------------------------------------------------------------------

def test_a_decision_outside_its_issuers_period_is_refused_naming_the_field_both_bodies_and_the_dates():
    record = decision("ubnd-binh-duong", "12/QĐ-UBND", D(2025, 9, 1))
    english = refusal(record, "en")["issuer"][0]
    assert "People's Committee of Bình Dương Province" in english
    assert "01/01/1997 – 30/06/2025" in english and "01/09/2025" in english
    assert "People's Committee of Hồ Chí Minh City (01/07/2025 – …)" in english
    vietnamese = refusal(record, "vi")["issuer"][0]
    assert "Ủy ban nhân dân tỉnh Bình Dương" in vietnamese and "Ủy ban nhân dân Thành phố Hồ Chí Minh" in vietnamese
    assert "chỉ ký quyết định" in vietnamese and "01/01/1997 – 30/06/2025" in vietnamese


def test_no_district_committee_signs_after_30_june_2025_and_the_ministry_changes_name_on_1_march_2025():
    decision("ubnd-718-thanhpho", "5/QĐ-UBND", D(2025, 6, 30)).full_clean()  # the last day: valid_to excluded
    message = refusal(decision("ubnd-718-thanhpho", "6/QĐ-UBND", D(2025, 7, 1)))["issuer"][0]
    assert "People's Committee of Thủ Dầu Một City" in message and "Hồ Chí Minh City" in message
    decision("bo-nnptnt", "7/QĐ-BNN-VPĐP", D(2025, 2, 28)).full_clean()
    message = refusal(decision("bo-nnptnt", "8/QĐ-BNN-VPĐP", D(2025, 3, 1)))["issuer"][0]
    assert "Ministry of Agriculture and Environment" in message
    # Tân Uyên became a city on 10/04/2023: the town's committee signs until the day before.
    assert "issuer" in refusal(decision("ubnd-723-thixa", "9/QĐ-UBND", D(2023, 4, 10)))
    decision("ubnd-723-thanhpho", "9/QĐ-UBND", D(2023, 4, 10)).full_clean()


def test_a_decision_date_in_the_future_and_a_number_of_another_issuer_are_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert "date" in refusal(decision("ubnd-tp-hcm", "10/QĐ-UBND", tomorrow))
    assert "number" in refusal(decision("ubnd-tp-hcm", "10/QĐ-BNNMT", D(2026, 1, 5)))
    assert "number" in refusal(decision("bo-nnptnt", "10/QĐ-BNNMT", D(2024, 1, 5)))  # BNN is not BNNMT
    with transaction.atomic(), pytest.raises(IntegrityError):
        Decision.objects.create(number="QĐ-UBND", date=D(2026, 1, 5), issuer=issuer("ubnd-tp-hcm"), subject="x")


# --- Numbered per issuer per year ---------------------------------------------------------------------------------

def test_a_number_is_unique_per_issuer_and_year_and_free_in_another_year_or_for_another_issuer():
    decision("ubnd-tp-hcm", "4001/QĐ-UBND", D(2025, 9, 1)).save()
    message = refusal(decision("ubnd-tp-hcm", "4001/QĐ-UBND", D(2025, 12, 1)))["number"][0]
    assert "4001/QĐ-UBND" in message and "2025" in message
    assert "number" in refusal(decision("ubnd-tp-hcm", "4001/QĐ-UBND", D(2025, 12, 1)), "vi")
    with transaction.atomic(), pytest.raises(IntegrityError):  # the database says the same
        decision("ubnd-tp-hcm", "4001/QĐ-UBND", D(2025, 12, 1)).save()
    decision("ubnd-tp-hcm", "4001/QĐ-UBND", D(2026, 1, 5)).full_clean()  # another year
    decision("bo-nnmt", "4001/QĐ-BNNMT", D(2025, 12, 1)).full_clean()  # another issuer


# --- The batch under the recognition rule -------------------------------------------------------------------------

def recorded(stars, day, number, product=None):
    record = evaluation(product or fresh_product(), "148/2023", stars, day, decision_number=number)
    record.full_clean()
    record.save()
    return record


def test_the_issuers_level_must_be_the_one_the_rule_set_gives_the_star_level():
    four = recorded(4, D(2024, 3, 1), "77/QĐ-UBND")
    district = issuer_for(recorded(3, D(2024, 3, 1), "77/QĐ-UBND", fresh_product("Khác")))
    assert district.level == Issuer.Level.DISTRICT
    batch = Decision.objects.create(number="77/QĐ-UBND", date=D(2024, 3, 1), issuer=district, subject="x")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        DecisionItem(decision=batch, evaluation=four).full_clean()
    message = caught.value.message_dict["evaluation"][0]
    assert "Provincial People's Committee" in message and district.name_en in message and "148/QĐ-TTg" in message
    province = Decision.objects.create(number="77/QĐ-UBND", date=D(2024, 3, 1), issuer=issuer("ubnd-binh-duong"),
                                       subject="x")
    DecisionItem(decision=province, evaluation=four).full_clean()


def test_an_evaluation_joins_only_the_decision_it_records_and_no_second_recognition():
    record = recorded(4, D(2024, 3, 1), "78/QĐ-UBND")
    other = Decision.objects.create(number="79/QĐ-UBND", date=D(2024, 3, 1), issuer=issuer("ubnd-binh-duong"),
                                    subject="x")
    with pytest.raises(ValidationError):
        DecisionItem(decision=other, evaluation=record).full_clean()
    own = Decision.objects.create(number="78/QĐ-UBND", date=D(2024, 3, 1), issuer=issuer("ubnd-binh-duong"),
                                  subject="x")
    DecisionItem.objects.create(decision=own, evaluation=record)
    with transaction.atomic(), pytest.raises(IntegrityError):
        DecisionItem.objects.create(decision=other, evaluation=record)


# --- Revocation ---------------------------------------------------------------------------------------------------

def granted_by_district():
    """A 3-star recognition of 2024 by the district committee of its producer, recorded with its decision."""
    record = recorded(3, D(2024, 3, 1), "80/QĐ-UBND")
    grantor = issuer_for(record)
    DecisionItem.objects.create(evaluation=record, decision=Decision.objects.create(
        number="80/QĐ-UBND", date=D(2024, 3, 1), issuer=grantor, subject="x"))
    return record, grantor


def revoke(record, key, day, number, reason="148.BREACH"):
    Evaluation.objects.filter(pk=record.pk).update(revoked_on=day, revocation_number=number,
                                                   revocation_reason="Vi phạm (dữ liệu kiểm thử)")
    record.refresh_from_db()
    return decision(key, number, day, kind=Decision.Kind.REVOCATION,
                    reason=RevocationReason.objects.filter(code=reason).first())


def test_a_revocation_needs_a_listed_reason_of_the_rule_set_in_force():
    record, grantor = granted_by_district()
    without = revoke(record, grantor.key, D(2024, 9, 1), "81/QĐ-UBND", reason="none")
    assert "reason" in refusal(without) and "reason" in refusal(without, "vi")
    with transaction.atomic(), pytest.raises(IntegrityError):  # and the database refuses it too
        without.save()
    wrong_rule_set = revoke(record, grantor.key, D(2024, 9, 1), "81/QĐ-UBND", reason="26.BREACH")
    assert "26/2026" in refusal(wrong_rule_set)["reason"][0]
    revoke(record, grantor.key, D(2024, 9, 1), "81/QĐ-UBND").full_clean()


def test_a_revocation_comes_from_the_granting_body_or_its_successor_only():
    record, grantor = granted_by_district()
    by_province = revoke(record, "ubnd-binh-duong", D(2024, 9, 1), "82/QĐ-UBND")
    by_province.save()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        DecisionItem(decision=by_province, evaluation=record).full_clean()
    message = caught.value.message_dict["evaluation"][0]
    assert grantor.name_en in message and "People's Committee of Bình Dương Province" in message
    by_grantor = revoke(record, grantor.key, D(2024, 9, 1), "83/QĐ-UBND")
    by_grantor.save()
    DecisionItem(decision=by_grantor, evaluation=record).full_clean()
    # after 30/06/2025 the district is gone: its successor, the city, revokes
    by_city = revoke(record, "ubnd-tp-hcm", D(2025, 9, 1), "84/QĐ-UBND")
    by_city.save()
    DecisionItem(decision=by_city, evaluation=record).full_clean()


def test_the_demos_revocation_comes_from_the_successor_of_the_granting_district():
    item = DecisionItem.objects.select_related("decision__issuer", "decision__reason").get(
        kind=Decision.Kind.REVOCATION, evaluation__product__ref="SP059")
    granted = DecisionItem.objects.get(kind=Decision.Kind.RECOGNITION, evaluation=item.evaluation).decision
    assert granted.issuer.level == Issuer.Level.DISTRICT
    assert item.decision.issuer in granted.issuer.successors()[1:]
    assert item.decision.reason.unverified and item.decision.reason.rule_set.covers(item.decision.date)


# --- The demo -----------------------------------------------------------------------------------------------------

def test_every_recognised_demo_evaluation_is_in_a_decision_whose_issuer_is_valid_on_its_date():
    recognised = Evaluation.objects.decisions().filter(stars__gte=3)
    assert recognised.count() > 80
    items = {i.evaluation_id: i.decision for i in DecisionItem.objects.filter(
        kind=Decision.Kind.RECOGNITION).select_related("decision__issuer")}
    assert sorted(set(recognised.values_list("pk", flat=True)) - set(items)) == []
    for record in recognised:
        made = items[record.pk]
        assert made.issuer.covers(made.date), (made, made.issuer)
        assert (made.number, made.date) == (record.decision_number, record.decision_date)
        made.full_clean()
    assert not Decision.objects.filter(issuer__level=Issuer.Level.DISTRICT, date__gte=D(2025, 7, 1)).exists()
    assert not Decision.objects.filter(issuer__key="ubnd-binh-duong", date__gte=D(2025, 7, 1)).exists()


def test_the_demos_decisions_come_in_batches_numbered_per_issuer_per_year():
    sizes = Decision.objects.filter(kind=Decision.Kind.RECOGNITION).annotate(n=Count("items"))
    assert sizes.filter(n__gte=3).count() >= 10
    assert sum(d.n for d in sizes) > sizes.count() * 1.5
    years = Decision.objects.values("issuer", "date__year", "number").annotate(n=Count("pk")).filter(n__gt=1)
    assert list(years) == []
    # the same number again in another year of the same issuer, as real registers have it
    assert Decision.objects.filter(issuer__key="ubnd-binh-duong", number="1200/QĐ-UBND").count() > 1
    assert Product.objects.filter(ref="SP059").exists()
