"""The shared cache of the rate limiter and the login throttle: Django's RedisCache on the job runner's Redis.

Counters must be shared by every worker and server, or each gunicorn worker keeps its own count and the
limits multiply by the number of workers (#12). Two differences from Django's backend:
- `clear()` deletes only this cache's keys (its KEY_PREFIX), never the whole Redis database, which also
  holds the job queue and progress;
- an unreachable Redis fails open (counts as 0, logged): a limit must not turn every request into a 500.
"""
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class SharedCounterCache(RedisCache):
    def clear(self):
        client = self._cache.get_client(None, write=True)
        pattern = self.make_key("*")
        for keys in _batches(client.scan_iter(match=pattern, count=1000), 500):
            client.delete(*keys)

    def add(self, *args, **kwargs):
        return _failing_open(super().add, False, *args, **kwargs)

    def incr(self, *args, **kwargs):
        return _failing_open(super().incr, 0, *args, **kwargs)

    def get(self, *args, **kwargs):
        return _failing_open(super().get, kwargs.get("default", args[1] if len(args) > 1 else None), *args,
                             **kwargs)

    def set(self, *args, **kwargs):
        return _failing_open(super().set, None, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return _failing_open(super().delete, False, *args, **kwargs)


def _failing_open(method, fallback, *args, **kwargs):
    try:
        return method(*args, **kwargs)
    except RedisError as error:
        log.warning("shared counter cache unavailable (%s): limits not applied", error)
        return fallback


def _batches(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
