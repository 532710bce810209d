"""Reads to a healthy read replica, everything else to the primary ("default").

Replicas are the aliases in settings.DATABASE_REPLICAS (from DATABASE_REPLICA_URLS).
A replica is used only while it answers: its health is checked at most once per
request (a `SELECT 1` on its persistent connection, ~0.1 ms on a LAN) or every
REPLICA_CHECK_SECONDS outside requests; a replica that fails is skipped for
REPLICA_RETRY_SECONDS, so a dead one costs one failed connection attempt every few
seconds, not one per request, and reads fall back to the primary instead of failing.
Inside a transaction on the primary reads stay there, so a view reads its own writes;
so do reads of the apps in PRIMARY_APPS, whose rows are read back by the next request
(a session just written at login, an import batch between its dry run and its commit),
where even a few milliseconds of replication lag would show.
"""
import random
import threading
import time
from typing import Any

from django.conf import settings
from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import DatabaseError

REPLICA_CHECK_SECONDS = 2.0
REPLICA_RETRY_SECONDS = 10.0
PRIMARY_APPS = {"sessions", "imports"}

_down_until: dict[str, float] = {}  # alias -> monotonic time before which the replica is not tried again (shared by threads)
_local = threading.local()  # alias -> monotonic time of this thread's last successful check


def _checked() -> dict[str, float]:
    if not hasattr(_local, "checked"):
        _local.checked = {}
    return _local.checked


def forget_checks(**kwargs: Any) -> None:
    """Start of a request: each replica is checked again before its first read."""
    _checked().clear()


request_started.connect(forget_checks, dispatch_uid="gis_app.core.routers.forget_checks")


def reset() -> None:
    """Forget every health result (tests)."""
    _down_until.clear()
    _checked().clear()


def is_healthy(alias: str) -> bool:
    now = time.monotonic()
    if _down_until.get(alias, 0) > now:
        return False
    last = _checked().get(alias)
    if last is not None and now - last < REPLICA_CHECK_SECONDS:
        return True
    connection = connections[alias]
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        try:
            connection.close()
        except DatabaseError:
            pass
        _down_until[alias] = now + REPLICA_RETRY_SECONDS
        _checked().pop(alias, None)
        return False
    _checked()[alias] = now
    return True


def healthy_replica() -> str | None:
    """A healthy replica alias chosen at random (spreading the load), or None."""
    replicas = list(getattr(settings, "DATABASE_REPLICAS", ()))
    random.shuffle(replicas)
    return next((alias for alias in replicas if is_healthy(alias)), None)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_APPS or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return healthy_replica() or DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas hold the primary's data: a row read from one relates to rows of the other

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
