"""Load test on loopback: gunicorn serving the app with DEBUG off, threads sending requests.

    DATABASE_URL=... .venv/bin/python bench/load.py [--seconds 20] [--max-requests 5000] [--threads 8] [--workers 2]

Three scenarios, one after the other, each bounded by --seconds and --max-requests:
near-me (GET /api/v1/sites/?nearest=lon,lat&limit=5 at random points of the province),
tiles (GET /tiles/producers/{z}/{x}/{y}.pbf at random tiles over the province, z 9-14) and
the officer list (GET /api/v1/producers/?… as a staff user, HTTP Basic, random filters).
Prints requests/s, latency percentiles and error counts per scenario (a Markdown table).
The rate limiter is turned off for the server via OCOP_RATE_LIMIT=0: all requests come from 127.0.0.1.

Then the import-upload scenario (#12; `--import-rows 0` skips it): a background-job worker starts
(`manage.py jobs_worker` under `nice`, as docs/jobs.md advises), a superuser uploads a large producers CSV
(bench/import_csv.py, `--import-rows`, default 50,000) through the admin's upload form, and near-me and tiles
run again while the import's dry run works. Their p50 and p90 are compared with the quiet run; the run fails
when the p50 of either is more than 2× the quiet one, or the upload request itself took more than 5 s.
"""
import argparse
import http.client
import math
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gis_app.settings")

# Bình Dương, a little inside its bounding box.
WEST, SOUTH, EAST, NORTH = 106.35, 10.90, 106.95, 11.45


