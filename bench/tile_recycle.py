"""What a worker recycle costs the tiles (#28): the same tiles computed, read from Redis after the process's
memory is emptied (a recycled or new worker), and read from memory.

    DATABASE_URL=postgis://ocop:ocop@127.0.0.1:5432/ocop_bench .venv/bin/python bench/tile_recycle.py [--zoom 14]

In-process (Django's test client, no HTTP): the three differ only in where the tile comes from. Prints the
median milliseconds per tile of each.
"""
import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gis_app.settings")


def tile_of(lon, lat, z):
    n = 2 ** z
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--zoom", type=int, default=14)
    parser.add_argument("--tiles", type=int, default=200)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client

    from layers.views import tiles

    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.17)")
        cursor.execute("SELECT ST_X(location::geometry), ST_Y(location::geometry) FROM registry_producer "
                       "WHERE status = 'published' ORDER BY random() LIMIT %s", [args.tiles * 3])
        points = cursor.fetchall()
    addresses = sorted({tile_of(lon, lat, args.zoom) for lon, lat in points})[:args.tiles]
    client = Client(HTTP_HOST="127.0.0.1")
    cache = caches["default"]

    def timed_pass():
        times = []
        for x, y in addresses:
            started = time.perf_counter()
            response = client.get(f"/tiles/producers/{args.zoom}/{x}/{y}.pbf")
            assert response.status_code == 200
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    cache.clear()
    tiles._known_versions.clear()
    computed = timed_pass()
    cache.clear_near()
    tiles._known_versions.clear()
    from_redis = timed_pass()
    from_memory = timed_pass()
    print(f"{len(addresses)} tiles at z{args.zoom}, median ms per tile:")
    print("| computed (cold) | after a recycle (from Redis) | warm (this process's memory) |")
    print("|---|---|---|")
    print(f"| {computed:.2f} | {from_redis:.2f} | {from_memory:.2f} |")


if __name__ == "__main__":
    main()
