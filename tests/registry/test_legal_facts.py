"""The legal facts of a recognition are checked in the model, so in every path (issue #22 item 7): the validity
is the decision date plus the rule set's months unless an extension is recorded with its reason; no decision date
after today; decision numbers `<number>/QĐ-<issuer code>`; no decision number or validity below 3★."""
import datetime
import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from gis_app.core.importing import Importer
from gis_app.registry.loaders import load_demo_registry
from gis_app.registry.models import Evaluation, Product, RuleSet, Status
from gis_app.registry.rules import add_months, is_decision_number
from tests.registry.test_recognition_rules import evaluation, fresh_product, post

pytestmark = pytest.mark.django_db
D = datetime.date


def refusal(record):
    """The fields `full_clean` refuses, with their messages (in English)."""
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        record.full_clean(validate_unique=False)
    return caught.value.message_dict


# --- Validity ------------------------------------------------------------------------------------------------

def test_a_validity_of_ten_years_is_refused_naming_the_rule_sets_months():
    record = evaluation(fresh_product(), "148/2023", 4, D(2024, 3, 1), decision_number="16/QĐ-UBND",
                        valid_until=D(2034, 3, 1))
    message = refusal(record)["valid_until"][0]
    assert "36" in message and "148/2023" in message and "01/03/2027" in message


def test_the_computed_validity_and_a_blank_one_are_accepted():
    product = fresh_product()
    exact = evaluation(product, "148/2023", 4, D(2024, 3, 1), decision_number="16/QĐ-UBND",
                       valid_until=D(2027, 3, 1))
    exact.full_clean(validate_unique=False)
    blank = evaluation(product, "148/2023", 4, D(2024, 3, 1), decision_number="16/QĐ-UBND")
    blank.full_clean(validate_unique=False)
    assert blank.valid_until == add_months(D(2024, 3, 1), 36)


def test_a_shorter_validity_is_refused_a_revocation_ends_a_recognition_early():
    record = evaluation(fresh_product(), "148/2023", 3, D(2025, 9, 1), decision_number="18/QĐ-UBND",
                        valid_until=D(2027, 9, 1))
    assert "revocation" in refusal(record)["valid_until"][0]


def test_an_extension_needs_its_reason_and_stays_within_the_rule_sets_longest_one():
    product = fresh_product()
    rule_set = RuleSet.objects.get(code="26/2026")
    assert rule_set.max_extension_days == 180  # fixtures/rule_sets.csv, Điều 12 (marked unverified there)
    expected = add_months(D(2026, 7, 1), 36)
    without_reason = evaluation(product, "26/2026", 4, D(2026, 7, 1), decision_number="22/QĐ-UBND",
                                valid_until=expected + datetime.timedelta(days=90))
    assert "reason" in refusal(without_reason)["valid_until"][0]
    within = evaluation(product, "26/2026", 4, D(2026, 7, 1), decision_number="22/QĐ-UBND",
                        valid_until=expected + datetime.timedelta(days=180),
                        extension_reason="Quyết định gia hạn 5/QĐ-UBND: chờ kết quả đánh giá lại")
    within.full_clean(validate_unique=False)
    beyond = evaluation(product, "26/2026", 4, D(2026, 7, 1), decision_number="22/QĐ-UBND",
                        valid_until=expected + datetime.timedelta(days=181), extension_reason="Gia hạn")
    assert "180" in refusal(beyond)["valid_until"][0]


def test_a_rule_set_that_states_no_extension_refuses_one_even_with_a_reason():
    assert RuleSet.objects.get(code="148/2023").max_extension_days is None
    record = evaluation(fresh_product(), "148/2023", 4, D(2024, 3, 1), decision_number="16/QĐ-UBND",
                        valid_until=D(2027, 5, 1), extension_reason="Gia hạn")
    assert "states no extension" in refusal(record)["valid_until"][0]


def test_a_reason_without_an_extension_is_refused():
    record = evaluation(fresh_product(), "148/2023", 4, D(2024, 3, 1), decision_number="16/QĐ-UBND",
                        extension_reason="Gia hạn")
    assert "extension_reason" in refusal(record)


