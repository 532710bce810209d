"""The supervised server of `make serve` (deploy/supervisord.conf) started for a test, and what tests of it share:
a free port, an HTTP status that never raises, waiting by polling, a Redis of the test's own."""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "supervisord.conf"
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds} s: {what}")


def database_url():
    """The test database, as the supervised processes are told it."""
    db = connection.settings_dict
    return (f"postgis://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{db['NAME']}")


class Supervised:
    """supervisord with the shipped config, on a free port, the test database, DEBUG off."""

    def __init__(self, run_dir, redis_url, queue, key_prefix, env=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DJANGO_DEBUG": "0", "PYTHONWARNINGS": "ignore",
                    "DJANGO_SECRET_KEY": "supervised-test-" + "k" * 50, "DATABASE_URL": database_url(),
                    "REDIS_URL": redis_url, "OCOP_JOBS_QUEUE": queue, "OCOP_JOBS_KEY_PREFIX": key_prefix,
                    "OCOP_JOBS_ASYNC": "1",
                    "HOST": "127.0.0.1", "PORT": str(self.port), "WORKERS": "1", "THREADS": "2",
                    "OCOP_ROOT": str(ROOT), "OCOP_BIN": str(BIN), "OCOP_RUN_DIR": str(run_dir),
                    "OCOP_START_JOBS_WORKER": "true", **(env or {})}
        self.log = open(Path(run_dir) / "out.log", "ab")  # appended to by supervisord and its programs
        self.process = subprocess.Popen([str(BIN / "supervisord"), "-c", str(CONFIG)], cwd=ROOT, env=self.env,
                                        stdout=self.log, stderr=subprocess.STDOUT)

    def ctl(self, *args):
        done = subprocess.run([str(BIN / "supervisorctl"), "-c", str(CONFIG), *args], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, timeout=60)
        return done.stdout.strip()

    def pid(self, program):
        answer = self.ctl("pid", program)
        return int(answer) if answer.isdigit() and int(answer) > 0 else None

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@contextmanager
def supervised(settings, redis_url=None, env=None):
    """The supervised server, once its API answers; `settings` gives the queue (the test run's own) and Redis."""
    with tempfile.TemporaryDirectory(prefix="ocop-sup-") as run_dir:
        server = Supervised(run_dir, redis_url or settings.REDIS_URL, settings.OCOP_JOBS_QUEUE,
                            settings.OCOP_JOBS_KEY_PREFIX, env)
        try:
            wait_for(lambda: get(server.base + "/api/v1/producers/?limit=1") == 200, 60, "the site answers")
            yield server
        finally:
            server.stop()
            print((Path(run_dir) / "out.log").read_text(errors="replace")[-3000:])


class RedisServer:
    """A redis-server of the test's own on `port` (nothing saved), to take away and bring back."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def answers(self):
        import redis

        try:
            return redis.Redis.from_url(self.url, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def start(self):
        self.process = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                         "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
        wait_for(self.answers, 10, f"redis-server answers on port {self.port}")

    def kill(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None
        wait_for(lambda: not self.answers(), 5, "Redis is away")


def own_connection():
    """A connection of the test's own to the test database, committing each statement: what it writes the
    supervised processes see (the test's own transaction they do not)."""
    import psycopg2

    db = connection.settings_dict
    own = psycopg2.connect(dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"], host=db["HOST"],
                           port=db["PORT"])
    own.autocommit = True
    return own


def committed(function):
    """`function()` run on a database connection of its own (a thread's), each statement committed: the server
    sees what it writes, the test's own transaction does not hold it back."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: B036 (raised again in the test's thread)
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
