"""Rule sets as dated data (issue #23 items 1, 6, 7): 1048/2019 with 781/2020, 148/2023 with 1489/2025 and
26/2026 from 22/05/2026; the 2026 classification; 148's annex names; the 2019 ↔ 2023 ↔ 2026 mapping; demo dates
kept on their side of every legal boundary; demo producers that are not real brands.

Every expectation cites the rule it checks (the `source` of the row); rows known only from secondary sources must
say so ("chưa đối chiếu văn bản gốc")."""
import csv
import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from gis_app.registry.demo_dates import legal_boundaries, same_side, shift_keeping_side
from gis_app.registry.models import (
    Evaluation,
    Product,
    ProductGroup,
    ProductSector,
    ProductSubgroup,
    RecognitionRule,
    RuleSet,
    Status,
    TaxonomyVersion,
)
from gis_app.registry.rules import STAR_BANDS

pytestmark = pytest.mark.django_db

D = datetime.date
UNVERIFIED = "chưa đối chiếu văn bản gốc"
FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SCORES = {2: (15, 10, 10), 3: (22, 14, 19), 4: (30, 20, 25), 5: (34, 24, 33)}  # valid under 148 and 26/2026


def evaluation(rule_code, day, stars=3, subgroup=None, **fields):
    rule_set = RuleSet.objects.get(code=rule_code)
    subgroup = subgroup or ProductSubgroup.objects.filter(group__version=rule_set.taxonomy).order_by("code").first()
    product = Product.objects.order_by("pk").first()
    a, b, c = SCORES[stars]
    return Evaluation(product=product, rule_set=rule_set, subgroup=subgroup, score_a=a, score_b=b, score_c=c,
                      decision_date=day, **fields)


# --- Rule sets ----------------------------------------------------------------------------------------------------

def test_three_rule_sets_follow_each_other_without_gap_or_overlap():
    rule_sets = list(RuleSet.objects.order_by("effective_from"))
    assert [r.code for r in rule_sets] == ["1048/2019", "148/2023", "26/2026"]
    assert [r.effective_from for r in rule_sets] == [D(2019, 8, 21), D(2023, 2, 24), D(2026, 5, 22)]
    for earlier, later in zip(rule_sets, rule_sets[1:]):
        assert earlier.effective_to == later.effective_from - datetime.timedelta(days=1)
    assert rule_sets[-1].effective_to is None
    for day in (D(2023, 2, 23), D(2023, 2, 24), D(2026, 5, 21), D(2026, 5, 22)):
        assert RuleSet.objects.in_force_on(day).count() == 1


@pytest.mark.parametrize("code,weights,document", [
    ("1048/2019", (35, 25, 40), "1048/QĐ-TTg"), ("148/2023", (40, 25, 35), "148/QĐ-TTg"),
    ("26/2026", (40, 25, 35), "26/2026/QĐ-TTg")])
def test_each_rule_set_has_weights_validity_and_decision_form_citing_its_decision(code, weights, document):
    rule_set = RuleSet.objects.get(code=code)
    assert (rule_set.weight_a, rule_set.weight_b, rule_set.weight_c) == weights
    assert rule_set.validity_months == 36
    assert document in rule_set.source and "Phụ lục" in rule_set.source
    assert rule_set.decision_form and rule_set.title
    # Bands: the text's rows, and the same bands the database's generated column applies.
    bands = sorted(((b.min_total, b.stars) for b in rule_set.star_bands.all()), reverse=True)
    assert tuple(bands) == STAR_BANDS
    assert all(document in band.source for band in rule_set.star_bands.all())


def test_amendments_are_dated_rows_of_the_rule_set_they_amend():
    amendments = {a.legal_document.split(" ")[0]: a for a in
                  RuleSet.objects.get(code="1048/2019").amendments.all() | RuleSet.objects.get(
                      code="148/2023").amendments.all()}
    assert amendments["781/QĐ-TTg"].effective_from == D(2020, 6, 8)
    assert amendments["781/QĐ-TTg"].rule_set.code == "1048/2019"
    assert amendments["1489/QĐ-TTg"].effective_from == D(2025, 7, 6)
    assert amendments["1489/QĐ-TTg"].rule_set.code == "148/2023"
    assert all(UNVERIFIED in a.source for a in amendments.values())


def test_2026_rounds_province_by_30_6_and_30_12_central_by_30_9_and_30_3():
    rounds = {(r.council_level, r.day, r.month) for r in RuleSet.objects.get(code="26/2026").round_deadlines.all()}
    assert rounds == {("province", 30, 6), ("province", 30, 12), ("central", 30, 9), ("central", 30, 3)}


