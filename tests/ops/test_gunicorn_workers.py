"""#12 items 8 and 9 through a real server: gunicorn workers (separate processes) on the test database."""
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def gunicorn(workers=1, **env_extra):
    """A gunicorn on a free loopback port serving the test database (demo data committed), DEBUG off."""
    settings = connection.settings_dict
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = (f"postgis://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT'] or 5432}"
           f"/{settings['NAME']}")
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "PYTHONWARNINGS": "ignore",
           "DJANGO_SECRET_KEY": "holes-test-" + "k" * 50, **env_extra}
    process = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "gis_app.wsgi", "--bind",
                                f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "error"],
                               cwd=ROOT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                if get(base + "/api/v1/")[0] < 500:
                    break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.mark.django_db
def test_a_dropped_database_connection_costs_no_500(django_db_blocker):
    with gunicorn(workers=1, DB_CONN_MAX_AGE="600") as base:
        assert get(base + "/api/v1/producers/?limit=1")[0] == 200  # the worker now holds a connection
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")
            assert cursor.fetchone()[0] >= 1
        statuses = [get(base + "/api/v1/producers/?limit=1")[0] for _ in range(3)]
        assert statuses == [200, 200, 200]


@pytest.mark.django_db
def test_login_failures_are_counted_across_workers(settings):
    """Two gunicorn workers (two processes) share one count in Redis: the lock comes after exactly
    OCOP_LOGIN_FAILURES failures, whichever worker answers."""
    import base64

    from django.core.cache import caches

    from gis_app.core.login_throttle import failure_key

    request = type("R", (), {"META": {"REMOTE_ADDR": "127.0.0.1"}})()
    header = {"Authorization": "Basic " + base64.b64encode(b"khong-co-ai:sai-mat-khau").decode()}
    with gunicorn(workers=2, OCOP_LOGIN_FAILURES="5") as base:
        caches["ratelimit"].clear()
        statuses = [get(base + "/api/v1/producers/?limit=1", header)[0] for _ in range(12)]
        assert caches["ratelimit"].get(failure_key("khong-co-ai", request), 0) >= 5  # the count lives in Redis
    assert all(status in (401, 403) for status in statuses[:5]) and statuses[5:] == [429] * 7


@pytest.mark.django_db
def test_the_rate_limit_is_shared_across_workers():
    from django.core.cache import caches

    with gunicorn(workers=2, OCOP_RATE_LIMIT="6/86400") as base:
        caches["ratelimit"].clear()  # the start-up probe counted too
        statuses = [get(base + "/api/v1/producers/?limit=1")[0] for _ in range(10)]
    assert statuses == [200] * 6 + [429] * 4
