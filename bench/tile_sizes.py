"""Largest producer tile at several zooms with N synthetic producers (rolled back): the 500 KB bound, measured.

    DATABASE_URL=… .venv/bin/python manage.py shell -c "from bench.tile_sizes import run; run(1_000_000)"

bench/run measures the same bound on clustered data (max tile size at z8, z12, z15).
"""
import math
import time

from django.db import connection, transaction

from layers import mvt
from layers.catalogue import get_layer

CENTRE = (106.632, 11.009)  # Tương Bình Hiệp
SPREAD = "ST_SetSRID(ST_MakePoint(106.35 + 0.6 * random(), 10.88 + 0.55 * random()), 4326)::geography"


def tile_address(lon, lat, z):
    """(z, x, y) of the web-mercator tile holding lon/lat."""
    n = 2 ** z
    return z, int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)


def run(count=100_000, zooms=(4, 6, 8, 10, 11, 12, 13, 14, 16)):
    layer = get_layer("producers")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO registry_producer (status, created_at, updated_at, legal_form, name, address, location, "
                "representative, public_phone, public_email, website, private_phone, private_email) "
                f"SELECT 'published', now(), now(), 'household', 'Cơ sở thử nghiệm số ' || i, '', {SPREAD}, "
                "'', '', '', '', '', '' FROM generate_series(1, %s) i", [count])
            cursor.execute("ANALYZE registry_producer")
        print(f"{count} synthetic producers (uniform over the province)")
        for z in zooms:
            _, x, y = tile_address(*CENTRE, z)
            started = time.perf_counter()
            data = mvt.tile(layer, layer.filtered(), z, x, y)
            print(f"z{z:<2} {x}/{y}: {len(data) / 1024:8.1f} KB  {1000 * (time.perf_counter() - started):7.0f} ms")
        transaction.set_rollback(True)
