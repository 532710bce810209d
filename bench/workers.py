"""gunicorn's sync worker against gthread (the worker class of `make serve`), over HTTP with wrk.

    DATABASE_URL=postgis://ocop:ocop@127.0.0.1:5432/ocop_bench .venv/bin/python bench/workers.py

Uses bench/peers.py's helpers (run bench/peers once first: it writes var/peers-wrk.lua and the data);
prints a Markdown table (docs/benchmarks.md).
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers

dsn, conn = peers.database()
pts = peers.samples(conn, 17)
script = str(peers.VAR / "peers-wrk.lua")
paths = {"near-me": [f"/api/v1/producers/?nearest={lon:.5f},{lat:.5f}&limit=10" for _, lon, lat in pts],
         "single item": [f"/ogc/collections/producers/items/{pk}" for pk, _, _ in pts],
         "tile z14 (cached)": [f"/tiles/producers/14/{x}/{y}.pbf" for x, y in sorted({peers.tile_of(lon, lat, 14) for _, lon, lat in pts})][:60]}
env = {"WORKERS": "2", "HOST": "127.0.0.1", "OCOP_RATE_LIMIT": "0", "LOG_LEVEL": "ERROR", "NO_JOBS_WORKER": "1", "SKIP_COLLECTSTATIC": "1"}
servers = {k: peers.Server(k, ["bash", "scripts/serve.sh"], {**env, "GUNICORN_WORKER_CLASS": k}, "/ogc/") for k in ("sync", "gthread")}
res = {}
try:
    for p in paths.values():  # warm-up
        for s in servers.values():
            peers.wrk(s, p, 2, 4, script)
    for r in range(2):
        for name, p in paths.items():
            for k, s in (list(servers.items())[::(1 if r % 2 == 0 else -1)]):
                res.setdefault((name, k), []).append(peers.wrk(s, p, 4, 8, script))
finally:
    for s in servers.values():
        s.stop()
print("load", peers.load_average())
print("| request | sync req/s | sync p50 ms | gthread req/s | gthread p50 ms |")
for name in paths:
    a, b = res[(name, "sync")], res[(name, "gthread")]
    print(f"| {name} | {statistics.median(x['rps'] for x in a):.0f} | {statistics.median(x['p50'] for x in a):.1f} | {statistics.median(x['rps'] for x in b):.0f} | {statistics.median(x['p50'] for x in b):.1f} |")
