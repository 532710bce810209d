"""Benchmarks at 10k / 100k / 1M producers: the app against the raw SQL it stands for, in one run.

    DATABASE_URL=postgis://ocop:ocop@127.0.0.1:5432/ocop_bench bench/run [--sizes 10k,100k,1M] [--repeat 20]

For each size, bench/generate.py fills the database (generated rows replace the
previous size's; the road grid is built once), then every figure is measured
twice in the same run: through the app (Django's test Client, in process: URL
routing, view, ORM, SQL, JSON or MVT encoding — no HTTP socket) and as the
same SQL through a plain psycopg2 connection. Prints a table and writes
docs/benchmarks.md (--out). Both connections run with the app's session
settings (jit=off, no parallel workers).
"""
import argparse
import datetime
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gis_app.settings")

from bench import generate  # noqa: E402

ZOOMS = (8, 12, 15)
DBSCAN_EPS_M = 100
DBSCAN_MIN_POINTS = 5
TOUR_STOPS = 10
PUBLISHED = "status = 'published'"
POINT = "ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography"

KNN_SQL = f"""
SELECT id, name, ST_X(location::geometry), ST_Y(location::geometry), ST_Distance(location, {POINT}) AS d
FROM registry_producer WHERE {PUBLISHED} ORDER BY location <-> {POINT} LIMIT 10"""
RADIUS_COUNT_SQL = f"SELECT count(*) FROM registry_producer WHERE {PUBLISHED} AND ST_DWithin(location, {POINT}, %(r)s)"
RADIUS_SQL = f"""
SELECT id, name, ST_X(location::geometry), ST_Y(location::geometry), ST_Distance(location, {POINT}) AS d
FROM registry_producer WHERE {PUBLISHED} AND ST_DWithin(location, {POINT}, %(r)s) ORDER BY d, id LIMIT 100"""
BOX = "ST_MakeEnvelope(%(x0)s, %(y0)s, %(x1)s, %(y1)s, 4326)"
BOX_WHERE = f"{PUBLISHED} AND location && {BOX}::geography AND ST_Covers({BOX}, location::geometry)"
BBOX_COUNT_SQL = f"SELECT count(*) FROM registry_producer WHERE {BOX_WHERE}"
BBOX_SQL = f"""
SELECT id, name, ST_X(location::geometry), ST_Y(location::geometry)
FROM registry_producer WHERE {BOX_WHERE} ORDER BY name, id LIMIT 100"""
DBSCAN_SQL = f"""
SELECT count(DISTINCT cid) FROM (
  SELECT ST_ClusterDBSCAN(ST_Transform(location::geometry, 32648), eps => %s, minpoints => %s) OVER () AS cid
  FROM registry_producer WHERE {PUBLISHED}) t"""
POINTS_SQL = f"""
SELECT ST_X(g), ST_Y(g) FROM (SELECT ST_Transform(location::geometry, 32648) AS g
FROM registry_producer WHERE {PUBLISHED}) t"""


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, math.ceil(q / 100 * len(values)) - 1))]


class Figure:
    """p50/p95 in ms of one measured action (repeated over a rotating list of inputs)."""

    def __init__(self, times):
        self.times = times
        self.p50 = statistics.median(times)
        self.p95 = percentile(times, 95)


def measure(action, inputs, repeat, before=None):
    """Time action(input) `repeat` times, cycling through `inputs`; one untimed warm-up call first."""
    if before:
        before()
    action(inputs[0])
    times = []
    for i in range(repeat):
        item = inputs[i % len(inputs)]
        if before:
            before()
        start = time.perf_counter()
        action(item)
        times.append((time.perf_counter() - start) * 1000)
    return Figure(times)


