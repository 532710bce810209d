"""The app against its Python peers over HTTP, with wrk, on the same generated producers (issue 17).

    DATABASE_URL=postgis://ocop:ocop@127.0.0.1:5432/ocop_bench bench/peers [--sizes 100k,1M] [--rounds 3] [--seconds 5]

One command: it generates the producers when the database holds another size
(bench/generate), sets up the peers in virtualenvs of their own under var/
from bench/peers.d/requirements-*.txt (never the app's environment), serves
the same published producers to each of them (a view `peers.producers` over
`registry_producer`), starts

- the app as `make serve` runs it (scripts/serve.sh: gunicorn gthread, DEBUG off), twice: with its tile
  cache, and with the tile cache off (OCOP_TILE_CACHE_SECONDS=0: every tile computed, "uncached");
- tipg (uvicorn, FastAPI + asyncpg);
- pygeoapi (gunicorn, Flask, its PostgreSQL provider) when it installs and starts;

each with WORKERS processes (2 by default), and runs interleaved rounds: in each
round every request kind is sent to every server in turn (the order rotating
between rounds) by `wrk -t2 -c8` for --seconds, after an uncounted warm-up.
The figure kept is the median over rounds of requests/s and of wrk's p50.
Near-me is also measured one request at a time (`wrk -c1`) against the raw KNN
query timed through psycopg2 on loopback. The table of ratios is written into
docs/benchmarks.md between the `bench/peers` markers; --no-write prints it only.

wrk comes from Debian (`scripts/setup_system.sh bench`). Use a database of its
own: the generated rows replace earlier ones and the database is set `jit = off`
for every client alike (the app sets it per session, the peers would not).
"""
import argparse
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / "bench" / "peers.d"
VAR = ROOT / "var"
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench/peers: begin -->", "<!-- bench/peers: end -->"
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}

# The app's public producer fields, the commune joined (as the app's layer serves them), and a geometry GiST
# index on the expression the view exposes: the peers read what the app serves, with an index as good as the
# app's own (#28; the earlier view had no join and a geography column, the most favourable case for them).
VIEW_SQL = """
CREATE SCHEMA IF NOT EXISTS peers;
DROP VIEW IF EXISTS peers.producers;
CREATE VIEW peers.producers AS
SELECT p.id, p.ref, p.name, p.legal_form, p.address, u.code AS commune_code, u.name AS commune,
       p.representative, p.public_phone, p.public_email, p.website, p.location::geometry(Point, 4326) AS geom
FROM public.registry_producer p LEFT JOIN public.places_adminunit u ON u.id = p.commune_id
WHERE p.status = 'published';
CREATE INDEX IF NOT EXISTS peers_producer_geom ON public.registry_producer
    USING gist ((location::geometry(Point, 4326))) WHERE status = 'published';
CREATE INDEX IF NOT EXISTS peers_producer_legal_form ON public.registry_producer (legal_form)
    WHERE status = 'published';
"""


