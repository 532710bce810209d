"""EXPLAIN (ANALYZE, BUFFERS) of the OGC items page over a sweep of boxes, from 0.001° to the whole province (#28).

    DATABASE_URL=postgis://ocop:ocop@127.0.0.1:5432/ocop_bench .venv/bin/python bench/plan_sweep.py [--limit 100]

For each box: the rows PostgreSQL expected and found behind the box test, the plan's shape (which index
fed the page), planning and execution time (the best of --repeat runs), printed as a Markdown table for
docs/benchmarks.md. The statement is the one layers.features.page sends, captured, not re-written.
"""
import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gis_app.settings")

CENTRE = (106.65, 11.0)
PROVINCE = (106.33, 10.85, 106.98, 11.50)


def boxes():
    lon, lat = CENTRE
    for half in (0.0005, 0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2):
        yield f"{2 * half:g}° around the centre", (lon - half, lat - half, lon + half, lat + half)
    for inset in (0.2, 0.1, 0.05, 0.02, 0.01, 0.0):
        w, s, e, n = PROVINCE
        yield f"province minus {inset:g}°", (w + inset, s + inset, e - inset, n - inset)


def captured_page_sql(layer, limit, bbox):
    """(sql, params) of the page statement, taken from layers.features.page without running it."""
    from django.db import connection

    from layers import features

    captured = {}

    class Capture:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def execute(self, sql, params):
            captured["statement"] = (sql, params)

        def fetchone(self):
            return 0, "[]"

    real = connection.cursor
    connection.cursor = Capture
    try:
        features.page(layer, layer.filtered(), limit, 0, bbox=bbox)
    finally:
        connection.cursor = real
    return captured["statement"]


def box_scans(plan):
    """Nodes of the plan that read registry rows under the box test, with expected and actual rows."""
    found = []

    def walk(node):
        if "Recheck Cond" in node or "Index Cond" in node and "&&" in node.get("Index Cond", "") \
                or "&&" in node.get("Filter", ""):
            found.append(node)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan)
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from layers.catalogue import get_layer

    layer = get_layer("producers")
    print("| box | expected rows | actual rows | plan of the page | planning ms | execution ms |")
    print("|---|---|---|---|---|---|")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM registry_producer WHERE status = 'published'")
        total = cursor.fetchone()[0]
        for label, bbox in boxes():
            sql, params = captured_page_sql(layer, args.limit, bbox)
            best = None
            for _ in range(args.repeat):
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
                result = cursor.fetchone()[0]
                result = json.loads(result) if isinstance(result, str) else result
                top = result[0]
                if best is None or top["Execution Time"] < best["Execution Time"]:
                    best = top
            scans = box_scans(best["Plan"])
            page_scan = scans[-1] if scans else {}
            shape = page_scan.get("Node Type", "?") + (f" on {page_scan['Index Name']}" if "Index Name" in page_scan
                                                        else "")
            print(f"| {label} | {page_scan.get('Plan Rows', '?'):,} | {page_scan.get('Actual Rows', '?'):,} | "
                  f"{shape} | {best['Planning Time']:.1f} | {best['Execution Time']:.1f} |")
    print(f"\n{total:,} published producers, limit {args.limit}.")


if __name__ == "__main__":
    main()
