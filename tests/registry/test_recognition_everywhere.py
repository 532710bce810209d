"""Expired and revoked products are not OCOP products anywhere: API counts, choropleth, group counts, a tile,
an OGC page, an export and the overview page all follow registry/recognition.py."""
import datetime
import math

import mapbox_vector_tile
import pytest
from django.conf import settings
from django.utils import timezone

from gis_app.registry.models import Product, Status
from gis_app.registry.recognition import Recognition

pytestmark = pytest.mark.django_db


def tile_xy(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def seen_in(client, product):
    """Where `product` shows as an OCOP product, and the counts of its commune and group."""
    location = product.producer.location
    x, y = tile_xy(location.x, location.y, 14)
    tile = client.get(f"/tiles/products/14/{x}/{y}.pbf")
    assert tile.status_code == 200
    in_tile = {f["id"] for f in mapbox_vector_tile.decode(tile.content).get("products", {}).get("features", [])}
    ogc = client.get("/ogc/collections/products/items", {"limit": 1000, "f": "json"}).json()
    export = client.get("/export/products.geojson").json()
    in_force = client.get("/api/v1/products/", {"valid_on": timezone.localdate().isoformat(),
                                                "page_size": 500}).json()
    units = client.get("/api/v1/aggregates/units/", {"level": "commune",  # the commune it was filed under (#24)
                                                     "units_on": settings.OCOP_REGISTRY_UNITS_ON.isoformat()}).json()
    commune = next(f["properties"] for f in units["features"]
                   if f["properties"]["code"] == product.producer.commune.code)
    groups = client.get("/api/v1/aggregates/groups/", {"version": "2023"}).json()["groups"]
    return {
        "tile": product.pk in in_tile,
        "ogc": product.pk in {f["id"] for f in ogc["features"]},
        "export": product.pk in {f["properties"]["id"] for f in export["features"]},
        "api": product.pk in {f["id"] for f in in_force["features"]},
        "commune_products": commune["products"],
        "total": sum(g["products"] for g in groups if g["code"]) ,
    }


def test_a_revoked_product_leaves_every_count_tile_ogc_page_and_export(client):
    product = next(p for p in Product.objects.published().filter(producer__status=Status.PUBLISHED)
                   .select_related("producer__commune").prefetch_related("evaluations")
                   if p.recognition().in_force)
    before = seen_in(client, product)
    assert before["tile"] and before["ogc"] and before["export"] and before["api"]
    decision = product.recognition().evaluation
    decision.revoked_on = timezone.localdate() - datetime.timedelta(days=1)
    decision.revocation_number, decision.revocation_reason = "500/QĐ-UBND", "Vi phạm an toàn thực phẩm"
    decision.full_clean()
    decision.save()
    after = seen_in(client, product)
    assert not (after["tile"] or after["ogc"] or after["export"] or after["api"])
    assert after["commune_products"] == before["commune_products"] - 1
    assert after["total"] < before["total"]


def test_expired_products_are_in_no_count_tile_ogc_page_or_export(client):
    expired = [p for p in Product.objects.published().filter(producer__status=Status.PUBLISHED)
               .select_related("producer__commune").prefetch_related("evaluations")
               if p.recognition().state == Recognition.EXPIRED]
    assert expired
    ogc = {f["id"] for f in client.get("/ogc/collections/products/items", {"limit": 1000, "f": "json"}).json()[
        "features"]}
    export = {f["properties"]["id"] for f in client.get("/export/products.geojson").json()["features"]}
    for product in expired:
        where = seen_in(client, product)
        assert not (where["tile"] or where["api"]) and product.pk not in ogc | export
    ocop = Product.objects.published().filter(producer__status=Status.PUBLISHED).ocop().count()
    assert len(ogc) == len(export) == ocop
    units = client.get("/api/v1/aggregates/units/", {"level": "district",  # the districts of 2025-06-30
                                                     "units_on": settings.OCOP_REGISTRY_UNITS_ON.isoformat()}).json()
    assert sum(f["properties"]["products"] for f in units["features"]) == ocop
