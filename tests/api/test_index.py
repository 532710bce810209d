"""The nearest and radius queries of the API walk the GiST index on a table of 10,000+ producers."""
import re

import pytest
from django.db import connection
from django.utils import timezone

from gis_app.api.queries import lon_lat_point, nearest, within_radius
from gis_app.api.records import producer_rows, producer_values

GENERATED = 10_000
INDEX = "registry_producer_location"  # Django names the GiST index <table>_<column>_<hash>_id


@pytest.fixture
def many_producers(db):
    """10,000 generated producers spread over the province (one INSERT … SELECT), then ANALYZE."""
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO registry_producer (legal_form, name, address, location, representative, public_phone,
                public_email, website, private_phone, private_email, status, created_at, updated_at)
            SELECT 'household', 'Hộ sản xuất ' || i, '',
                   ST_SetSRID(ST_MakePoint(106.40 + ((i * 7919) %% 10007) / 10007.0 * 0.55,
                                           10.85 + ((i * 104729) %% 10009) / 10009.0 * 0.65), 4326)::geography,
                   '', '', '', '', '', '', 'published', now(), now()
            FROM generate_series(1, %s) AS i
        """, [GENERATED])
        cursor.execute("ANALYZE registry_producer")
        cursor.execute("SELECT count(*) FROM registry_producer")
        assert cursor.fetchone()[0] >= GENERATED


def uses_location_index(plan):
    return any(("Index Scan" in line or "Index Only Scan" in line) and INDEX in line for line in plan.splitlines())


@pytest.mark.django_db
def test_nearest_query_walks_the_gist_index(many_producers):
    point = lon_lat_point(106.6537, 10.9804)
    queryset = producer_values(nearest(producer_rows(None), point, 10), None, timezone.localdate(), ("distance_m",))
    plan = queryset[:10].explain()
    assert uses_location_index(plan), plan
    assert re.search(r"Order By: \(\S*location <->", plan), plan


@pytest.mark.django_db
def test_radius_query_walks_the_gist_index(many_producers):
    point = lon_lat_point(106.6537, 10.9804)
    queryset = producer_values(within_radius(producer_rows(None), point, 2000), None, timezone.localdate(),
                               ("distance_m",))
    plan = queryset[:100].explain()
    assert uses_location_index(plan), plan
    assert "st_dwithin" in plan.lower() or "&&" in plan, plan
