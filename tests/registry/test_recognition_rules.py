"""Recognition as the decisions define it: rule rows, classification per evaluation, the decision in force,
revocation, and who may record decisions (issue #13)."""
import datetime
import json

import pytest
from django.core.exceptions import ValidationError

from gis_app.registry.classification import assign_evaluation_subgroups
from gis_app.registry.models import Evaluation, Product, ProductSubgroup, RecognitionRule, RuleSet, Stage, Status
from gis_app.registry.recognition import Recognition, recognition_of
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

# Scores giving each star class under 148/2023 (A ≤ 40, B ≤ 25, C ≤ 35) and 1048/2019 (A ≤ 35, B ≤ 25, C ≤ 40).
SCORES = {2: (15, 10, 10), 3: (22, 14, 19), 4: (30, 20, 25), 5: (34, 24, 33)}
D = datetime.date


def evaluation(product, rule_code, stars, day, subgroup=None, **fields):
    rule_set = RuleSet.objects.get(code=rule_code)
    subgroup = subgroup or ProductSubgroup.objects.filter(group__version=rule_set.taxonomy).order_by("code").first()
    a, b, c = SCORES[stars]
    return Evaluation(product=product, rule_set=rule_set, subgroup=subgroup, score_a=a, score_b=b, score_c=c,
                      decision_date=day, **fields)


def fresh_product(name="Sản phẩm thử"):
    other = Product.objects.order_by("pk").first()
    return ProductFactory(producer=other.producer, name=name, subgroup=other.subgroup)


# --- Each rule row: an accepted and a refused example ----------------------------------------------------------

# (rule set, day, stars, council, authority, number) accepted; and the same with a wrong council or authority.
ACCEPTED = [
    ("1048/2019", D(2021, 5, 4), 3, "province", "provincial_committee", "12/QĐ-UBND"),
    ("1048/2019", D(2022, 1, 9), 4, "province", "provincial_committee", "13/QĐ-UBND"),
    ("1048/2019", D(2022, 6, 1), 5, "central", "ministry", "14/QĐ-BNN-VPĐP"),
    ("148/2023", D(2024, 3, 1), 3, "district", "district_committee", "15/QĐ-UBND"),
    ("148/2023", D(2024, 3, 1), 4, "province", "provincial_committee", "16/QĐ-UBND"),
    ("148/2023", D(2024, 3, 1), 5, "central", "ministry", "17/QĐ-BNN-VPĐP"),
    ("148/2023", D(2025, 9, 1), 3, "province", "provincial_committee", "18/QĐ-UBND"),
    ("148/2023", D(2025, 9, 1), 4, "province", "provincial_committee", "19/QĐ-UBND"),
    ("148/2023", D(2025, 9, 1), 5, "central", "ministry", "20/QĐ-BNNMT-VPĐP"),
    ("26/2026", D(2026, 7, 1), 3, "province", "provincial_committee", "21/QĐ-UBND"),
    ("26/2026", D(2026, 7, 1), 4, "province", "provincial_committee", "22/QĐ-UBND"),
    ("26/2026", D(2026, 7, 1), 5, "central", "ministry", "23/QĐ-BNNMT-VPĐP"),
]
REFUSED = [  # (…, field refused)
    ("1048/2019", D(2021, 5, 4), 3, "district", "", "12/QĐ-UBND", "council_level"),
    ("1048/2019", D(2022, 1, 9), 4, "", "district_committee", "13/QĐ-UBND", "issuing_authority"),
    ("1048/2019", D(2022, 6, 1), 5, "", "", "14/QĐ-UBND", "decision_number"),
    ("148/2023", D(2024, 3, 1), 3, "", "provincial_committee", "15/QĐ-UBND", "issuing_authority"),
    ("148/2023", D(2024, 3, 1), 4, "district", "", "16/QĐ-UBND", "council_level"),
    ("148/2023", D(2024, 3, 1), 5, "", "provincial_committee", "17/QĐ-UBND", "issuing_authority"),
    ("148/2023", D(2025, 9, 1), 3, "district", "district_committee", "18/QĐ-UBND", "council_level"),
    ("148/2023", D(2025, 9, 1), 4, "", "district_committee", "19/QĐ-UBND", "issuing_authority"),
    ("148/2023", D(2025, 9, 1), 5, "", "", "20/QĐ-UBND", "decision_number"),
    ("26/2026", D(2026, 7, 1), 3, "district", "", "21/QĐ-UBND", "council_level"),
    ("26/2026", D(2026, 7, 1), 4, "", "district_committee", "22/QĐ-UBND", "issuing_authority"),
    ("26/2026", D(2026, 7, 1), 5, "", "", "23/QĐ-UBND", "decision_number"),
]


