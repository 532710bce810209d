"""Time the "unit on a day" resolution: choropleths before/after the 2025 reform and a `unit=` filter.

    DATABASE_URL=… .venv/bin/python manage.py shell -c "from bench.units_resolution import run; run(copies=780)"

Copies every demo producer `copies` times (each jittered by up to ~100 m, so the share in divided wards stays
the demo's ~12 %) inside a transaction that is rolled back: nothing stays in the database.
"""
import datetime
import time

from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction

from gis_app.api.aggregates import unit_counts, units_of
from gis_app.places.models import AdminUnit
from gis_app.places.resolution import records_in_unit
from gis_app.registry.models import Producer

BEFORE, AFTER = datetime.date(2025, 6, 30), datetime.date(2025, 8, 1)


def timed(function, repeat):
    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times[1:])[repeat // 2]


def measure(repeat):
    today = datetime.date.today()
    for label, on in (("pre-2025 communes", BEFORE), ("post-2025 communes", AFTER)):
        ms = timed(lambda: unit_counts(units_of("commune", on), AnonymousUser(), today, on), repeat)
        print(f"  choropleth, {label}: median {ms:.0f} ms")
    unit = AdminUnit.objects.get(code="25945", valid_from=datetime.date(2025, 7, 1))
    ms = timed(lambda: records_in_unit(Producer.objects.all(), unit).count(), repeat)
    print(f"  unit=25945&units_on=2025-08-01 (count): median {ms:.0f} ms")


def run(copies=780, repeat=3):
    print(f"{Producer.objects.count()} producers")
    measure(repeat)
    columns = [f.column for f in Producer._meta.concrete_fields if f.column != "id"]
    values = [("p.ref || '-' || g" if c == "ref" else
               "ST_SetSRID(ST_MakePoint(ST_X(p.location::geometry) + (random() - 0.5) * 0.002, "
               "ST_Y(p.location::geometry) + (random() - 0.5) * 0.002), 4326)::geography" if c == "location" else
               f"p.{c}") for c in columns]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO registry_producer ({', '.join(columns)}) "
                           f"SELECT {', '.join(values)} FROM registry_producer p, generate_series(1, %s) g", [copies])
            cursor.execute("ANALYZE registry_producer")
        print(f"{Producer.objects.count()} producers")
        measure(repeat)
        transaction.set_rollback(True)
