"""The OCOP label (issue #23 item 5): only a product recognised (latest decision of 3★ or more) and in force on the
day is an "OCOP product" — badge, default catalogue, near-me, events, JSON-LD, API, tiles, OGC and exports. Every
other product reads "sản phẩm tham gia Chương trình OCOP" with its stage or its lapsed recognition.

Rule: Decisions 1048/2019, 148/2023 (as amended by 1489/2025) and 26/2026 — a recognition lasts 36 months and is
revocable; 1★/2★ results get no decision. The rule's one place is gis_app/registry/recognition.py."""
import json
import re

import mapbox_vector_tile
import pytest
from django.utils import timezone

from gis_app.registry.models import Product
from gis_app.registry.recognition import Recognition
from tests.layers.test_tiles import tile_of

pytestmark = pytest.mark.django_db

PARTICIPANT = "sản phẩm tham gia Chương trình OCOP"
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


def public_by_state():
    """{state: [product]} of the public demo products, by their recognition today."""
    states = {}
    for product in Product.objects.published().prefetch_related("evaluations").order_by("pk"):
        states.setdefault(product.recognition().state, []).append(product)
    return states


@pytest.fixture
def by_state():
    states = public_by_state()
    # The demo holds every case, or these tests would prove nothing.
    assert all(states.get(s) for s in (Recognition.IN_FORCE, Recognition.EXPIRED, Recognition.REVOKED,
                                       Recognition.NOT_RATED)), {k: len(v) for k, v in states.items()}
    return states


def recognition_block(html):
    return re.search(r'<p class="recognition.*?</p>', html, re.S).group(0)


def test_product_page_gives_the_badge_only_in_force(client, by_state):
    for state, products in by_state.items():
        for product in products[:2]:
            block = recognition_block(client.get(f"/products/{product.pk}/", **VI).content.decode())
            if state == Recognition.IN_FORCE:
                stars = product.recognition().stars
                assert 'class="badge"' in block and f"OCOP · {stars} sao" in block and PARTICIPANT not in block
            else:
                assert PARTICIPANT in block
                assert 'class="badge"' not in block and "OCOP ·" not in block.replace(PARTICIPANT, ""), block
    expired = recognition_block(client.get(f"/products/{by_state['expired'][0].pk}/", **VI).content.decode())
    assert f"{PARTICIPANT} · hết hiệu lực công nhận" in expired
    idea = by_state["not_rated"][0]
    page = recognition_block(client.get(f"/products/{idea.pk}/", **VI).content.decode())
    with __import__("django.utils.translation", fromlist=["override"]).override("vi"):
        assert f"{PARTICIPANT} · {idea.get_stage_display()}" in page


def test_json_ld_names_the_ocop_award_only_in_force(client, by_state):
    def jsonld(product):
        html = client.get(f"/products/{product.pk}/", **VI).content.decode()
        return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))

    assert jsonld(by_state["in_force"][0])["award"].startswith("OCOP ")
    for state in ("expired", "revoked", "not_rated"):
        assert "award" not in jsonld(by_state[state][0])


def card_states(html):
    return re.findall(r'data-product-id="(\d+)".*?data-ocop="([01])"', html, re.S)


def test_catalogue_lists_ocop_products_by_default_and_the_others_on_request(client, by_state):
    ocop = {p.pk for p in by_state["in_force"]}
    everyone = {p.pk for products in by_state.values() for p in products}
    html = client.get("/products/", {"page": 1}, **VI).content.decode()
    assert int(re.search(r'data-testid="result-count" data-count="(\d+)"', html).group(1)) == len(ocop)
    cards = card_states(html)
    assert cards and all(flag == "1" and int(pk) in ocop for pk, flag in cards)
    html = client.get("/products/", {"scope": "all"}, **VI).content.decode()
    assert int(re.search(r'data-testid="result-count" data-count="(\d+)"', html).group(1)) == len(everyone)
    assert PARTICIPANT in html
    for pk, flag in card_states(html):
        assert (flag == "1") == (int(pk) in ocop)


def test_api_says_which_products_are_ocop_products_and_filters_on_it(client, by_state):
    ocop = {p.pk for p in by_state["in_force"]}
    rows = {f["id"]: f["properties"] for f in
            client.get("/api/v1/products/", {"page_size": 1000}, **VI).json()["features"]}
    assert {pk for pk, row in rows.items() if row["ocop_product"]} == ocop
    for pk, row in rows.items():
        assert row["label"].startswith("OCOP · ") == (pk in ocop)
        assert row["label"].startswith(PARTICIPANT) == (pk not in ocop)
    only = client.get("/api/v1/products/", {"page_size": 1000, "ocop": "true"}).json()["features"]
    assert {f["id"] for f in only} == ocop
    others = client.get("/api/v1/products/", {"page_size": 1000, "ocop": "false"}).json()["features"]
    assert {f["id"] for f in others} == set(rows) - ocop
    bad = client.get("/api/v1/products/", {"ocop": "maybe"}, **VI)
    assert bad.status_code == 400 and "ocop" in bad.content.decode()


