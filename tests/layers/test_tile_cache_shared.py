"""Computed tiles outlive the process that computed them (#28): the answer cache is each process's memory
in front of Redis (gis_app/core/tiered_cache.py), and Redis away only makes it per process again."""
import math

import pytest
from django.core.cache import caches

from gis_app.core.tiered_cache import TieredCache
from layers import mvt
from layers.views import tiles

pytestmark = pytest.mark.django_db


def tile_url(lon=106.65, lat=11.0, z=13):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return f"/tiles/producers/{z}/{x}/{y}.pbf"


@pytest.fixture
def computed(monkeypatch):
    """Counts the tiles computed by the database."""
    calls = []
    real = mvt.versioned_tile

    def counting(*args, **kwargs):
        calls.append(args[2:5])
        return real(*args, **kwargs)

    monkeypatch.setattr(mvt, "versioned_tile", counting)
    return calls


def recycle_worker(monkeypatch):
    """What a gunicorn recycle does to the cache: a new process, an empty memory, nothing known."""
    caches["default"].clear_near()
    monkeypatch.setattr(tiles, "_known_versions", {})


def test_a_recycled_worker_finds_the_tile_in_redis(client, computed, monkeypatch):
    caches["default"].clear()
    first = client.get(tile_url())
    assert first.status_code == 200 and len(computed) == 1
    recycle_worker(monkeypatch)
    again = client.get(tile_url())
    assert again.status_code == 200 and again.content == first.content
    assert len(computed) == 1, "the tile was computed again after the recycle"
    assert again["ETag"] == first["ETag"]


def test_an_edit_makes_a_new_tile_not_the_shared_old_one(client, computed, monkeypatch, django_user_model):
    from gis_app.registry.models import Producer

    caches["default"].clear()
    producer = Producer.objects.published().filter(location__isnull=False).first()
    url = tile_url(producer.location.x, producer.location.y, 14)
    before = client.get(url)
    Producer.objects.filter(pk=producer.pk).update(name=producer.name + " (đã đổi)")
    recycle_worker(monkeypatch)
    after = client.get(url)
    assert len(computed) == 2
    assert after["ETag"] != before["ETag"]


def test_redis_away_serves_from_memory_and_waits_once(monkeypatch):
    cache = TieredCache("redis://127.0.0.1:1/0", {"KEY_PREFIX": "t", "OPTIONS": {"socket_connect_timeout": 0.2}})
    cache.set("k", b"tile")  # Redis refuses: the breaker opens, the memory keeps the value
    assert cache.get("k") == b"tile"
    assert not cache.far_available()
    far_calls = []
    monkeypatch.setattr(cache.far, "get", lambda *a, **k: far_calls.append(a))
    cache.clear_near()
    assert cache.get("k", "none") == "none"
    assert far_calls == [], "Redis was asked again while the breaker was open"