def test_every_rule_row_has_an_accepted_and_a_refused_example():
    covered = {(r, s, d) for r, d, s, *_ in ACCEPTED}
    rows = {(rule.rule_set.code, rule.stars, rule.valid_from) for rule in RecognitionRule.objects.all()}
    assert len(rows) == 12
    for code, stars, start in rows:
        assert any(r == code and s == stars and d >= start for r, s, d in covered)
    assert all(rule.source for rule in RecognitionRule.objects.all())


@pytest.mark.parametrize("rule_code,day,stars,council,authority,number", ACCEPTED)
def test_a_decision_matching_its_rule_row_is_accepted_and_completed(rule_code, day, stars, council, authority,
                                                                    number):
    record = evaluation(fresh_product(), rule_code, stars, day, decision_number=number)
    record.full_clean()  # level and authority left blank: taken from the row
    assert (record.council_level, record.issuing_authority) == (council, authority)
    assert record.valid_until == D(day.year + 3, day.month, day.day)
    record = evaluation(fresh_product(), rule_code, stars, day, decision_number=number, council_level=council,
                        issuing_authority=authority)
    record.full_clean()


@pytest.mark.parametrize("rule_code,day,stars,council,authority,number,field", REFUSED)
def test_a_decision_against_its_rule_row_is_refused_naming_the_field(rule_code, day, stars, council, authority,
                                                                     number, field):
    record = evaluation(fresh_product(), rule_code, stars, day, decision_number=number, council_level=council,
                        issuing_authority=authority)
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert field in error.value.message_dict


def test_there_is_no_commune_council():
    record = evaluation(fresh_product(), "148/2023", 3, D(2024, 3, 1), council_level="commune")
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert "council_level" in error.value.message_dict


@pytest.mark.parametrize("rule_code,day", [("148/2023", D(2020, 5, 1)), ("1048/2019", D(2023, 3, 1))])
def test_a_decision_dated_outside_its_rule_sets_period_is_refused(rule_code, day):
    with pytest.raises(ValidationError) as error:
        evaluation(fresh_product(), rule_code, 3, day).full_clean()
    assert "decision_date" in error.value.message_dict


def test_one_and_two_star_results_get_no_recognition_and_no_validity():
    record = evaluation(fresh_product(), "148/2023", 2, D(2024, 3, 1))
    record.full_clean()
    record.save()
    assert record.valid_until is None and record.issuing_authority == "" and not record.is_recognised
    assert recognition_of(record.product).state == Recognition.NOT_RATED
    record.valid_until = D(2027, 3, 1)
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert "valid_until" in error.value.message_dict


# --- Classification per evaluation -----------------------------------------------------------------------------

def test_a_sub_group_outside_the_rule_sets_classification_is_refused_naming_both():
    sub_2023 = ProductSubgroup.objects.get(code="2023.FOOD.PROC")
    with pytest.raises(ValidationError) as error:
        evaluation(fresh_product(), "1048/2019", 3, D(2021, 5, 4), subgroup=sub_2023).full_clean()
    message = " ".join(error.value.message_dict["subgroup"])
    assert "2023.FOOD.PROC" in message and "1048/2019" in message


