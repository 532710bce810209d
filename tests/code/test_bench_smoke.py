"""Smoke of bench/run (10k producers, one repetition): keeps the benchmark working; it asserts no timings.

bench/run commits its generated rows (its raw-SQL connection must see them), so it
runs as a separate process against the test database and deletes them again
(--cleanup); it keeps the demo road network (--road-grid 0).
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections

from gis_app.registry.models import Producer

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ("near-me (10 nearest)", "radius 2 km", "bbox 0.02°", "tile z8", "tile z12", "tile z15",
           "OGC API items", "10-stop round tour", "DBSCAN, supply's cluster_producers", "scikit-learn DBSCAN fit")


@pytest.mark.django_db  # sets up the test database; the benchmark's own rows are committed by its process
def test_bench_run_reports_every_figure_and_leaves_the_demo_data_as_it_was(tmp_path):
    db = connections["default"].settings_dict  # the test database
    assert db["NAME"].startswith("test_"), db["NAME"]
    url = f"postgis://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    before = Producer.objects.count()
    out = tmp_path / "benchmarks.md"
    out.write_text("# Benchmarks\n\nHand-written introduction.\n")
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "10k", "--repeat", "1", "--road-grid", "0",
         "--cleanup", "--out", str(out)],
        env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    for figure in FIGURES:
        assert f"| {figure}" in done.stdout, figure
    written = out.read_text()
    assert written.startswith("# Benchmarks\n\nHand-written introduction.\n")
    assert all(f"| {figure}" in written for figure in FIGURES)
    assert "bench/run --sizes 10k --repeat 1" in written
    assert Producer.objects.count() == before
    assert not Producer.objects.filter(ref__startswith="G").exists()
