"""Time the API's spatial answers on 10,000 generated producers (added in a transaction, rolled back).

    DATABASE_URL=... .venv/bin/python bench/api_queries.py [--producers 10000] [--repeat 20]

Prints the median time of each request through Django's test client (view, SQL
and JSON), and the ratio of the index-assisted nearest query to Django's
Distance ordering (DESIGN.md §5).
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gis_app.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.gis.db.models.functions import Distance  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from gis_app.api.queries import lon_lat_point, nearest  # noqa: E402
from gis_app.registry.models import Producer  # noqa: E402

CENTRE = "106.6537,10.9804"


def median_ms(action, repeat):
    action()  # warm caches and connection
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--producers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()

    def get(url, **params):
        response = client.get(url, params)
        assert response.status_code == 200, response.content[:300]

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("""
                INSERT INTO registry_producer (legal_form, name, address, location, representative, public_phone,
                    public_email, website, private_phone, private_email, status, created_at, updated_at)
                SELECT 'household', 'Hộ sản xuất ' || i, '',
                       ST_SetSRID(ST_MakePoint(106.40 + random() * 0.55, 10.85 + random() * 0.65), 4326)::geography,
                       '', '', '', '', '', '', 'published', now(), now()
                FROM generate_series(1, %s) AS i""", [args.producers])
            cursor.execute("ANALYZE registry_producer")
        total = Producer.objects.count()
        point = lon_lat_point(106.6537, 10.9804)
        knn = median_ms(lambda: list(nearest(Producer.objects.all(), point, 10).values_list("pk")[:10]), args.repeat)
        plain = median_ms(lambda: list(Producer.objects.annotate(d=Distance("location", point)).order_by("d")
                                       .values_list("pk")[:10]), args.repeat)
        rows = [
            ("nearest 10 (API)", median_ms(lambda: get("/api/v1/producers/", nearest=CENTRE, limit=10), args.repeat)),
            ("radius 5 km, page of 100 (API)",
             median_ms(lambda: get("/api/v1/producers/", near=CENTRE, radius=5000), args.repeat)),
            ("bbox page of 1000 (API)", median_ms(lambda: get("/api/v1/producers/", page_size=1000,
                                                              bbox="106.55,10.90,106.75,11.10"), args.repeat)),
            ("commune choropleth (API)", median_ms(lambda: get("/api/v1/aggregates/units/"), args.repeat)),
            ("nearest 10, KNN query only", knn),
            ("nearest 10, Distance ordering", plain),
        ]
        transaction.set_rollback(True)
    print(f"{total} producers, median of {args.repeat} runs")
    for label, ms in rows:
        print(f"  {label:34s} {ms:8.1f} ms")
    print(f"  Distance ordering / KNN: {plain / knn:.0f}×")


if __name__ == "__main__":
    main()
