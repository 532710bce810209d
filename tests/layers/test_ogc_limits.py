"""#26 "Partner API": the OGC items' default and maximum `limit` are documented (docs/layers.md, the OGC API's own
OpenAPI definition) and are the ones the server applies, so a GIS client paging a layer knows what it gets."""
from pathlib import Path

import pytest
from django.conf import settings

from gis_app.registry.models import Producer
from layers.ogc_params import DEFAULT_LIMIT, MAX_LIMIT

pytestmark = pytest.mark.django_db


def test_docs_state_the_default_and_maximum_limit_the_code_uses():
    text = " ".join((Path(settings.BASE_DIR) / "docs/layers.md").read_text(encoding="utf-8").split())
    assert f"`limit` (default {DEFAULT_LIMIT}, at most {MAX_LIMIT:,}" in text


def test_the_ogc_definition_declares_them_on_every_items_path(client):
    paths = client.get("/ogc/api").json()["paths"]
    items = [path for path in paths if path.endswith("/items")]
    assert len(items) >= 5
    for path in items:
        limit = next(p for p in paths[path]["get"]["parameters"] if p.get("name") == "limit")
        assert (limit["schema"]["default"], limit["schema"]["maximum"]) == (DEFAULT_LIMIT, MAX_LIMIT), path


def test_the_server_applies_them(client):
    published = Producer.objects.published().count()
    assert published > DEFAULT_LIMIT
    page = client.get("/ogc/collections/producers/items").json()
    assert page["numberReturned"] == len(page["features"]) == DEFAULT_LIMIT
    page = client.get("/ogc/collections/producers/items", {"limit": MAX_LIMIT * 10}).json()
    assert page["numberReturned"] == min(published, MAX_LIMIT)
