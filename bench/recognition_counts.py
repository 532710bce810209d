"""Recognition at scale: 20,000 extra products with three 148/2023 evaluations each (rolled back), and the time
of the counts that apply the rule of gis_app/registry/recognition.py (ocop_current_stars) to every product.

Run: DATABASE_URL=... .venv/bin/python manage.py shell < bench/recognition_counts.py
"""
import time

from django.db import connection, transaction
from django.test import Client

from gis_app.registry.models import Product

c = Client(HTTP_HOST="localhost")
with transaction.atomic():
    with connection.cursor() as cur:
        cur.execute("""
        INSERT INTO registry_product (ref, status, created_at, updated_at, producer_id, name, subgroup_id, description,
                                      stage, pilot, version, rejection_reason)
        SELECT 'X' || g, 'published', now(), now(), (SELECT id FROM registry_producer ORDER BY id LIMIT 1 OFFSET g % 60),
               'x' || g, (SELECT id FROM registry_productsubgroup WHERE code = '2023.FOOD.PROC'), '', 'rated', false, 1, ''
        FROM generate_series(1, 20000) g""")
        cur.execute("""
        INSERT INTO registry_evaluation (product_id, rule_set_id, subgroup_id, score_a, score_b, score_c, council_level,
               decision_number, decision_date, valid_until)
        SELECT p.id, (SELECT id FROM registry_ruleset WHERE code = '148/2023'), p.subgroup_id,
               20 + random() * 15, 10 + random() * 12, 15 + random() * 15, 'province', '',
               d, d + interval '36 months'
        FROM registry_product p CROSS JOIN generate_series(0, 2) k
        CROSS JOIN LATERAL (SELECT date '2023-03-01' + (k * 400 + floor(random() * 300))::int AS d) dd
        WHERE p.ref LIKE 'X%'""")
        cur.execute("ANALYZE registry_product; ANALYZE registry_evaluation")
    print(Product.objects.count(), "products")
    for label, fn in [
        ("Product.objects.ocop().count()", lambda: Product.objects.ocop().count()),
        ("aggregates/units commune", lambda: c.get("/api/v1/aggregates/units/?level=commune")),
        ("aggregates/groups 2019", lambda: c.get("/api/v1/aggregates/groups/?version=2019")),
        ("products?min_stars=4 page 100", lambda: c.get("/api/v1/products/?min_stars=4&page_size=100")),
    ]:
        fn()
        times = []
        for _ in range(3):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        print(f"  {label:40s} {sorted(times)[1]*1000:8.1f} ms")
    transaction.set_rollback(True)
