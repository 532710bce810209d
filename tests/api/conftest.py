"""Fixtures of the API tests."""
import time

import pytest

from gis_app.core import ratelimit


@pytest.fixture
def one_window(monkeypatch):
    """The rate limit's clock stopped: every request of the test falls in one window (whose counter then
    outlives the real minute too)."""
    frozen = time.time()
    monkeypatch.setattr(ratelimit, "time", type("Clock", (), {"time": staticmethod(lambda: frozen)}))
    monkeypatch.setattr(ratelimit, "KEY_GRACE", 900)