def test_every_26_2026_row_says_it_was_not_checked_against_the_official_text():
    """Only secondary sources were reachable for 26/2026: each of its rows says so, in data."""
    rule_set = RuleSet.objects.get(code="26/2026")
    rows = [rule_set, *rule_set.star_bands.all(), *rule_set.round_deadlines.all(),
            *rule_set.recognition_rules.all(), rule_set.taxonomy, *ProductSector.objects.filter(version__code="2026"),
            *ProductGroup.objects.filter(version__code="2026"),
            *ProductSubgroup.objects.filter(group__version__code="2026")]
    assert len(rows) > 50
    assert [row for row in rows if UNVERIFIED not in row.source] == []


# --- Who evaluates and who recognises ---------------------------------------------------------------------------

@pytest.mark.parametrize("code,day,stars,council,authority", [
    ("1048/2019", D(2021, 1, 4), 3, "province", "provincial_committee"),
    ("1048/2019", D(2021, 1, 4), 5, "central", "ministry"),
    ("148/2023", D(2025, 6, 30), 3, "district", "district_committee"),   # the district's last day
    ("148/2023", D(2025, 7, 1), 3, "province", "provincial_committee"),  # no district committee existed
    ("148/2023", D(2025, 7, 5), 3, "province", "provincial_committee"),
    ("148/2023", D(2025, 7, 6), 3, "province", "provincial_committee"),  # 1489/2025
    ("148/2023", D(2025, 7, 3), 4, "province", "provincial_committee"),
    ("26/2026", D(2026, 5, 22), 3, "province", "provincial_committee"),
    ("26/2026", D(2026, 5, 22), 4, "province", "provincial_committee"),
    ("26/2026", D(2026, 5, 22), 5, "central", "ministry"),
])
def test_each_star_level_has_one_rule_row_on_each_day(code, day, stars, council, authority):
    rows = list(RecognitionRule.objects.applying(RuleSet.objects.get(code=code), day, stars))
    assert [(r.council_level, r.issuing_authority) for r in rows] == [(council, authority)]
    assert rows[0].source


def test_1_to_5_july_2025_a_district_committee_decision_is_refused_as_none_existed():
    """Districts ceased on 01/07/2025; the row for 1–5 July gives the province (1489/2025), marked unverified."""
    rule = RecognitionRule.objects.applying(RuleSet.objects.get(code="148/2023"), D(2025, 7, 3), 3).get()
    assert "1489/QĐ-TTg" in rule.source and UNVERIFIED in rule.source
    with pytest.raises(ValidationError) as refused:
        evaluation("148/2023", D(2025, 7, 3), issuing_authority="district_committee",
                   decision_number="5/QĐ-UBND").full_clean()
    assert "issuing_authority" in refused.value.message_dict
    accepted = evaluation("148/2023", D(2025, 7, 3), decision_number="6/QĐ-UBND")
    accepted.full_clean()
    assert accepted.issuing_authority == "provincial_committee"


def test_1_and_2_stars_get_no_recognition_row_under_any_rule_set():
    assert not RecognitionRule.objects.filter(stars__lt=3).exists()


# --- Filed under the rule set in force -------------------------------------------------------------------------

@pytest.mark.parametrize("filed,day,in_force", [
    ("148/2023", D(2026, 6, 1), "26/2026"), ("26/2026", D(2026, 5, 21), "148/2023"),
    ("1048/2019", D(2023, 3, 1), "148/2023"), ("148/2023", D(2023, 2, 23), "1048/2019")])
def test_an_evaluation_under_a_rule_set_not_in_force_is_refused_naming_both(filed, day, in_force):
    with pytest.raises(ValidationError) as refused:
        evaluation(filed, day, decision_number="7/QĐ-UBND").full_clean()
    message = " ".join(refused.value.message_dict["decision_date"])
    assert filed in message and in_force in message and day.strftime("%d/%m/%Y") in message


def test_a_2026_evaluation_is_filed_under_26_2026_with_one_of_its_product_sets():
    product_set = ProductSubgroup.objects.get(code="2026.B21")
    accepted = evaluation("26/2026", D(2026, 7, 1), subgroup=product_set, decision_number="8/QĐ-UBND")
    accepted.full_clean()
    assert (accepted.issuing_authority, accepted.valid_until) == ("provincial_committee", D(2029, 7, 1))
    with pytest.raises(ValidationError) as refused:
        evaluation("26/2026", D(2026, 7, 1), subgroup=ProductSubgroup.objects.get(code="2023.CRAFT.SOUVENIR"),
                   decision_number="9/QĐ-UBND").full_clean()
    assert "subgroup" in refused.value.message_dict