WRK_SCRIPT = r"""
local paths, n, i = {}, 0, 0
function init(args)
  for line in io.lines(args[1]) do n = n + 1; paths[n] = line end
  i = math.random(n)
end
function request()
  i = i % n + 1
  return wrk.format("GET", paths[i])
end
function done(summary, latency, requests)
  io.write(string.format("WRKJSON {\"requests\": %d, \"seconds\": %f, \"p50\": %f, \"p90\": %f, \"p99\": %f, " ..
    "\"non2xx\": %d, \"errors\": %d}\n", summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False


def load_average():
    return "{:.1f} / {:.1f} / {:.1f}".format(*os.getloadavg())


# --- Environments of the peers ----------------------------------------------------------------------

def peer_venv(name):
    """The virtualenv of a peer (var/peers-<name>), built from bench/peers.d/requirements-<name>.txt; None if it fails."""
    venv = VAR / f"peers-{name}"
    requirements = PEERS / f"requirements-{name}.txt"
    stamp = venv / ".installed"
    if stamp.exists() and stamp.read_text() == requirements.read_text():
        return venv
    log(f"setting up {name} in {venv} …")
    if not (venv / "bin/python").exists():
        subprocess.run(["/usr/bin/python3", "-m", "venv", str(venv)], check=True)
    done = subprocess.run([str(venv / "bin/pip"), "install", "-q", "-r", str(requirements)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        log(f"{name} did not install: {done.stderr.strip().splitlines()[-1:]}")
        return None
    stamp.write_text(requirements.read_text())
    return venv


# --- Data ---------------------------------------------------------------------------------------------

def database():
    import psycopg2

    url = urlparse(os.environ["DATABASE_URL"])
    dsn = f"postgresql://{url.username}:{url.password}@{url.hostname}:{url.port or 5432}{url.path}"
    conn = psycopg2.connect(dsn)
    conn.autocommit = True
    return dsn, conn


def prepare_data(dsn, conn, size):
    with conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM registry_producer WHERE ref LIKE 'G%%'")
        have = cursor.fetchone()[0]
    if have != SIZES[size]:
        log(f"generating {size} producers …")
        subprocess.run([str(ROOT / "bench/generate"), "--size", size], check=True, cwd=ROOT)
    with conn.cursor() as cursor:
        cursor.execute(VIEW_SQL)
        cursor.execute("SELECT current_database()")
        cursor.execute(f'ALTER DATABASE "{cursor.fetchone()[0]}" SET jit = off')
        cursor.execute("ANALYZE registry_producer")
        cursor.execute("SELECT count(*) FROM peers.producers")
        return cursor.fetchone()[0]


def tile_of(lon, lat, z):
    import math

    n = 2 ** z
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)


def samples(conn, seed, count=200):
    """(id, lon, lat) of `count` published producers drawn at random, reproducibly."""
    with conn.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed / 1000])
        cursor.execute("SELECT id, ST_X(geom), ST_Y(geom) FROM peers.producers "
                       "ORDER BY random() LIMIT %s", [count])
        return cursor.fetchall()


# --- Servers --------------------------------------------------------------------------------------

class Server:
    def __init__(self, name, command, env, ready_path, cwd=ROOT):
        self.name, self.port = name, free_port()
        env = {**os.environ, **env, "PORT": str(self.port)}
        self.process = subprocess.Popen([part.replace("{port}", str(self.port)) for part in command], env=env,
                                        cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.base = f"http://127.0.0.1:{self.port}"
        if not wait_for(self.base + ready_path):
            self.stop()
            raise RuntimeError(f"{name} did not start: {self.process.stderr.read()[-2000:] if self.process.stderr else ''}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_servers(dsn, workers):
    servers = {}
    app_env = {"WORKERS": str(workers), "HOST": "127.0.0.1", "OCOP_RATE_LIMIT": "0", "LOG_LEVEL": "ERROR",
               "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "PYTHONWARNINGS": "ignore", "NO_JOBS_WORKER": "1"}
    servers["app"] = Server("app", ["bash", "scripts/serve.sh"], app_env, "/ogc/")
    servers["app uncached"] = Server("app uncached", ["bash", "scripts/serve.sh"],
                                     {**app_env, "OCOP_TILE_CACHE_SECONDS": "0", "SKIP_COLLECTSTATIC": "1"}, "/ogc/")
    tipg = peer_venv("tipg")
    if tipg:
        env = {"DATABASE_URL": dsn, "TIPG_DB_SCHEMAS": '["peers"]', "TIPG_TABLE_CONFIG__peers_producers__PK": "id",
               "TIPG_DB_SPATIAL_EXTENT": "false", "TIPG_DB_DATETIME_EXTENT": "false"}
        servers["tipg"] = Server("tipg", [str(tipg / "bin/uvicorn"), "tipg.main:app", "--host", "127.0.0.1",
                                          "--port", "{port}", "--workers", str(workers), "--log-level", "warning",
                                          "--no-access-log"], env, "/collections", cwd=VAR)
    pygeoapi = peer_venv("pygeoapi")
    if pygeoapi:
        try:
            servers["pygeoapi"] = start_pygeoapi(pygeoapi, dsn, workers)
        except (RuntimeError, subprocess.CalledProcessError) as error:
            log(f"pygeoapi left out: {str(error)[-500:]}")
    return servers


PYGEOAPI_CONFIG = """
server:
  bind: {{host: 127.0.0.1, port: 5000}}
  url: http://127.0.0.1:{port}
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  language: en-US
  limits: {{default_items: 10, max_items: 10000}}
  map: {{url: "https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png", attribution: OSM}}
