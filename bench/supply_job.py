"""The whole-province clustering job against the bare PostGIS statement, in one run (#28).

    DATABASE_URL=postgis://ocop:ocop@127.0.0.1:5432/ocop_bench .venv/bin/python bench/supply_job.py [--repeat 3]

Bare: `ST_ClusterDBSCAN` over every published producer, in the metric CRS the app uses, counted in the
database (nothing sent back). Job: gis_app.supply.jobs.clusters as the worker runs it (GeoJSON file
written, then saved to the media storage), with its peak memory (ru_maxrss). Prints the median times and
their ratio.
"""
import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gis_app.settings")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--eps", type=float, default=300.0)
    parser.add_argument("--min-points", type=int, default=3)
    parser.add_argument("--format", default="geojson", choices=("geojson", "csv"))
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from gis_app.jobs.models import Job
    from gis_app.supply.clustering import EPSG_METRIC
    from gis_app.supply.jobs import clusters

    bare_sql = (f"SELECT count(DISTINCT cid), count(*) FROM (SELECT ST_ClusterDBSCAN(ST_Transform(location::geometry, "
                f"{EPSG_METRIC}), eps => %s, minpoints => %s) OVER () AS cid FROM registry_producer "
                f"WHERE status = 'published') s")
    bare, job_times, sizes = [], [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(bare_sql, [args.eps, args.min_points])
            bare_result = cursor.fetchone()
        bare.append(time.perf_counter() - started)

        job = Job(kind="supply-clusters", function="gis_app.supply.jobs.clusters")
        first = {}

        def progress(done, total, message, force=False):
            first.setdefault("summary", (time.perf_counter() - started, message))

        started = time.perf_counter()
        result = clusters(job, progress, f"eps={args.eps}&min_points={args.min_points}", args.format)
        job_times.append(time.perf_counter() - started)
        sizes.append(job.result_file.size)
        job.result_file.delete(save=False)
        assert (result["cluster_count"], result["producer_count"]) == tuple(bare_result), (result, bare_result)
    bare_s, job_s = statistics.median(bare), statistics.median(job_times)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{bare_result[1]:,} producers, {bare_result[0]:,} clusters (eps {args.eps:g} m, minpoints "
          f"{args.min_points}); median of {args.repeat}:")
    print(f"| bare ST_ClusterDBSCAN | job ({args.format}, {sizes[-1] / 1e6:.0f} MB file) | job / bare | job peak RSS |")
    print("|---|---|---|---|")
    print(f"| {bare_s:.2f} s | {job_s:.2f} s | {job_s / bare_s:.2f}× | {peak_mb:.0f} MB |")


if __name__ == "__main__":
    main()