def test_near_me_shows_ocop_products_only(client, by_state):
    ocop = {p.pk for p in by_state["in_force"]}
    html = client.get("/", **VI).content.decode()
    assert "ocop=true" in html  # the visitor map's product list and its near-me request
    near = client.get("/api/v1/products/", {"nearest": "106.65,10.98", "limit": 10, "ocop": "true"}).json()
    assert near["features"] and {f["id"] for f in near["features"]} <= ocop


def test_events_page_labels_each_product_shown_by_its_recognition(client, by_state):
    states = {p.pk: s for s, products in by_state.items() for p in products}
    html = client.get("/events/", **VI).content.decode()
    shown = re.findall(r'href="/products/(\d+)/">[^<]*</a> <span class="recognition[^"]*" data-ocop="([01])">\(([^)]*)\)',
                       html)
    assert shown
    for pk, flag, text in shown:
        assert (flag == "1") == (states[int(pk)] == Recognition.IN_FORCE), text
        assert text.startswith("OCOP · ") if flag == "1" else text.startswith(PARTICIPANT)
    assert any(flag == "0" for _, flag, _ in shown)  # the OCOP week shows a product that is not one today


def layer_ids(client, product):
    """Where the product appears as an OCOP product: API flag, catalogue, tile, OGC items and export."""
    found = set()
    row = next(f for f in client.get("/api/v1/products/", {"page_size": 1000}).json()["features"]
               if f["id"] == product.pk)
    if row["properties"]["ocop_product"]:
        found.add("api")
    if f'data-product-id="{product.pk}"' in client.get("/products/", {"q": product.name}).content.decode():
        found.add("catalogue")
    lon, lat = product.producer.location.x, product.producer.location.y
    x, y = tile_of(lon, lat, 14)
    tile = client.get(f"/tiles/products/14/{x}/{y}.pbf")
    decoded = mapbox_vector_tile.decode(tile.content) if tile.content else {}
    if product.pk in {f.get("id", f["properties"].get("id")) for f in decoded.get("products", {}).get("features", [])}:
        found.add("tiles")
    items = client.get("/ogc/collections/products/items", {"limit": 1000}).json()["features"]
    if product.pk in {f["id"] for f in items}:
        found.add("ogc")
    export = client.get("/export/products.geojson").content
    if product.pk in {f["properties"]["id"] for f in json.loads(export)["features"]}:
        found.add("export")
    page = recognition_block(client.get(f"/products/{product.pk}/", **VI).content.decode())
    if 'class="badge"' in page:
        found.add("page")
    return found


EVERYWHERE = {"api", "catalogue", "tiles", "ogc", "export", "page"}


def test_the_label_follows_the_recognition_through_api_pages_tiles_ogc_and_exports(client, by_state):
    product = by_state["in_force"][0]
    assert layer_ids(client, product) == EVERYWHERE
    decision = product.recognition().evaluation
    decision.revoked_on = timezone.localdate()
    decision.revocation_number, decision.revocation_reason = "99/QĐ-UBND", "Vi phạm (dữ liệu kiểm thử)"
    decision.save()
    assert layer_ids(client, Product.objects.get(pk=product.pk)) == set()
    expired = by_state["expired"][0]
    assert layer_ids(client, expired) == set()


def test_site_page_lists_only_in_force_products_as_ocop(client, by_state):
    from gis_app.registry.models import TourismSite

    site = TourismSite.objects.published().first()
    ocop, expired = by_state["in_force"][0], by_state["expired"][0]
    site.products.set([ocop, expired])
    html = client.get(f"/sites/{site.pk}/", **VI).content.decode()
    flags = dict(re.findall(r'href="/products/(\d+)/">.*?data-ocop="([01])"', html, re.S))
    assert flags == {str(ocop.pk): "1", str(expired.pk): "0"}
    assert f"{PARTICIPANT} · hết hiệu lực công nhận" in html


def test_product_page_says_when_its_rule_set_is_known_only_from_secondary_sources(client):
    from gis_app.registry.models import Evaluation

    unverified = Evaluation.objects.filter(rule_set__code="26/2026", product__status="published",
                                           product__producer__status="published").first()
    html = recognition_block(client.get(f"/products/{unverified.product_id}/", **VI).content.decode())
    assert 'data-unverified="1"' in html and "26/2026/QĐ-TTg" in html and "chưa đối chiếu văn bản gốc" in html