def test_every_demo_evaluation_holds_a_sub_group_of_its_rule_sets_classification():
    rows = Evaluation.objects.select_related("subgroup__group", "rule_set")
    assert rows.count() > 90
    assert all(e.subgroup.group.version_id == e.rule_set.taxonomy_id for e in rows)


def test_the_migration_moves_the_old_demo_rows_into_their_rule_sets_classification():
    """Registry 0005 on the old rows: every evaluation took its product's sub-group, moved into its version."""
    product = Product.objects.get(ref="SP002")  # a 2023 sub-group on the product, a 1048/2019 evaluation
    old = product.evaluations.get(rule_set__code="1048/2019")
    assert product.subgroup.code == "2023.CRAFT.SOUVENIR"
    Evaluation.objects.update(subgroup=None)  # as before the migration
    assert assign_evaluation_subgroups(Evaluation) == 0
    old.refresh_from_db()
    assert old.subgroup.code.startswith("2019.SOUV.")
    rows = Evaluation.objects.select_related("subgroup__group", "rule_set")
    assert all(e.subgroup.group.version_id == e.rule_set.taxonomy_id for e in rows)


def test_a_products_classification_is_that_of_its_latest_decision():
    product = Product.objects.get(ref="SP006")  # rated under 1048 (2019.SOUV.DECOR), then under 148
    latest = product.evaluations.order_by("-decision_date").first()
    assert latest.rule_set.code == "148/2023" and product.subgroup_id == latest.subgroup_id


# --- The decision in force ---------------------------------------------------------------------------------------

def test_a_newer_three_star_decision_supersedes_an_older_four_star_one():
    product = fresh_product()
    evaluation(product, "148/2023", 4, D(2024, 3, 1)).save()
    assert recognition_of(product, D(2025, 1, 1)).stars == 4
    evaluation(product, "148/2023", 3, D(2025, 9, 1)).save()
    assert recognition_of(product, D(2025, 8, 31)).stars == 4
    for day in (D(2025, 9, 1), D(2027, 1, 1)):
        assert recognition_of(product, day).stars == 3
        assert Product.objects.with_current_stars(day).get(pk=product.pk).current_stars == 3
    assert Product.objects.get(ref="SP041").recognition().stars == 3  # the same in the demo


def test_expired_and_revoked_are_states_of_their_own_with_the_glossary_words(settings):
    product = fresh_product()
    decision = evaluation(product, "148/2023", 4, D(2023, 6, 1))
    decision.save()
    expired = recognition_of(product, D(2026, 6, 2))
    assert (expired.state, expired.stars) == (Recognition.EXPIRED, 4)
    decision.revoked_on, decision.revocation_number = D(2024, 1, 10), "99/QĐ-UBND"
    decision.revocation_reason = "Không duy trì tiêu chí"
    decision.full_clean()
    decision.save()
    revoked = recognition_of(Product.objects.get(pk=product.pk), D(2024, 1, 10))
    assert revoked.state == Recognition.REVOKED and revoked.revocation_number == "99/QĐ-UBND"
    assert recognition_of(product, D(2024, 1, 9)).in_force
    from django.utils import translation
    with translation.override("vi"):
        assert str(expired.label) == "hết hiệu lực công nhận"
        assert str(revoked.label) == "đã thu hồi quyết định công nhận"
        assert str(Recognition(Recognition.NOT_RATED).label) == "chưa phân hạng"
        assert str(recognition_of(product, D(2023, 7, 1)).label) == "4 sao"


def test_a_revocation_needs_its_decision_number_and_reason():
    decision = evaluation(fresh_product(), "148/2023", 3, D(2024, 3, 1), revoked_on=D(2025, 1, 1))
    with pytest.raises(ValidationError) as error:
        decision.full_clean()
    assert {"revocation_number", "revocation_reason"} <= set(error.value.message_dict)


