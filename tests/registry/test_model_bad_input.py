"""Bad input is refused by model validation, naming the field, in Vietnamese and in English."""
import datetime
from decimal import Decimal

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.exceptions import ValidationError
from django.utils import translation

from gis_app.registry.models import CraftVillage, Evaluation, Producer, Product, ProductSubgroup, RuleSet


def errors(obj, language):
    with translation.override(language), pytest.raises(ValidationError) as raised:
        obj.full_clean()
    return raised.value.message_dict


def bowtie():
    return MultiPolygon(Polygon(((106.63, 11.00), (106.64, 11.01), (106.64, 11.00), (106.63, 11.01),
                                 (106.63, 11.00))), srid=4326)


@pytest.mark.django_db
@pytest.mark.parametrize("language,text", [("vi", "nằm ngoài địa bàn của Chương trình"), ("en", "outside the programme's area")])
def test_producer_outside_the_province_is_refused(language, text):
    producer = Producer(legal_form="household", name="Hộ kinh doanh Hà Nội",
                        location=Point(105.85, 21.03, srid=4326))
    assert text in errors(producer, language)["location"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("language,text", [("vi", "Hình không hợp lệ"), ("en", "The shape is not valid")])
def test_self_intersecting_village_is_refused(language, text):
    village = CraftVillage(name="Làng thử", craft="Sơn mài", area=bowtie())
    message = errors(village, language)["area"][0]
    assert text in message and "Self-intersection" in message


@pytest.mark.django_db
def test_self_intersecting_polygon_is_refused_by_the_database_too():
    from django.db import IntegrityError, transaction
    with pytest.raises(IntegrityError), transaction.atomic():
        CraftVillage.objects.create(name="Làng thử", craft="Sơn mài", area=bowtie())


@pytest.mark.django_db
@pytest.mark.parametrize("rule_code,part,score", [("1048/2019", "a", "35.5"), ("148/2023", "c", "35.01"),
                                                  ("148/2023", "b", "26")])
@pytest.mark.parametrize("language,text", [("vi", "vượt quá mức tối đa"), ("en", "exceeds its weight")])
def test_part_score_above_its_weight_is_refused(rule_code, part, score, language, text):
    scores = {"score_a": Decimal(10), "score_b": Decimal(10), "score_c": Decimal(10), f"score_{part}": Decimal(score)}
    rule_set = RuleSet.objects.get(code=rule_code)
    evaluation = Evaluation(product=Product.objects.first(), rule_set=rule_set,
                            subgroup=ProductSubgroup.objects.filter(group__version=rule_set.taxonomy).first(),
                            decision_date=rule_set.effective_from + datetime.timedelta(days=200), **scores)
    found = errors(evaluation, language)
    assert list(found) == [f"score_{part}"]
    assert text in found[f"score_{part}"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("language,text", [("vi", "phải sau ngày quyết định"), ("en", "must end after the decision")])
def test_validity_ending_before_the_decision_is_refused(language, text):
    evaluation = Evaluation(product=Product.objects.first(), rule_set=RuleSet.objects.get(code="148/2023"),
                            subgroup=ProductSubgroup.objects.get(code="2023.FOOD.PROC"),
                            score_a=30, score_b=20, score_c=20, council_level="province",
                            decision_date=datetime.date(2024, 1, 10), valid_until=datetime.date(2023, 12, 31))
    assert text in errors(evaluation, language)["valid_until"][0]


@pytest.mark.django_db
def test_admin_refuses_a_bad_producer_and_saves_nothing(admin_client):
    before = Producer.objects.count()
    response = admin_client.post("/admin/registry/producer/add/", {
        "legal_form": "household", "name": "Hộ ngoài tỉnh", "status": "draft",
        "location": '{"type": "Point", "coordinates": [105.85, 21.03]}',
        "products-TOTAL_FORMS": "1", "products-INITIAL_FORMS": "0",
        "products-0-name": "Sản phẩm thử", "products-0-subgroup": "", "products-0-status": "draft",
    }, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "outside the programme&#x27;s area" in response.content.decode() or "outside the programme's area" in response.content.decode()
    assert Producer.objects.count() == before
    assert not Product.objects.filter(name="Sản phẩm thử").exists()