def tile_of(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def near_me(rng):
    return f"/api/v1/sites/?nearest={rng.uniform(WEST, EAST):.5f},{rng.uniform(SOUTH, NORTH):.5f}&limit=5"


def tile(rng):
    z = rng.randint(9, 14)
    x, y = tile_of(rng.uniform(WEST, EAST), rng.uniform(SOUTH, NORTH), z)
    return f"/tiles/producers/{z}/{x}/{y}.pbf"


def officer_list(rng):
    filters = rng.choice(["", "legal_form=household", "min_stars=4", "expiring_within=180", "q=ca phe",
                          "group=2023.FOOD", "unit=721"])
    return f"/api/v1/producers/?{filters.replace(' ', '%20')}&page_size=50"


SCENARIOS = {"near-me": (near_me, False), "tiles": (tile, False), "officer list": (officer_list, True)}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def staff_session_cookie():
    """A session cookie of a staff user for the officer list.

    A session rather than HTTP Basic: Basic auth hashes the password on every
    request (PBKDF2, by design slow), which would measure the hasher, not the list.
    """
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(username="load-officer")
    user.is_staff = True
    user.set_unusable_password()
    user.save()
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def start_server(port, workers):
    """The app as `make serve` runs it (scripts/serve.sh), on `port` with `workers` processes."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "OCOP_RATE_LIMIT": "0", "LOG_LEVEL": "ERROR",
           "HOST": "127.0.0.1", "PORT": str(port), "WORKERS": str(workers), "NO_JOBS_WORKER": "1"}
    server = subprocess.Popen(["bash", str(ROOT / "scripts/serve.sh")], cwd=ROOT, env=env)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def run_scenario(port, make_path, headers, seconds, max_requests, threads, seed):
    """(latencies in ms, error count, wall seconds) of one scenario."""
    latencies, errors, lock = [], [], threading.Lock()
    budget = iter(range(max_requests))
    deadline = time.monotonic() + seconds

    def worker(index):
        rng = random.Random(seed * 1000 + index)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                if next(budget, None) is None:
                    break
            path = make_path(rng)
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status in (200, 204)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException) as error:
                ok, response = False, error
                connection.close()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(f"{path}: {getattr(response, 'status', response)}")

    started = time.monotonic()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return latencies, errors, time.monotonic() - started


def superuser_session():
    """(session cookie, username) of a superuser for the admin upload (committed to the benchmark database)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(username="load-importer")
    user.is_staff = user.is_superuser = True
    user.set_unusable_password()
    user.save()
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def upload_import(port, session, path):
    """POST the admin upload form with `path`; (seconds the request took, review page URL)."""
    import re

    import requests

    base = f"http://127.0.0.1:{port}"
    web = requests.Session()
    web.cookies.set("sessionid", session)
    form = web.get(base + "/admin/imports/importrun/upload/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    started = time.perf_counter()
    with open(path, "rb") as handle:
        answer = web.post(base + "/admin/imports/importrun/upload/", allow_redirects=False, timeout=120,
                          headers={"Referer": base + "/admin/"},
                          data={"csrfmiddlewaretoken": token, "kind": "producers", "crs": "wgs84",
                                "central_meridian": "105.75"},
                          files={"file": ("load-producers.csv", handle, "text/csv")})
    took = time.perf_counter() - started
    if answer.status_code != 302:
        raise SystemExit(f"upload answered {answer.status_code}")
    return took, answer.headers["Location"]


def import_scenario(port, args, quiet):
    """Near-me and tiles while a large import runs in the job worker; False if latency doubled."""
    import tempfile

    from bench.import_csv import write
    from gis_app.imports.models import ImportRun

    session = superuser_session()
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    worker = subprocess.Popen(["nice", "-n", "10", str(ROOT / ".venv/bin/python"), "manage.py", "jobs_worker"],
                              cwd=ROOT, env=env)
    ok = True
    try:
        with tempfile.TemporaryDirectory(prefix="ocop-load-") as work:
            path = os.path.join(work, "producers.csv")
            write(args.import_rows, path)
            took, review = upload_import(port, session, path)
            run = ImportRun.objects.order_by("-pk").first()
            waited = time.monotonic()
            while run.state == ImportRun.State.QUEUED and time.monotonic() - waited < 300:
                time.sleep(0.5)  # the worker starts (measure only while the import really runs)
                run.refresh_from_db()
            print(f"\nimport upload: {args.import_rows} rows, the request took {took:.2f} s "
                  f"(the check runs as job #{run.job_id})")
            print("| scenario (import running) | requests | errors | p50 ms | p90 ms | p50 × quiet | p90 × quiet |")
            print("|---|---|---|---|---|---|---|")
            for name in ("near-me", "tiles"):
                make_path, _staff = SCENARIOS[name]
                latencies, errors, _wall = run_scenario(port, make_path, {}, args.seconds, args.max_requests,
                                                        args.threads, args.seed + 7)
                p50, p90 = statistics.median(latencies), percentile(latencies, 90)
                ratio50, ratio90 = p50 / quiet[name][0], p90 / quiet[name][1]
                run.refresh_from_db()
                print(f"| {name} ({run.get_state_display()}) | {len(latencies)} | {len(errors)} | {p50:.1f} | "
                      f"{p90:.1f} | {ratio50:.2f} | {ratio90:.2f} |", flush=True)
                ok = ok and not errors and ratio50 <= 2
            ok = ok and took <= 5
            deadline = time.monotonic() + 1800
            while run.active and time.monotonic() < deadline:
                time.sleep(2)
                run.refresh_from_db()
            job = run.job
            if job is not None and job.finished_at and job.started_at:
                print(f"import job: {run.get_state_display()} in {(job.finished_at - job.started_at).total_seconds():.0f} s"
                      f" — {run.summary}")
            ok = ok and run.state == ImportRun.State.CHECKED
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return ok


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--max-requests", type=int, default=5000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--import-rows", type=int, default=50000, help="rows of the import-upload scenario (0: skip)")
    args = parser.parse_args()

    # One secret for this process (which signs the session) and the server (which reads it).
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    auth = {"Cookie": staff_session_cookie()}
    port = free_port()
    server = start_server(port, args.workers)
    failed, quiet = False, {}
    try:
        probe = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        probe.request("GET", "/api/v1/producers/?page_size=1", headers=auth)
        if b"private_phone" not in probe.getresponse().read():
            raise SystemExit("the officer session is not staff: private fields missing")
        probe.close()
        print(f"gunicorn --workers {args.workers}, {args.threads} client threads, "
              f"≤ {args.seconds:g} s and ≤ {args.max_requests} requests per scenario")
        print("| scenario | requests | errors | req/s | p50 ms | p90 ms | p99 ms | max ms |")
        print("|---|---|---|---|---|---|---|---|")
        for name, (make_path, staff) in SCENARIOS.items():
            # Warm-up (not counted): worker imports, database connections, caches of the first tiles.
            run_scenario(port, make_path, auth if staff else {}, args.seconds, args.threads * 5, args.threads,
                         args.seed + 99)
            latencies, errors, wall = run_scenario(port, make_path, auth if staff else {}, args.seconds,
                                          args.max_requests, args.threads, args.seed)
            print(f"| {name} | {len(latencies)} | {len(errors)} | {len(latencies) / wall:.0f} | "
                  f"{statistics.median(latencies):.1f} | {percentile(latencies, 90):.1f} | "
                  f"{percentile(latencies, 99):.1f} | {max(latencies):.1f} |", flush=True)
            for error in errors[:5]:
                print(f"  error: {error}", file=sys.stderr)
            failed = failed or bool(errors)
            quiet[name] = (statistics.median(latencies), percentile(latencies, 90))
        if args.import_rows:
            failed = not import_scenario(port, args, quiet) or failed
    finally:
        server.terminate()
        server.wait(timeout=10)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