def test_recognition_of_each_demo_product_agrees_with_the_database_function():
    for day in (D(2024, 6, 1), D(2025, 12, 1), None):
        annotated = {p.pk: p.current_stars for p in Product.objects.with_current_stars(day)}
        for product in Product.objects.prefetch_related("evaluations"):
            recognition = product.recognition(day)
            assert annotated[product.pk] == (recognition.stars if recognition.in_force else None)


def test_the_demo_holds_both_eras_no_five_stars_expired_revoked_and_candidates():
    states = {}
    for product in Product.objects.prefetch_related("evaluations"):
        states.setdefault(product.recognition().state, []).append(product)
    assert len(states[Recognition.REVOKED]) == 1 and 3 <= len(states[Recognition.EXPIRED]) <= 8
    stars = [p.recognition().stars for p in states[Recognition.IN_FORCE]]
    assert stars.count(3) > 2 * stars.count(4) > 0 and 5 not in stars
    assert not Evaluation.objects.filter(stars=5).exists()
    assert set(Product.objects.values_list("stage", flat=True)) == set(Stage.values)
    sales = Evaluation.objects.filter(subgroup__code="2019.TOUR.SALES")
    assert sales.exists() and set(sales.values_list("rule_set__code", flat=True)) == {"1048/2019"}
    assert Evaluation.objects.filter(subgroup__group__code="2023.ORNA", rule_set__code="148/2023").exists()


# --- Who may record decisions ------------------------------------------------------------------------------------