# --- Dates and numbers ---------------------------------------------------------------------------------------

def test_a_decision_dated_after_today_is_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    record = evaluation(fresh_product(), "26/2026", 4, tomorrow, decision_number="22/QĐ-UBND")
    assert "after today" in refusal(record)["decision_date"][0]
    far = evaluation(fresh_product("Khác"), "26/2026", 4, D(2030, 1, 1), decision_number="22/QĐ-UBND")
    assert "decision_date" in refusal(far)


@pytest.mark.parametrize("number", ["QĐ-UBND", "/QĐ-UBND", "0/QĐ-UBND", "12/QĐ", "12QĐ-UBND", "12/UBND",
                                    "12/QĐ-", "12/QĐ-UBND/", "mười hai/QĐ-UBND", "12 /QĐ-UBND"])
def test_a_decision_number_without_its_number_or_symbol_is_refused(number):
    record = evaluation(fresh_product(), "148/2023", 4, D(2024, 3, 1), decision_number=number)
    message = refusal(record)["decision_number"][0]
    assert "/QĐ-" in message


@given(number=st.integers(min_value=1, max_value=10**6), year=st.none() | st.integers(min_value=1990, max_value=2099),
       issuer=st.lists(st.sampled_from(["UBND", "TTg", "BNN", "BNNMT", "VPĐP", "SNN", "KT"]), min_size=1,
                       max_size=3))
def test_every_number_and_issuer_code_reads_as_a_decision_number(number, year, issuer):
    text = f"{number}/{year}/QĐ-{'-'.join(issuer)}" if year else f"{number}/QĐ-{'-'.join(issuer)}"
    assert is_decision_number(text)
    assert not is_decision_number(f"QĐ-{'-'.join(issuer)}")
    assert not is_decision_number(f"{number}/{'-'.join(issuer)}")
    assert not is_decision_number(text + "/")


@pytest.mark.parametrize("stars", [1, 2])
def test_a_result_below_three_stars_carries_no_decision_number_nor_validity(stars):
    day = D(2024, 3, 1)
    product = fresh_product()
    record = evaluation(product, "148/2023", 2, day, decision_number="16/QĐ-UBND")
    if stars == 1:
        record.score_a, record.score_b, record.score_c = 10, 5, 5
    assert "decision_number" in refusal(record)
    record.decision_number = ""
    record.full_clean(validate_unique=False)
    record.save()
    assert Evaluation.objects.get(pk=record.pk).valid_until is None


# --- Every path: API, admin, import, listing of what is stored ---------------------------------------------

@pytest.mark.parametrize("language,words", [("vi", "không phải là số quyết định"), ("en", "is not a decision number")])
def test_the_api_refuses_a_bad_decision_number_naming_the_field_in_the_callers_language(client, users, places,
                                                                                       language, words):
    home, _away = places
    product = Product.objects.create(producer=home, name="Sản phẩm API", status=Status.PUBLISHED,
                                     subgroup=home.products.first().subgroup)
    client.force_login(users["provincial_officer"])
    data = {"product": product.pk, "rule_set": "148/2023", "subgroup": "2023.FOOD.PROC", "score_a": "22",
            "score_b": "14", "score_c": "19", "decision_number": "QĐ-UBND", "decision_date": "2025-09-01"}
    response = post(client, "/api/v1/evaluations/", data, language=language)
    assert response.status_code == 400, response.content
    assert "decision_number" in response.content.decode()
    assert words in response.content.decode()
    tenyears = post(client, "/api/v1/evaluations/", {**data, "decision_number": "301/QĐ-UBND",
                                                      "valid_until": "2035-09-01"}, language=language)
    assert tenyears.status_code == 400 and "valid_until" in tenyears.content.decode()
    assert not product.evaluations.exists()


