"""The read-replica path on a real streaming standby: a second PostgreSQL 15 cloned from the first.

The standby is made with pg_basebackup over loopback (-R: it follows the primary by
streaming replication) and started as the postgres OS user on a free port. The
router (gis_app.core.routers) is installed with that standby as its only replica.
These tests are not in a Django test transaction (the standby only sees committed
data): the one row they commit is a scratch auth group, deleted again.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import DatabaseError, connections
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from gis_app.core import routers

PG_BIN = Path("/usr/lib/postgresql/15/bin")
ALIAS = "replica_standby_test"
# Hot standby refuses to start when these are below the primary's values.
COPIED_SETTINGS = ("max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_transactions",
                   "max_locks_per_transaction")
NEAR_ME = {"nearest": "106.6537,10.9804", "limit": 5}

# The standby is a copy of the local cluster that `make test` manages (scripts/ensure_db.sh allows the
# replication connection); a PostGIS of the user's own (DATABASE_URL given) is not cloned.
pytestmark = pytest.mark.skipif(not (PG_BIN / "pg_ctl").exists() or shutil.which("runuser") is None
                                or os.geteuid() != 0 or os.environ.get("OCOP_LOCAL_DB") != "1",
                                reason="needs the local PostgreSQL 15 cluster managed by `make test`, and root "
                                       "(to run the standby as postgres)")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Standby:
    def __init__(self, primary):
        self.primary = primary
        self.root = Path(tempfile.mkdtemp(prefix="ocop-standby-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.running = False

    def pg_ctl(self, *args):
        return subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", str(self.data),
                               *args], capture_output=True, text=True, timeout=120)

    def start(self):
        db = self.primary
        env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
        done = subprocess.run([str(PG_BIN / "pg_basebackup"), "-h", db["HOST"] or "127.0.0.1",
                               "-p", str(db["PORT"] or 5432), "-U", db["USER"], "-D", str(self.data),
                               "-R", "-X", "stream", "-c", "fast"],
                              env=env, capture_output=True, text=True, timeout=600)
        # A cluster whose pg_hba.conf was rewritten may lack Debian's "host replication all 127.0.0.1/32" line.
        assert done.returncode == 0, f"pg_basebackup failed (replication allowed in pg_hba.conf?): {done.stderr}"
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", [list(COPIED_SETTINGS)])
            copied = cursor.fetchall()
        # Debian keeps postgresql.conf and pg_hba.conf in /etc, so the copy has none: write small ones.
        (self.data / "postgresql.conf").write_text(
            "listen_addresses = '127.0.0.1'\nhot_standby = on\nshared_buffers = 32MB\n"
            + "".join(f"{name} = {value}\n" for name, value in copied))
        (self.data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
        shutil.chown(self.root, "postgres", "postgres")
        subprocess.run(["chown", "-R", "postgres:postgres", str(self.root)], check=True)
        self.data.chmod(0o700)
        done = self.pg_ctl("-l", str(self.root / "log"), "-o", f"-p {self.port} -k {self.root}", "-w", "-t", "90",
                           "start")
        assert done.returncode == 0, done.stderr + (self.root / "log").read_text()[-2000:]
        self.running = True

    def stop(self):
        if self.running:
            self.pg_ctl("-m", "fast", "-w", "stop")
            self.running = False

    def remove(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.mark.django_db  # also makes pytest-django create the test database when this file runs alone
@override_settings(DATABASE_ROUTERS=["gis_app.core.routers.ReplicaRouter"], DATABASE_REPLICAS=["replica_nowhere"])
def test_reads_inside_a_transaction_and_all_writes_stay_on_the_primary():
    from django.db import router

    routers.reset()
    assert router.db_for_write(Group) == "default"
    assert connections["default"].in_atomic_block  # pytest-django's test transaction
    assert router.db_for_read(Group) == "default"
    assert not router.allow_migrate("replica_nowhere", "auth")


@override_settings(DATABASE_ROUTERS=["gis_app.core.routers.ReplicaRouter"], DATABASE_REPLICAS=["replica_nowhere"])
def test_sessions_are_read_from_the_primary_even_outside_transactions(monkeypatch):
    from django.contrib.sessions.models import Session
    from django.db import router

    monkeypatch.setattr(routers, "is_healthy", lambda alias: True)
    assert router.db_for_read(Group) == "replica_nowhere"
    assert router.db_for_read(Session) == "default"


@pytest.fixture(scope="module")
def standby(django_db_setup, django_db_blocker, request):
    with django_db_blocker.unblock():
        assert connections["default"].settings_dict["NAME"].startswith("test_"), "not on the test database"
        server = Standby(connections["default"].settings_dict)
        request.addfinalizer(server.remove)
        server.start()
        settings_dict = {**connections["default"].settings_dict, "HOST": "127.0.0.1", "PORT": str(server.port)}
        connections.settings[ALIAS] = connections.configure_settings(
            {"default": connections["default"].settings_dict, ALIAS: settings_dict})[ALIAS]
        try:
            yield server
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.settings[ALIAS]


@pytest.fixture
def routed(standby, django_db_blocker):
    """The replica router installed with the standby as its replica; DB access allowed, outside a transaction."""
    with django_db_blocker.unblock(), override_settings(DATABASE_ROUTERS=["gis_app.core.routers.ReplicaRouter"],
                                                       DATABASE_REPLICAS=[ALIAS]):
        routers.reset()
        yield standby
        routers.reset()


def wait_for_replay(timeout=30):
    """Wait until the standby has replayed everything the primary has written so far (bounded)."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.1)
    raise AssertionError(f"the standby did not replay up to {target} within {timeout} s")


