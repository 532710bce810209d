"""The recognition rule in one versioned SQL file (registry/sql/10_recognition.sql), loaded after migrate, and its
Python reader: they agree on the demo, on every day that matters, and the threshold is the rules' data."""
import datetime

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from gis_app.core.sqlfiles import load_sql_files, sql_files
from gis_app.registry.models import Evaluation, Product, RecognitionRule
from gis_app.registry.recognition import forget_threshold, min_recognised_stars, recognition_of

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _threshold_forgotten():
    forget_threshold()
    yield
    forget_threshold()  # a rolled-back change of the rules must not stay in the process's cache


def _sql(product_ids, day):
    with connection.cursor() as cursor:
        cursor.execute("SELECT p, ocop_decision(p, %(day)s), ocop_current_stars(p, %(day)s) "
                       "FROM unnest(%(ids)s::bigint[]) p", {"day": day, "ids": product_ids})
        return {p: (decision, stars) for p, decision, stars in cursor.fetchall()}


def _python(products, day):
    out = {}
    for product in products:
        r = recognition_of(product, day)
        out[product.pk] = (r.evaluation.pk if r.evaluation else None, r.stars if r.in_force else None)
    return out


def _days():
    days = {timezone.localdate(), datetime.date(2023, 2, 24), datetime.date(2025, 7, 1), datetime.date(2026, 5, 22)}
    for decided, until, revoked in Evaluation.objects.values_list("decision_date", "valid_until", "revoked_on"):
        days.update(d + shift for d in (decided, until, revoked) if d for shift in (-DAY, 0 * DAY, DAY))
    return sorted(days)


def test_the_file_is_loaded_after_migrate_and_reloads_idempotently():
    registry = apps.get_app_config("registry")
    assert [p.name for p in sql_files(registry)] == ["10_recognition.sql"]
    load_sql_files(registry)
    load_sql_files(registry)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_functiondef('ocop_current_stars(bigint, date)'::regprocedure)")
        assert "ocop_min_recognised_stars()" in cursor.fetchone()[0]


def test_sql_and_python_agree_on_every_decision_day_of_the_demo():
    products = list(Product.objects.prefetch_related("evaluations"))
    ids = [p.pk for p in products]
    days = _days()
    assert len(products) > 50 and len(days) > 100
    recognised = 0
    for day in days:
        sql, python = _sql(ids, day), _python(products, day)
        assert sql == python, day
        recognised += sum(1 for _d, stars in sql.values() if stars)
    assert recognised > 0


def test_the_threshold_is_the_rules_data():
    assert min_recognised_stars() == RecognitionRule.objects.order_by("stars").first().stars == 3
    today = timezone.localdate()
    three = [e.product_id for e in Evaluation.objects.filter(stars=3, valid_until__gte=today, revoked_on=None)]
    products = list(Product.objects.filter(pk__in=three).prefetch_related("evaluations"))
    before = _sql(three, today)
    assert any(stars == 3 for _d, stars in before.values())
    RecognitionRule.objects.filter(stars=3).delete()  # as if no 3★ result were recognised any more
    assert min_recognised_stars() == 4
    after = _sql(three, today)
    assert all(stars is None or stars >= 4 for _d, stars in after.values())
    assert after == _python(products, today)