def test_the_admin_form_refuses_a_future_decision_date_and_a_two_star_decision_number(admin_client):
    product = fresh_product()
    record = evaluation(product, "148/2023", 4, D(2024, 3, 1), decision_number="16/QĐ-UBND")
    record.full_clean(validate_unique=False)
    record.save()
    url = f"/admin/registry/evaluation/{record.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(product=product.pk, rule_set=record.rule_set_id, subgroup=record.subgroup_id, status="published",
                decision_date="01/01/2030", valid_until="", extension_reason="")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "decision_date" in errors, errors
    data.update(decision_date="01/03/2024", score_a="15", score_b="10", score_c="10", council_level="",
                issuing_authority="")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "decision_number" in response.context["adminform"].form.errors
    assert Evaluation.objects.get(pk=record.pk).decision_number == "16/QĐ-UBND"  # nothing written


def test_an_import_row_with_a_ten_year_validity_or_a_bare_number_is_refused_and_nothing_is_written(tmp_path):
    fixtures = Path(settings.BASE_DIR) / "fixtures"
    copy = tmp_path / "fixtures"
    shutil.copytree(fixtures, copy)
    lines = (copy / "evaluations.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = dict(zip(header, lines[1].split(","), strict=True))
    row.update(product_ref="SP001", decision_number="QĐ-UBND")
    lines.append(",".join(row[name] for name in header))
    (copy / "evaluations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    importer = Importer(progress=False)
    load_demo_registry(copy, importer)
    assert any(p.source == "evaluations.csv" and p.field == "decision_number" and p.row == len(lines) - 1
               for p in importer.problems), importer.problems


def test_what_is_already_stored_against_the_rules_is_listed_and_left_unchanged():
    recognised = list(Evaluation.objects.filter(stars__gte=3, rule_set__code="148/2023").order_by("pk")[:3])
    low = Evaluation.objects.filter(stars__lt=3).order_by("pk").first()
    Evaluation.objects.filter(pk=recognised[0].pk).update(decision_number="QĐ-UBND")
    later = timezone.localdate() + datetime.timedelta(days=400)
    Evaluation.objects.filter(pk=recognised[1].pk).update(decision_date=later, valid_until=add_months(later, 36))
    Evaluation.objects.filter(pk=low.pk).update(decision_number="99/QĐ-UBND")
    before = list(Evaluation.objects.order_by("pk").values_list("pk", "decision_number", "decision_date"))
    out = io.StringIO()
    call_command("suspicious_dates", "--language", "en", stdout=out)
    lines = out.getvalue().splitlines()
    assert list(Evaluation.objects.order_by("pk").values_list("pk", "decision_number", "decision_date")) == before

    def line(pk, field):
        return next(text for text in lines if text.startswith(f"evaluation | {pk} | {field}"))

    assert "QĐ-UBND" in line(recognised[0].pk, "decision_number")
    assert "after today" in line(recognised[1].pk, "decision_date")
    assert "no recognition decision" in line(low.pk, "decision_number")
    assert not any(text.startswith(f"evaluation | {recognised[2].pk} |") for text in lines)


def test_a_recorded_extension_is_not_listed_as_an_odd_validity():
    record = Evaluation.objects.filter(stars__gte=3, rule_set__code="26/2026").order_by("pk").first()
    if record is None:  # the demo may have none under 26/2026: record one
        record = evaluation(fresh_product(), "26/2026", 4, D(2026, 7, 1), decision_number="22/QĐ-UBND")
        record.save()
    expected = add_months(record.decision_date, 36)
    Evaluation.objects.filter(pk=record.pk).update(valid_until=expected + datetime.timedelta(days=100),
                                                   extension_reason="Gia hạn")
    out = io.StringIO()
    call_command("suspicious_dates", "--language", "en", stdout=out)
    assert f"evaluation | {record.pk} | valid_until" not in out.getvalue()
    Evaluation.objects.filter(pk=record.pk).update(extension_reason="")
    out = io.StringIO()
    call_command("suspicious_dates", "--language", "en", stdout=out)
    assert f"evaluation | {record.pk} | valid_until" in out.getvalue()