def read_tables(captured):
    """The SQL run on a connection; the public near-me statement (gis_app/api/nearme.py, prepared once per
    session) reads producers, so it counts as `registry_producer`."""
    return [q["sql"] + (" registry_producer" if "ocop_nearme_" in q["sql"] else "")
            for q in captured.captured_queries if "SELECT 1" != q["sql"].strip()]


def test_the_clone_is_a_read_only_standby_of_the_primary(routed):
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True
        with pytest.raises(DatabaseError, match="read-only"):
            cursor.execute("CREATE TABLE standby_write_probe (id int)")


def test_api_reads_are_answered_by_the_standby(routed):
    with CaptureQueriesContext(connections[ALIAS]) as on_standby, \
            CaptureQueriesContext(connections["default"]) as on_primary:
        response = Client().get("/api/v1/producers/", NEAR_ME)
    assert response.status_code == 200
    assert len(response.json()["features"]) == 5
    assert any("registry_producer" in sql for sql in read_tables(on_standby))
    assert not any("registry_producer" in sql for sql in read_tables(on_primary))


def test_writes_go_to_the_primary_and_reach_the_standby_by_replication(routed):
    with CaptureQueriesContext(connections[ALIAS]) as on_standby, \
            CaptureQueriesContext(connections["default"]) as on_primary:
        group = Group.objects.create(name="replica probe")
    try:
        assert any("INSERT" in sql for sql in read_tables(on_primary))
        assert not any("INSERT" in sql for sql in read_tables(on_standby))
        wait_for_replay()
        with CaptureQueriesContext(connections[ALIAS]) as on_standby:
            found = list(Group.objects.filter(name="replica probe").values_list("pk", flat=True))
        assert found == [group.pk]
        assert any("auth_group" in sql for sql in read_tables(on_standby))
    finally:
        Group.objects.filter(pk=group.pk).delete()


def test_reads_fall_back_to_the_primary_when_the_standby_is_down(routed):
    client = Client()
    before = client.get("/api/v1/producers/", NEAR_ME)  # opens the persistent connection to the standby
    assert before.status_code == 200
    routed.stop()
    with CaptureQueriesContext(connections["default"]) as on_primary:
        after = client.get("/api/v1/producers/", NEAR_ME)
    assert after.status_code == 200
    assert after.json()["features"] == before.json()["features"]
    assert any("registry_producer" in sql for sql in read_tables(on_primary))
    # The dead replica is remembered: the next reads do not try it again.
    started = time.monotonic()
    assert client.get("/api/v1/producers/", NEAR_ME).status_code == 200
    assert routers._down_until[ALIAS] > started
