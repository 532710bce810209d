"""The cache of computed answers (vector tiles, layer extents): each process's memory in front of Redis.

Keys carry the data version (layers/versions.py), so an entry is never stale: an edit makes new keys and
old entries expire. The memory tier answers the hot tiles of a process without a round trip; the Redis
tier is shared by every worker and outlives them, so a gunicorn recycle (`max_requests`) or a restart of
the web server does not make every tile cold again (#28: uncached tiles cost 10–33× more).

Redis is an accelerator here, never a dependency: when it is unreachable the memory tier alone serves, and
after a failure the Redis tier is left alone for `RETRY_SECONDS` so that requests do not each wait for a
connection timeout (a circuit breaker).
"""
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from .cache import SharedCounterCache

log = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


class TieredCache(BaseCache):
    """LOCATION is Redis's URL; OPTIONS["near_max_entries"] bounds the memory tier; other OPTIONS go to Redis."""

    def __init__(self, location, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        near_entries = int(options.pop("near_max_entries", 5000))
        super().__init__({**params, "OPTIONS": {}})
        prefix = params.get("KEY_PREFIX", "")
        timeout = params.get("TIMEOUT", 300)
        self.near = LocMemCache(f"tiered-{location}-{prefix}",
                                {"TIMEOUT": timeout, "KEY_PREFIX": prefix, "OPTIONS": {"MAX_ENTRIES": near_entries}})
        self.far = _PrefixClearingRedisCache(location, {"TIMEOUT": timeout, "KEY_PREFIX": prefix, "OPTIONS": options})
        self._far_down_until = 0.0

    # The far tier, behind a circuit breaker.
    def _far(self, method, fallback, *args, **kwargs):
        if time.monotonic() < self._far_down_until:
            return fallback
        try:
            return getattr(self.far, method)(*args, **kwargs)
        except (RedisError, OSError) as error:
            self._far_down_until = time.monotonic() + RETRY_SECONDS
            log.warning("shared answer cache unavailable (%s): serving from this process's memory", error)
            return fallback

    def far_available(self):
        return time.monotonic() >= self._far_down_until

    def get(self, key, default=None, version=None):
        missing = object()
        value = self.near.get(key, missing, version=version)
        if value is not missing:
            return value
        value = self._far("get", missing, key, missing, version=version)
        if value is missing:
            return default
        self.near.set(key, value, version=version)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.near.set(key, value, timeout=timeout, version=version)
        self._far("set", None, key, value, timeout=timeout, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = self._far("add", None, key, value, timeout=timeout, version=version)
        if added is False:
            return False
        return self.near.add(key, value, timeout=timeout, version=version) or bool(added)

    def delete(self, key, version=None):
        near = self.near.delete(key, version=version)
        return bool(self._far("delete", False, key, version=version)) or near

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        near = self.near.touch(key, timeout=timeout, version=version)
        return bool(self._far("touch", False, key, timeout=timeout, version=version)) or near

    def has_key(self, key, version=None):
        return self.near.has_key(key, version=version) or bool(self._far("has_key", False, key, version=version))

    def clear(self):
        self.near.clear()
        self._far("clear", None)

    def clear_near(self):
        """Forget this process's tier only: what a worker recycle does (tests and bench/ use it)."""
        self.near.clear()


class _PrefixClearingRedisCache(RedisCache):
    """clear() deletes only this cache's keys, never the Redis database shared with the job queue."""

    clear = SharedCounterCache.clear