def test_every_demo_decision_is_filed_under_the_rule_set_in_force_on_its_date():
    for e in Evaluation.objects.select_related("rule_set"):
        assert e.rule_set.covers(e.decision_date), (e.product_id, e.decision_date, e.rule_set.code)
    assert Evaluation.objects.filter(rule_set__code="26/2026").count() >= 8
    assert not Evaluation.objects.filter(rule_set__code="148/2023", decision_date__gte=D(2026, 5, 22)).exists()


# --- The 2026 classification -----------------------------------------------------------------------------------

def test_2026_classification_has_6_sectors_17_groups_and_26_numbered_product_sets():
    assert ProductSector.objects.filter(version__code="2026").count() == 6
    groups = ProductGroup.objects.filter(version__code="2026")
    assert groups.count() == 17 and not groups.filter(sector__isnull=True).exists()
    sets = list(ProductSubgroup.objects.filter(group__version__code="2026").order_by("number"))
    assert [s.number for s in sets] == list(range(1, 27))
    assert all(s.managing_agency.startswith("Bộ ") for s in sets)
    # Samples (5 units) go with every dossier except the tourism set's.
    assert [s.number for s in sets if not s.samples_required] == [26]
    by_number = {s.number: s for s in sets}
    assert by_number[1].group.name_vi == "Thực phẩm tươi sống" and by_number[1].group.sector.name_vi == "Thực phẩm"
    assert by_number[16].managing_agency == "Bộ Y tế"
    assert by_number[23].name_vi == "Hoa" and by_number[24].name_vi == "Cây cảnh"
    # The 2019 and 2023 groups have no sector level: nothing of theirs changed.
    assert not ProductGroup.objects.filter(version__code__in=["2019", "2023"], sector__isnull=False).exists()


# --- Annex names and the mapping across years ------------------------------------------------------------------

def test_148_subgroup_names_are_those_of_its_annex():
    names = {s.code: s.name_vi for s in ProductSubgroup.objects.filter(group__version__code="2023")}
    assert names["2023.FOOD.FRESH"] == "Thực phẩm tươi sống"
    assert names["2023.FOOD.RAW"] == "Thực phẩm thô, sơ chế"
    assert names["2023.CRAFT.SOUVENIR"] == "Thủ công mỹ nghệ gia dụng, trang trí"
    assert names["2023.ORNA.FLOWER"] == "Hoa" and names["2023.ORNA.PLANT"] == "Cây cảnh"
    tourism = [code for code in names if code.startswith("2023.TOUR")]
    assert tourism == ["2023.TOUR.COMMUNITY"]
    assert names["2023.TOUR.COMMUNITY"] == "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"
    assert "Nông sản tươi sống" not in names.values() and "Đồ lưu niệm, nội thất, trang trí" not in names.values()


def test_781_2020_renamed_the_2019_tourism_group_from_its_date():
    group = ProductGroup.objects.get(code="2019.TOUR")
    assert group.name_on(D(2020, 6, 7), english=False) == "Dịch vụ du lịch nông thôn, bán hàng"
    assert group.name_on(D(2020, 6, 8), english=False) == "Dịch vụ du lịch cộng đồng và điểm du lịch"
    assert "781/QĐ-TTg" in group.renames.get().source


def test_every_subgroup_has_an_equivalent_in_each_other_version_or_says_it_has_none():
    versions = set(TaxonomyVersion.objects.values_list("code", flat=True))
    assert versions == {"2019", "2023", "2026"}
    for subgroup in ProductSubgroup.objects.select_related("group__version").prefetch_related(
            "equivalents__group__version"):
        own = subgroup.group.version.code
        for other in versions - {own}:
            has = any(e.group.version.code == other for e in subgroup.equivalents.all())
            said_none = other in subgroup.no_equivalent_in
            assert has != said_none, (subgroup.code, other)
    assert ProductSubgroup.objects.get(code="2019.TOUR.SALES").no_equivalent_in == ["2023", "2026"]
    assert ProductSubgroup.objects.get(code="2023.ORNA.PLANT").no_equivalent_in == ["2019"]


