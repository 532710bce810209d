"""Pages cost the same whatever the box (#28): PostgreSQL sees a box's true selectivity, and REST counts stop at
a bound."""
import json

import pytest
from django.db import connection

from gis_app.api import geojson
from gis_app.core.spatial import in_box
from gis_app.registry.models import Producer

pytestmark = pytest.mark.django_db

PROVINCE = (106.33, 10.85, 106.98, 11.50)


def estimated_and_actual(queryset):
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_producer")
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    return plan["Plan Rows"], plan["Actual Rows"]


def test_a_box_over_the_province_is_planned_for_the_rows_it_holds():
    # The exact planar test once made PostgreSQL expect a fraction of a percent of the box's rows (99 of 989,778
    # at 1M), and pick a plan that sorts every match to return a page.
    queryset = Producer.objects.published().filter(in_box("location", PROVINCE))
    expected, actual = estimated_and_actual(queryset)
    assert actual > 30
    assert expected >= actual / 4, f"expected {expected} rows where {actual} match"


def test_rest_count_stops_at_its_bound(client, monkeypatch):
    monkeypatch.setattr(geojson, "COUNT_BOUND", 5)
    body = client.get("/api/v1/producers/", {"page_size": 2}).json()
    assert body["count"] is None and body["count_more_than"] == 5
    assert body["next"] and len(body["features"]) == 2
    total = Producer.objects.published().count()
    body = client.get("/api/v1/producers/", {"page_size": total}).json()
    assert body["count"] == total and "count_more_than" not in body and body["next"] is None
