"""Stars are derived from the total by the database, at every band edge, for both rule sets."""
import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from gis_app.registry.models import Evaluation, Product, ProductSubgroup, RuleSet
from gis_app.registry.rules import add_months

EDGES = [("29.99", 1), ("30", 2), ("49.99", 2), ("50", 3), ("69.99", 3), ("70", 4), ("89.99", 4),
         ("90", 5), ("100", 5)]


def split(total, rule_set):
    """Part scores within the rule set's weights that add up to `total`."""
    a = min(Decimal(rule_set.weight_a), total)
    b = min(Decimal(rule_set.weight_b), total - a)
    return a, b, total - a - b


@pytest.mark.django_db
@pytest.mark.parametrize("rule_code", ["1048/2019", "148/2023"])
@pytest.mark.parametrize("total,stars", EDGES)
def test_stars_follow_the_total_at_every_band_edge(rule_code, total, stars):
    rule_set = RuleSet.objects.get(code=rule_code)
    a, b, c = split(Decimal(total), rule_set)
    # A day in the rule set's period; council and authority come from the recognition rule rows.
    day = datetime.date(2021, 5, 1) if rule_code == "1048/2019" else datetime.date(2024, 5, 1)
    subgroup = ProductSubgroup.objects.filter(group__version=rule_set.taxonomy).first()
    evaluation = Evaluation(product=Product.objects.first(), rule_set=rule_set, subgroup=subgroup, score_a=a,
                            score_b=b, score_c=c, decision_date=day)
    evaluation.full_clean()
    evaluation.save()
    evaluation.refresh_from_db()
    assert evaluation.total == Decimal(total)
    assert evaluation.stars == stars
    assert (evaluation.valid_until is not None) == (stars >= 3)  # validity only from 3 stars


@pytest.mark.django_db
def test_stars_follow_scores_changed_outside_django():
    """An edit from psql or QGIS cannot leave stars inconsistent with the scores."""
    evaluation = Evaluation.objects.filter(stars__gte=4).first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE registry_evaluation SET score_a = 0, score_b = 0, score_c = 29.5 WHERE id = %s",
                       [evaluation.pk])
    evaluation.refresh_from_db()
    assert (evaluation.total, evaluation.stars) == (Decimal("29.5"), 1)


@pytest.mark.django_db
def test_stars_column_refuses_a_typed_value():
    evaluation = Evaluation.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE registry_evaluation SET stars = 5 WHERE id = %s", [evaluation.pk])


@pytest.mark.django_db
def test_recognition_lasts_36_months_from_the_decision():
    rule_set = RuleSet.objects.get(code="148/2023")
    evaluation = Evaluation.objects.create(product=Product.objects.first(), rule_set=rule_set, score_a=30,
                                           score_b=20, score_c=25, decision_date=datetime.date(2024, 2, 29))
    assert evaluation.valid_until == datetime.date(2027, 2, 28)


def test_add_months_clamps_to_the_end_of_month():
    assert add_months(datetime.date(2023, 1, 31), 1) == datetime.date(2023, 2, 28)
    assert add_months(datetime.date(2023, 11, 15), 36) == datetime.date(2026, 11, 15)