@pytest.mark.parametrize("version", ["2019", "2023", "2026"])
def test_counts_by_group_in_any_version_never_drop_an_ocop_product(client, version):
    """Each OCOP product is counted in a group of the version (its own or an equivalent's), or on the explicit
    "no equivalent" line: none is lost when a report is read in another year's classification."""
    ocop = list(Product.objects.published().ocop().select_related("subgroup__group__version")
                .prefetch_related("subgroup__equivalents__group__version"))
    assert ocop
    without = [p for p in ocop if p.subgroup.group.version.code != version
               and not any(e.group.version.code == version for e in p.subgroup.equivalents.all())]
    assert all(version in p.subgroup.no_equivalent_in for p in without)
    groups = client.get("/api/v1/aggregates/groups/", {"version": version}).json()["groups"]
    line = next((g for g in groups if g["code"] is None), {"products": 0})
    assert line["products"] == len(without)
    assert sum(g["products"] for g in groups) >= len(ocop)


# --- Demo data ---------------------------------------------------------------------------------------------------

def test_shifting_a_demo_date_never_carries_it_across_a_legal_boundary():
    boundaries = legal_boundaries()
    assert {D(2023, 2, 24), D(2025, 7, 1), D(2025, 7, 6), D(2026, 5, 22)} <= set(boundaries)
    eight = datetime.timedelta(days=8)
    assert shift_keeping_side(D(2026, 5, 14), eight, boundaries) == D(2026, 5, 14)  # else under 26/2026
    assert shift_keeping_side(D(2025, 6, 25), eight, boundaries) == D(2025, 6, 25)  # else after the districts
    assert shift_keeping_side(D(2026, 4, 1), eight, boundaries) == D(2026, 4, 9)


def test_loaded_demo_decisions_lie_on_the_side_of_every_boundary_they_were_written_on():
    boundaries = legal_boundaries()
    with open(FIXTURES / "evaluations.csv", encoding="utf-8") as f:
        # numbers are per issuer per year (issue 23): a product may hold 1200/QĐ-UBND of 2021 and of 2023
        written = {(r["product_ref"], r["rule_set"], r["decision_number"]): D.fromisoformat(r["decision_date"])
                   for r in csv.DictReader(f)}
    loaded = {(e.product.ref, e.rule_set.code, e.decision_number): e.decision_date
              for e in Evaluation.objects.select_related("product", "rule_set").filter(product__ref__isnull=False)}
    checked = [key for key in written if key in loaded]
    assert len(checked) == len(written)
    assert [k for k in checked if not same_side(written[k], loaded[k], boundaries)] == []


REAL_BRANDS = ("Thành Lễ", "Minh Long")  # real lacquer and porcelain brands of Bình Dương


def test_demo_producers_are_not_named_after_real_brands():
    texts = [(FIXTURES / name).read_text(encoding="utf-8")
             for name in ("producers.csv", "products.csv", "catalogue.json")]
    assert [brand for brand in REAL_BRANDS for text in texts if brand in text] == []
    assert not Product.objects.filter(producer__name__regex="|".join(REAL_BRANDS)).exists()
    json.loads(texts[2])  # the catalogue stays valid JSON
    assert Product.objects.filter(status=Status.PUBLISHED).exists()


def test_the_api_refuses_an_evaluation_under_a_rule_set_not_in_force_naming_both_in_vietnamese(client, users,
                                                                                                 places):
    home, _away = places
    client.force_login(users["provincial_officer"])
    data = {"product": home.products.first().pk, "rule_set": "148/2023", "subgroup": "2023.FOOD.PROC",
            "score_a": "22", "score_b": "14", "score_c": "19", "decision_number": "302/QĐ-UBND",
            "decision_date": "2026-06-01"}
    response = client.post("/api/v1/evaluations/", json.dumps(data), content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["field"] == "decision_date"
    assert "148/2023" in error["message"] and "26/2026" in error["message"] and "đang có hiệu lực" in error["message"]
    assert not Evaluation.objects.filter(decision_number="302/QĐ-UBND").exists()
    data.update(rule_set="26/2026", subgroup="2026.B06")
    response = client.post("/api/v1/evaluations/", json.dumps(data), content_type="application/json")
    assert response.status_code == 201, response.content
    assert Evaluation.objects.get(decision_number="302/QĐ-UBND").issuing_authority == "provincial_committee"


def test_a_product_page_names_a_2019_group_as_781_2020_renamed_it(client):
    product = Product.objects.published().filter(subgroup__group__code="2019.TOUR").first()
    decision = product.recognition().decision_date or datetime.date.today()
    assert decision >= D(2020, 6, 8)
    html = client.get(f"/products/{product.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Dịch vụ du lịch cộng đồng và điểm du lịch ›" in html
    assert "Dịch vụ du lịch nông thôn, bán hàng ›" not in html