logging: {{level: ERROR}}
metadata:
  identification: {{title: peers, description: bench, keywords: [bench], keywords_type: theme, terms_of_service: none, url: http://example.org}}
  license: {{name: none, url: http://example.org}}
  provider: {{name: bench, url: http://example.org}}
  contact: {{name: bench}}
resources:
  producers:
    type: collection
    title: producers
    description: producers
    keywords: [producers]
    extents: {{spatial: {{bbox: [106.3, 10.8, 107.0, 11.5], crs: http://www.opengis.net/def/crs/OGC/1.3/CRS84}}}}
    providers:
      - type: feature
        name: PostgreSQL
        data: {{host: {host}, port: {dbport}, dbname: {dbname}, user: {user}, password: {password}, search_path: [peers, public]}}
        id_field: id
        table: producers
        geom_field: geom
"""


def start_pygeoapi(venv, dsn, workers):
    url = urlparse(dsn)
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="peers-pygeoapi-", dir=VAR))
    config = folder / "config.yml"
    config.write_text(PYGEOAPI_CONFIG.format(port=port, host=url.hostname, dbport=url.port or 5432,
                                             dbname=url.path.lstrip("/"), user=url.username, password=url.password))
    openapi = folder / "openapi.yml"
    env = {**os.environ, "PYGEOAPI_CONFIG": str(config), "PYGEOAPI_OPENAPI": str(openapi)}
    done = subprocess.run([str(venv / "bin/pygeoapi"), "openapi", "generate", str(config), "--output-file",
                           str(openapi)], env=env, capture_output=True, text=True, cwd=folder)
    if done.returncode != 0:
        raise RuntimeError("pygeoapi openapi generate: " + done.stderr[-800:])
    server = Server.__new__(Server)
    server.name, server.port, server.base = "pygeoapi", port, f"http://127.0.0.1:{port}"
    server.process = subprocess.Popen(
        [str(venv / "bin/gunicorn"), "pygeoapi.flask_app:APP", "--bind", f"127.0.0.1:{port}", "--workers",
         str(workers), "--log-level", "error"], env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True)
    if not wait_for(server.base + "/collections/producers/items?limit=1&f=json"):
        server.stop()
        raise RuntimeError("pygeoapi did not serve the producers: " + (server.process.stderr.read()[-500:]))
    return server


# --- Requests ---------------------------------------------------------------------------------------

def box(lon, lat, half=0.01):
    return f"{lon - half:.5f},{lat - half:.5f},{lon + half:.5f},{lat + half:.5f}"


def request_kinds(points):
    """{kind: {server: [paths]}}; servers absent from a kind are not measured for it."""
    kinds = {}
    def items(query):
        return {"app": [f"/ogc/collections/producers/items?{q}" for q in query],
                "tipg": [f"/collections/peers.producers/items?{q}" for q in query],
                "pygeoapi": [f"/collections/producers/items?{q}&f=json" for q in query]}

    for limit in (10, 100, 1000):
        kinds[f"OGC items, bbox 0.02°, limit {limit}"] = items(
            [f"bbox={box(lon, lat)}&limit={limit}" for _, lon, lat in points])
    kinds["OGC items, legal_form=cooperative + bbox 0.02°, limit 10"] = items(
        [f"legal_form=cooperative&bbox={box(lon, lat)}&limit=10" for _, lon, lat in points])
    # The whole province and boxes a little smaller: the sizes where a misestimate once turned 2 ms into 2 s.
    kinds["OGC items, province-sized boxes, limit 100"] = items(
        [f"bbox={106.33 + d:.2f},{10.85 + d:.2f},{106.98 - d:.2f},{11.50 - d:.2f}&limit=100"
         for d in (0, 0.01, 0.02, 0.05, 0.1, 0.2)])
    kinds["OGC items, offset 10000, limit 10"] = items(["offset=10000&limit=10"])
    kinds["single item by id"] = {
        "app": [f"/ogc/collections/producers/items/{pk}" for pk, _, _ in points],
        "tipg": [f"/collections/peers.producers/items/{pk}" for pk, _, _ in points],
        "pygeoapi": [f"/collections/producers/items/{pk}?f=json" for pk, _, _ in points],
    }
    for z in (8, 12, 14):
        tiles = sorted({tile_of(lon, lat, z) for _, lon, lat in points})
        kinds[f"tile z{z}"] = {
            "app": [f"/tiles/producers/{z}/{x}/{y}.pbf" for x, y in tiles],
            "app uncached": [f"/tiles/producers/{z}/{x}/{y}.pbf" for x, y in tiles],
            "tipg": [f"/collections/peers.producers/tiles/WebMercatorQuad/{z}/{x}/{y}" for x, y in tiles],
        }
    kinds["near-me (10 nearest)"] = {
        "app": [f"/api/v1/producers/?nearest={lon + 0.003:.5f},{lat - 0.002:.5f}&limit=10" for _, lon, lat in points],
    }
    return kinds


def wrk(server, paths, seconds, connections, script):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", dir=VAR, delete=False) as handle:
        handle.write("\n".join(paths) + "\n")
        path_file = handle.name
    try:
        out = subprocess.run(["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
                              "-s", script, server.base, "--", path_file], capture_output=True, text=True,
                             timeout=seconds + 60)
    finally:
        os.unlink(path_file)
    line = next((x for x in out.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {out.stdout[-500:]} {out.stderr[-500:]}")
    result = json.loads(line[len("WRKJSON "):])
    result["rps"] = result["requests"] / result["seconds"] if result["seconds"] else 0.0
    return result


def raw_knn_ms(conn, points, repeat):
    """p50 (ms) of the bare KNN query on loopback through psycopg2, one at a time (the floor for near-me)."""
    times = []
    with conn.cursor() as cursor:
        for i in range(repeat):
            _, lon, lat = points[i % len(points)]
            point = f"SRID=4326;POINT({lon + 0.003} {lat - 0.002})"
            started = time.perf_counter()
            cursor.execute("SELECT id FROM registry_producer WHERE status = 'published' "
                           "ORDER BY location <-> %s::geography LIMIT 10", [point])
            cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure_size(size, args, script):
    dsn, conn = database()
    started = time.monotonic()
    published = prepare_data(dsn, conn, size)
    load_before = load_average()
    points = samples(conn, args.seed)
    kinds = request_kinds(points)
    servers = start_servers(dsn, args.workers)
    results = {}  # (kind, server) -> [wrk results]
    nearme = {"app": [], "raw": []}
    try:
        for by_server in kinds.values():  # warm-up: connections, imports, the app's tile grid and cache
            for name, paths in by_server.items():
                if name in servers:
                    wrk(servers[name], paths, 2, 4, script)
        # "Cached" means cached: every tile in the cache of every worker process (each has its own; a request
        # on a new connection lands on either), so that slow uncached tiles at 1M do not count as cached ones.
        for kind, by_server in kinds.items():
            if kind.startswith("tile"):
                for path in by_server["app"]:
                    for _ in range(4 * args.workers):
                        with urlopen(servers["app"].base + path, timeout=120) as response:
                            response.read()
        for round_number in range(args.rounds):
            log(f"{size}: round {round_number + 1}/{args.rounds}, load average {load_average()}")
            for kind, by_server in kinds.items():
                names = [n for n in by_server if n in servers]
                shift = round_number % len(names)
                for name in names[shift:] + names[:shift]:
                    results.setdefault((kind, name), []).append(
                        wrk(servers[name], by_server[name], args.seconds, args.connections, script))
            nearme["app"].append(wrk(servers["app"], kinds["near-me (10 nearest)"]["app"], args.seconds, 1, script))
            nearme["raw"].append(raw_knn_ms(conn, points, 400))
    finally:
        for server in servers.values():
            server.stop()
    return {"size": size, "published": published, "results": results, "nearme": nearme, "servers": list(servers),
            "load": (load_before, load_average()), "minutes": (time.monotonic() - started) / 60}


# --- Report ---------------------------------------------------------------------------------------

def median_of(runs, key):
    return statistics.median(run[key] for run in runs)


def fmt(value, digits=0):
    return f"{value:,.{digits}f}".replace(",", " ") if value is not None else "–"


def report(measured, args, commit):
    lines = [f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} cores "
             f"({platform.machine()}), commit {commit}; {args.rounds} interleaved rounds of {args.seconds:g} s per "
             f"request kind and server, `wrk -t2 -c{args.connections}`, {args.workers} worker processes per server; "
             f"figures are medians over rounds.", "",
             f"    bench/peers --sizes {args.sizes} --rounds {args.rounds} --seconds {args.seconds:g}", "",
             "Every peer reads this view and these indexes (the app reads its own tables and indexes):", "",
             *("    " + line for line in VIEW_SQL.strip().splitlines()), ""]
    for m in measured:
        r = m["results"]
        lines += [f"### {m['size']} producers ({m['published']:,} published; load average 1/5/15 min "
                  f"{m['load'][0]} before, {m['load'][1]} after, on 2 shared cores; {m['minutes']:.1f} min)", "",
                  "| request | app req/s | app p50 ms | tipg req/s | tipg p50 ms | app / tipg | pygeoapi req/s | "
                  "app / pygeoapi | app uncached req/s | uncached p50 ms | uncached / tipg | app p99 ms | errors |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        kinds = sorted({k for k, _ in r}, key=lambda k: list(request_kinds([(1, 0, 0)])).index(k))
        for kind in kinds:
            def get(name, key="rps"):
                runs = r.get((kind, name))
                return median_of(runs, key) if runs else None
            app, tipg, pyg, unc = get("app"), get("tipg"), get("pygeoapi"), get("app uncached")
            errors = sum(run["non2xx"] + run["errors"] for (k, _), runs in r.items() if k == kind for run in runs)
            lines.append(
                f"| {kind} | {fmt(app)} | {fmt(get('app', 'p50'), 1)} | {fmt(tipg)} | {fmt(get('tipg', 'p50'), 1)} | "
                f"{fmt(app / tipg, 2) + '×' if app and tipg else '–'} | {fmt(pyg)} | "
                f"{fmt(app / pyg, 2) + '×' if app and pyg else '–'} | {fmt(unc)} | {fmt(get('app uncached', 'p50'), 1)} | "
                f"{fmt(unc / tipg, 2) + '×' if unc and tipg else '–'} | {fmt(get('app', 'p99'), 1)} | {errors} |")
        app_p50 = statistics.median(run["p50"] for run in m["nearme"]["app"])
        raw_p50 = statistics.median(m["nearme"]["raw"])
        lines += ["", f"Near-me one request at a time (`wrk -c1`): app p50 {app_p50:.2f} ms over HTTP, raw KNN query "
                      f"{raw_p50:.2f} ms through psycopg2: **+{app_p50 - raw_p50:.2f} ms**.", ""]
    return "\n".join(lines)


def write_doc(text):
    doc = DOC.read_text()
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in doc:
        doc = doc[:doc.index(BEGIN)] + block + doc[doc.index(END) + len(END):]
    else:
        doc = doc.rstrip() + "\n\n## Peers over HTTP (`bench/peers`)\n" + block + "\n"
    DOC.write_text(doc)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--no-write", action="store_true", help="print the table, leave docs/benchmarks.md alone")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("set DATABASE_URL to a database of its own (see docs/benchmarks.md)")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: bash scripts/setup_system.sh bench (Debian package wrk)")
    VAR.mkdir(exist_ok=True)
    script = VAR / "peers-wrk.lua"
    script.write_text(WRK_SCRIPT)
    random.seed(args.seed)
    measured = []
    for size in args.sizes.split(","):
        measured.append(measure_size(size.strip(), args, str(script)))
        commit = os.environ.get("BENCH_COMMIT") or subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
        text = report(measured, args, commit or "unknown")
        print(text, flush=True)
        if not args.no_write:
            write_doc(text)


if __name__ == "__main__":
    main()