def post(client, url, data, language="en"):
    return client.post(url, json.dumps(data), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


def body(product, **changes):
    data = {"product": product.pk, "rule_set": "148/2023", "subgroup": "2023.FOOD.PROC", "score_a": "22",
            "score_b": "14", "score_c": "19", "decision_number": "301/QĐ-UBND", "decision_date": "2025-09-01"}
    return {**data, **changes}


@pytest.mark.parametrize("role", ["commune_officer", "district_officer", "producer", "tourism_planner"])
def test_only_provincial_officers_and_administrators_record_evaluations(client, users, places, role):
    home, _away = places
    product = home.products.first()
    client.force_login(users[role])
    response = post(client, "/api/v1/evaluations/", body(product))
    assert response.status_code == 403, response.content
    assert not Evaluation.objects.filter(decision_number="301/QĐ-UBND").exists()
    some = product.evaluations.first()
    response = client.post(f"/api/v1/evaluations/{some.pk}/revoke/", json.dumps(
        {"revoked_on": "2026-01-01", "revocation_number": "1/QĐ-UBND", "revocation_reason": "x"}),
        content_type="application/json")
    assert response.status_code in (403, 404)


@pytest.mark.parametrize("role", ["provincial_officer", "administrator"])
def test_a_provincial_officer_records_and_revokes_a_decision_through_the_api(client, users, places, role):
    home, _away = places
    product = Product.objects.create(producer=home, name="Sản phẩm mới", status=Status.PUBLISHED,
                                     subgroup=home.products.first().subgroup)
    client.force_login(users[role])
    response = post(client, "/api/v1/evaluations/", body(product))
    assert response.status_code == 201, response.content
    created = Evaluation.objects.get(pk=response.json()["id"])
    assert (created.council_level, created.issuing_authority, created.stars) == ("province",
                                                                               "provincial_committee", 3)
    detail = client.get(f"/api/v1/evaluations/{created.pk}/").json()
    assert detail["rule_set_code"] == "148/2023" and detail["subgroup_code"] == "2023.FOOD.PROC"
    assert detail["council_level"] == "province" and detail["issuing_authority"] == "provincial_committee"
    # the revocation decision comes from the granting body (gis_app.decisions, through the API's hooks)
    from gis_app.decisions.loaders import issuer_for
    from gis_app.decisions.models import Decision, DecisionItem

    DecisionItem.objects.create(evaluation=created, decision=Decision.objects.create(
        number="301/QĐ-UBND", date=D(2025, 9, 1), issuer=issuer_for(created), subject="x"))
    response = client.post(f"/api/v1/evaluations/{created.pk}/revoke/", json.dumps(
        {"revoked_on": "2025-10-01", "revocation_number": "77/QĐ-UBND", "revocation_reason": "Ngừng sản xuất",
         "reason": "148.STOPPED"}), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["revocation_decision"]["number"] == "77/QĐ-UBND"
    assert Product.objects.get(pk=product.pk).recognition().state == Recognition.REVOKED
    assert created.history.count() == 2  # recorded, then revoked: both in the change history


def test_the_api_refuses_a_sub_group_of_the_other_classification_naming_both(client, users, places):
    home, _away = places
    client.force_login(users["provincial_officer"])
    response = post(client, "/api/v1/evaluations/", body(home.products.first(), rule_set="1048/2019",
                                                          decision_date="2021-05-04"))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "subgroup" and "2023.FOOD.PROC" in error["message"] and "1048/2019" in error["message"]
    response = post(client, "/api/v1/evaluations/", body(home.products.first(), council_level="district",
                                                          issuing_authority="district_committee"), language="vi")
    assert response.status_code == 400 and response.json()["error"]["field"] in ("council_level",
                                                                                  "issuing_authority")


def test_evaluations_are_moderated_like_other_records(client, users, places):
    home, _away = places
    evaluation_ = home.products.first().evaluations.first()
    client.force_login(users["provincial_officer"])
    response = client.post(f"/api/v1/evaluations/{evaluation_.pk}/reject/", {"reason": "Sai số quyết định"})
    assert response.status_code == 200, response.content
    client.logout()
    public = client.get("/api/v1/evaluations/", {"product": evaluation_.product_id}).json()
    assert evaluation_.pk not in {f["id"] for f in public["features"]}


@pytest.mark.parametrize("role", ["commune_officer", "district_officer"])
def test_area_officers_cannot_enter_evaluations_in_the_admin(client, users, places, role):
    home, _away = places
    product = home.products.filter(evaluations__isnull=False).first()
    client.force_login(users[role])
    assert client.get("/admin/registry/evaluation/add/").status_code == 403
    page = client.get(f"/admin/registry/product/{product.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="evaluations-0-score_a"' not in html  # shown read-only, no inputs


def test_a_provincial_officer_sees_the_evaluation_inline_and_its_history(client, users, places):
    home, _away = places
    product = home.products.filter(evaluations__isnull=False).first()
    client.force_login(users["provincial_officer"])
    html = client.get(f"/admin/registry/product/{product.pk}/change/").content.decode()
    assert 'name="evaluations-0-score_a"' in html
    evaluation_ = product.evaluations.first()
    assert client.get(f"/admin/registry/evaluation/{evaluation_.pk}/history/").status_code == 200


def test_editing_an_evaluation_checks_the_classification_and_the_role(client, users, places):
    home, _away = places
    evaluation_ = home.products.first().evaluations.order_by("pk").first()
    url = f"/api/v1/evaluations/{evaluation_.pk}/"
    other = "2019.FOOD.PROC" if evaluation_.rule_set.code == "148/2023" else "2023.FOOD.PROC"
    client.force_login(users["district_officer"])
    response = client.patch(url, json.dumps({"version": evaluation_.version, "decision_number": "1/QĐ-UBND"}),
                            content_type="application/json")
    assert response.status_code in (403, 404)
    client.force_login(users["provincial_officer"])
    response = client.patch(url, json.dumps({"version": evaluation_.version, "subgroup": other}),
                            content_type="application/json", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "subgroup" and other in error["message"] and evaluation_.rule_set.code in error["message"]
    assert "không thuộc Danh mục phân loại sản phẩm" in error["message"]
    evaluation_.refresh_from_db()
    assert evaluation_.subgroup.code != other
