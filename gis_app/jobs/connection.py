"""The one Redis connection of the job runner (the queue and progress), from settings.REDIS_URL."""
from functools import lru_cache

from django.conf import settings
from redis import Redis


@lru_cache(maxsize=4)
def _connection(url):
    return Redis.from_url(url)


def redis_connection():
    return _connection(settings.REDIS_URL)