class Bench:
    def __init__(self, repeat, seed=1):
        import django
        django.setup()
        import psycopg2
        from django.conf import settings
        from django.test import Client

        settings.ALLOWED_HOSTS = ["*"]
        db = settings.DATABASES["default"]
        self.raw = psycopg2.connect(dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"],
                                    host=db["HOST"], port=db["PORT"] or 5432, options=db["OPTIONS"]["options"])
        self.raw.autocommit = True
        self.client = Client()
        self.repeat = repeat
        self.seed = seed

    def sql(self, sql, params=None):
        with self.raw.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()

    def get(self, url, params=None):
        response = self.client.get(url, params or {})
        if response.status_code != 200:
            raise RuntimeError(f"{url} {params}: {response.status_code} {response.content[:300]!r}")
        return response

    def query_points(self, count=40):
        """Points drawn among published producers (so they fall where people and data are), reproducibly."""
        self.sql("SELECT setseed(%s)", [self.seed / 10])
        rows = self.sql(f"SELECT ST_X(location::geometry), ST_Y(location::geometry) FROM registry_producer "
                        f"WHERE {PUBLISHED} ORDER BY random() LIMIT %s", [count])
        return [(round(x, 5), round(y, 5)) for x, y in rows]

    def statements(self, action, item, contains="registry_producer"):
        """The SQL statements (parameters inlined, as sent) that action(item) ran on the app's connection."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            action(item)
        return [q["sql"] for q in captured.captured_queries if contains in q["sql"]]

    def replay(self, action, inputs):
        """Time the app's own statements for each input, replayed through psycopg2."""
        sent = {i: self.statements(action, item) for i, item in enumerate(inputs)}
        return measure(lambda i: [self.sql(s) for s in sent[i]], list(range(len(inputs))), self.repeat)

    # --- API vs raw SQL -------------------------------------------------------------------------------

    def near_me(self, points):
        def api(p):
            return self.get("/api/v1/producers/", {"nearest": f"{p[0]},{p[1]}", "limit": 10}).json()

        def raw(p):
            return self.sql(KNN_SQL, {"lon": p[0], "lat": p[1]})

        same = sum({f["id"] for f in api(p)["features"]} == {r[0] for r in raw(p)} for p in points)
        return {"near-me (10 nearest)": (measure(api, points, self.repeat), self.replay(api, points),
                                         measure(raw, points, self.repeat),
                                         f"same 10 ids for {same}/{len(points)} points")}

    def radius(self, points, metres=2000):
        def api(p):
            return self.get("/api/v1/producers/", {"near": f"{p[0]},{p[1]}", "radius": metres}).json()

        def raw(p):
            params = {"lon": p[0], "lat": p[1], "r": metres}
            return self.sql(RADIUS_COUNT_SQL, params)[0][0], self.sql(RADIUS_SQL, params)

        counts = [raw(p)[0] for p in points[:5]]
        return {f"radius {metres / 1000:g} km (count + page of 100)": (
            measure(api, points, self.repeat), self.replay(api, points), measure(raw, points, self.repeat),
            f"matches per query {min(counts)}–{max(counts)}")}

    def bbox(self, points, half=0.01):
        boxes = [(p[0] - half, p[1] - half, p[0] + half, p[1] + half) for p in points]

        def api(b):
            return self.get("/api/v1/producers/", {"bbox": ",".join(f"{v:.5f}" for v in b)}).json()

        def raw(b):
            params = dict(zip(("x0", "y0", "x1", "y1"), (round(v, 5) for v in b)))
            return self.sql(BBOX_COUNT_SQL, params)[0][0], self.sql(BBOX_SQL, params)

        same = sum(api(b)["count"] == raw(b)[0] for b in boxes[:5])
        return {f"bbox {2 * half:g}° (count + page of 100)": (
            measure(api, boxes, self.repeat), self.replay(api, boxes), measure(raw, boxes, self.repeat),
            f"same count for {same}/5 boxes")}

    def tiles(self, points):
        """Uncached tiles (the cache is cleared before each request) vs the view's own ST_AsMVT statement."""
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from bench.tile_sizes import tile_address

        results, sizes = {}, {}
        for z in ZOOMS:
            addresses = sorted({tile_address(*p, z) for p in points})
            statements = {}
            for address in addresses:
                cache.clear()
                with CaptureQueriesContext(connection) as captured:
                    data = self.get("/tiles/producers/{}/{}/{}.pbf".format(*address)).content
                statements[address] = next(q["sql"] for q in captured.captured_queries if "ST_AsMVT" in q["sql"])
                sizes[z] = max(sizes.get(z, 0), len(data))
            api = measure(lambda a: self.get("/tiles/producers/{}/{}/{}.pbf".format(*a)), addresses, self.repeat,
                          before=cache.clear)
            raw = measure(lambda a: self.sql(statements[a]), addresses, self.repeat)
            results[f"tile z{z} (uncached)"] = (api, None, raw, f"raw = the view's ST_AsMVT statement; max {sizes[z] / 1024:.1f} KB over {len(addresses)} tiles")
        return results, sizes

    def ogc_items(self, points, half=0.02):
        """OGC API items page (limit 100, bbox) vs replaying the statements the view sent."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        boxes = [",".join(f"{v:.5f}" for v in (p[0] - half, p[1] - half, p[0] + half, p[1] + half)) for p in points]
        statements = {}
        for b in boxes:
            with CaptureQueriesContext(connection) as captured:
                self.get("/ogc/collections/producers/items", {"bbox": b, "limit": 100, "f": "json"})
            statements[b] = [q["sql"] for q in captured.captured_queries if "registry_producer" in q["sql"]]

        def api(b):
            return self.get("/ogc/collections/producers/items", {"bbox": b, "limit": 100, "f": "json"})

        def raw(b):
            return [self.sql(s) for s in statements[b]]

        return {"OGC API items (bbox, limit 100)": (
            measure(api, boxes, self.repeat), None, measure(raw, boxes, self.repeat),
            f"raw = the view's {len(statements[boxes[0]])} statements replayed")}

    # --- Tours and DBSCAN --------------------------------------------------------------------------

    def tour(self, points):
        """A round tour through 10 stops (snapping, all legs by pgr_withPoints, ordering), on the loaded network.

        Stops are query points close enough to a road to be planned, topped up with
        random road vertices when the network covers only part of the province.
        """
        from bench.tours_timing import plannable, timed_plans

        edges = self.sql("SELECT count(*) FROM roads_roadedge")[0][0]
        if not edges:
            return None, 0
        pool = plannable(points)
        if len(pool) < TOUR_STOPS:
            pool += self.sql("SELECT ST_X(geom), ST_Y(geom) FROM roads_roadvertex ORDER BY random() LIMIT %s",
                             [TOUR_STOPS * 4])
        times = timed_plans(pool, TOUR_STOPS, self.repeat, random.Random(self.seed))
        return Figure(times), edges

    def dbscan(self, repeat):
        import numpy
        from sklearn.cluster import DBSCAN

        from gis_app.supply.clustering import cluster_producers
        from gis_app.supply.selection import ProducerFilter

        once = [None]
        app = measure(lambda _: cluster_producers(ProducerFilter(), eps_m=DBSCAN_EPS_M,
                                                  min_points=DBSCAN_MIN_POINTS), [None], repeat)
        result = cluster_producers(ProducerFilter(), eps_m=DBSCAN_EPS_M, min_points=DBSCAN_MIN_POINTS)
        sql = measure(lambda _: self.sql(DBSCAN_SQL, [DBSCAN_EPS_M, DBSCAN_MIN_POINTS]), [None], repeat)
        fetch = measure(lambda _: once.__setitem__(0, numpy.array(self.sql(POINTS_SQL))), [None], repeat)
        model = DBSCAN(eps=DBSCAN_EPS_M, min_samples=DBSCAN_MIN_POINTS)
        fit = measure(lambda _: model.fit(once[0]), [None], repeat)
        labels = model.labels_
        note = (f"{len(result.clusters)} clusters in PostGIS, {len(set(labels) - {-1})} in scikit-learn; "
                f"{len(once[0])} points")
        return app, sql, fetch, fit, note


def cpu_name():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def run_size(bench, label, first, args):
    started = time.perf_counter()
    generate.main(["--size", label, "--seed", str(args.seed_generate), "--no-progress",
                   "--road-grid", str(args.road_grid if first else 0)])
    generated_s = time.perf_counter() - started
    load = os.getloadavg()[0]
    points = bench.query_points()
    rows = {}
    for part in (bench.near_me, bench.radius, bench.bbox):
        rows.update(part(points))
    tile_rows, sizes = bench.tiles(points[:10])
    rows.update(tile_rows)
    rows.update(bench.ogc_items(points))
    tour, edges = bench.tour(points)
    dbscan_repeat = 1 if generate.parse_size(label) >= 500_000 else min(args.repeat, 3)
    dbscan = bench.dbscan(dbscan_repeat)
    return {"load": (load, os.getloadavg()[0]), "rows": rows, "tile_bytes": sizes, "tour": tour, "edges": edges, "dbscan": dbscan, "generated_s": generated_s,
            "measured_s": time.perf_counter() - started - generated_s}


def fmt(ms):
    return f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def report(results, args, elapsed_s):
    sizes = list(results)
    lines = []
    for size in sizes:
        r = results[size]
        lines += [f"### {size} producers (generated in {r['generated_s']:.0f} s, measured in {r['measured_s']:.0f} s; "
                  f"load average {r['load'][0]:.1f} → {r['load'][1]:.1f} on {os.cpu_count()} cores)",
                  "", "| query | app p50 | app p95 | app's SQL p50 | raw SQL p50 | raw SQL p95 | p50 ratio | "
                  "p50 app − raw | note |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for name, (app, own, raw, note) in r["rows"].items():
            lines.append(f"| {name} | {fmt(app.p50)} | {fmt(app.p95)} | {fmt(own.p50) if own else '='} | "
                         f"{fmt(raw.p50)} | {fmt(raw.p95)} | {app.p50 / raw.p50:.2f}× | {app.p50 - raw.p50:+.1f} ms | "
                         f"{note} |")
        if r["tour"]:
            lines.append(f"| {TOUR_STOPS}-stop round tour (snap + pgr_withPoints + ordering) | {fmt(r['tour'].p50)} | "
                         f"{fmt(r['tour'].p95)} | – | – | – | – | – | {r['edges']:,} road edges |")
        app, sql, fetch, fit, note = r["dbscan"]
        lines += [
            f"| DBSCAN, supply's cluster_producers (eps {DBSCAN_EPS_M} m, minpoints {DBSCAN_MIN_POINTS}) | "
            f"{fmt(app.p50)} | {fmt(app.p95)} | – | – | – | {app.p50 / fit.p50:.2f}× sklearn fit | – | {note} |",
            f"| DBSCAN, bare ST_ClusterDBSCAN (count of clusters) | {fmt(sql.p50)} | {fmt(sql.p95)} | – | – | – | "
            f"{sql.p50 / fit.p50:.2f}× sklearn fit | – | in PostGIS, one core |",
            f"| scikit-learn: fetch projected points (psycopg2 → numpy) | {fmt(fetch.p50)} | {fmt(fetch.p95)} | – | – "
            f"| – | – | – | counted apart from the fit |",
            f"| scikit-learn DBSCAN fit | {fmt(fit.p50)} | {fmt(fit.p95)} | – | – | – | – | – | one core, kd-tree |",
            ""]
    table = "\n".join(lines)
    growth = []
    if len(sizes) > 1:
        first, last = results[sizes[0]], results[sizes[-1]]
        growth += [f"| query | {sizes[0]} p50 | {sizes[-1]} p50 | growth (app) | growth (raw) |", "|---|---|---|---|---|"]
        for name, (app, _own, raw, _note) in first["rows"].items():
            app2, _own2, raw2, _ = last["rows"][name]
            growth.append(f"| {name} | {fmt(app.p50)} | {fmt(app2.p50)} | {app2.p50 / app.p50:.2f}× | "
                          f"{raw2.p50 / raw.p50:.2f}× |")
        if first["tour"] and last["tour"]:
            growth.append(f"| {TOUR_STOPS}-stop tour | {fmt(first['tour'].p50)} | {fmt(last['tour'].p50)} | "
                          f"{last['tour'].p50 / first['tour'].p50:.2f}× | – |")
        a, b = first["dbscan"], last["dbscan"]
        growth.append(f"| DBSCAN (supply / sklearn fit) | {fmt(a[0].p50)} / {fmt(a[3].p50)} | "
                      f"{fmt(b[0].p50)} / {fmt(b[3].p50)} | {b[0].p50 / a[0].p50:.1f}× | {b[3].p50 / a[3].p50:.1f}× |")
    header = (f"Run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} × {cpu_name()}, "
              f"PostgreSQL {results_server_version()}, commit {git_commit()}; {args.repeat} repetitions per figure "
              f"(DBSCAN: 3, 1 at 1M); total {elapsed_s / 60:.1f} min.\n\n"
              f"    bench/run --sizes {','.join(sizes)} --repeat {args.repeat}\n")
    return header, table, "\n".join(growth)


_SERVER = {}


def results_server_version():
    return _SERVER.get("version", "?")


def git_commit():
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout.strip()
        return commit + (" with uncommitted changes" if changed else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def write_doc(path, header, table, growth):
    """Replace the generated section of the document (between the markers), keeping the hand-written text."""
    start, end = "<!-- bench/run: begin -->", "<!-- bench/run: end -->"
    body = f"{start}\n{header}\n{table}\n"
    if growth:
        body += f"\n#### Growth from the smallest to the largest size\n\n{growth}\n"
    body += f"{end}"
    text = path.read_text() if path.exists() else "# Benchmarks\n\n"
    if start in text and end in text:
        text = text[:text.index(start)] + body + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n## Results\n\n" + body + "\n"
    path.write_text(text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated: 10k, 100k, 1M or numbers")
    parser.add_argument("--repeat", type=int, default=20, help="timed repetitions per figure (p50/p95)")
    parser.add_argument("--road-grid", type=int, default=160, help="grid side for the tour (160 = 50,880 edges); 0 keeps the loaded roads")
    parser.add_argument("--cleanup", action="store_true", help="delete the generated producers and sites at the end")
    parser.add_argument("--seed-generate", type=float, default=0.42)
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"), help="'-' to write nothing")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    bench = Bench(args.repeat)
    _SERVER["version"] = bench.sql("SHOW server_version")[0][0].split()[0]
    results = {}
    try:
        for i, label in enumerate(args.sizes.split(",")):
            print(f"== {label}", flush=True)
            results[label] = run_size(bench, label, i == 0, args)
    finally:
        if args.cleanup:
            generate.main(["--delete", "--no-progress"])
    header, table, growth = report(results, args, time.perf_counter() - started)
    print(header)
    print(table)
    if growth:
        print(growth)
    if args.out != "-":
        write_doc(Path(args.out), header, table, growth)
    return results


if __name__ == "__main__":
    main()
