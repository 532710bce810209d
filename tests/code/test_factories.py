"""Each factory of tests/factories.py builds a record its model accepts (`full_clean`), on every rule set."""
import datetime

import pytest

from gis_app.registry.models import Evaluation, Product
from gis_app.registry.recognition import recognition_of
from tests.factories import (
    EvaluationFactory,
    PointOfSaleFactory,
    ProducerFactory,
    ProductFactory,
    TourismSiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", [ProducerFactory, ProductFactory, TourismSiteFactory, PointOfSaleFactory])
def test_each_factory_builds_a_valid_published_record(factory):
    record = factory()
    record.full_clean()
    assert record.status == "published"
    assert type(record).objects.filter(pk=record.pk).exists()


def test_records_of_one_factory_lie_apart_and_inside_the_province():
    first, second = ProducerFactory(), ProducerFactory()
    assert first.location != second.location
    assert first.commune_id is not None and second.commune_id is not None  # located into a demo commune


@pytest.mark.parametrize(("day", "rule_set"), [
    (datetime.date(2022, 6, 1), "1048/2019"),
    (datetime.date(2024, 3, 1), "148/2023"),
    (datetime.date(2025, 9, 1), "148/2023"),
    (datetime.date(2026, 7, 1), "26/2026"),
])
@pytest.mark.parametrize("stars", [2, 3, 4, 5])
def test_an_evaluation_follows_the_rules_in_force_on_its_day(day, rule_set, stars):
    evaluation = EvaluationFactory(decision_date=day, stars_wanted=stars)
    evaluation.full_clean()
    evaluation.refresh_from_db()
    assert evaluation.rule_set.code == rule_set
    assert evaluation.stars == stars
    assert bool(evaluation.decision_number) == (stars >= 3)


def test_a_recent_recognition_is_in_force_and_gives_the_product_its_stars():
    evaluation = EvaluationFactory(stars_wanted=4)
    product = Product.objects.prefetch_related("evaluations").get(pk=evaluation.product_id)
    assert recognition_of(product).stars == 4
    assert Evaluation.objects.filter(product=product).count() == 1


def test_a_user_is_made_once_per_name():
    assert UserFactory(username="officer") == UserFactory(username="officer")
