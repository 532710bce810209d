"""English renderings (`name_en`, `description_en`) in every output of the layers (issue 26 item 7).

A layer declares a model's `_en` field next to the field it renders (layers/catalogue.py, gis_app/sales/layers.py);
tiles, OGC API – Features and the exports all read that one declaration. Drafts stay out, English and all.
"""
import csv
import io

import mapbox_vector_tile
import pytest
from openpyxl import load_workbook

from gis_app.core.publishing import Status
from gis_app.registry.models import Product
from layers.catalogue import all_layers, get_layer
from tests.layers.test_tiles import tile_of

pytestmark = pytest.mark.django_db

BILINGUAL_LAYERS = {"products", "tourism_sites", "craft_villages", "points_of_sale"}
ENGLISH = "Lái Thiêu mangosteen, English name under test"
DRAFT_ENGLISH = "Draft-only English name that must stay private"
Z = 14


def local_model_fields(model):
    return {f.name for f in model._meta.concrete_fields}


def test_every_field_with_an_english_rendering_on_its_model_declares_it_too():
    """Fields read from the layer's own model (no join) whose model has `<field>_en` declare `<name>_en` next."""
    declared_english = set()
    for layer in all_layers():
        model_fields = local_model_fields(layer.queryset().model)
        names = [f.name for f in layer.fields]
        for index, field in enumerate(layer.fields):
            if "__" in field.path or field.path.endswith("_en") or f"{field.path}_en" not in model_fields:
                continue
            english = next((f for f in layer.fields if f.name == f"{field.name}_en"), None)
            assert english is not None, f"{layer.id}.{field.name} has no {field.name}_en"
            assert english.path == f"{field.path}_en" and english.type == field.type
            assert english.in_tiles == field.in_tiles, f"{layer.id}.{english.name}: in tiles like {field.name}"
            assert names.index(english.name) == index + 1, f"{layer.id}.{english.name} follows {field.name}"
            declared_english.add((layer.id, english.name))
    assert {layer for layer, name in declared_english if name == "name_en"} == BILINGUAL_LAYERS
    assert ("craft_villages", "description_en") in declared_english


@pytest.fixture
def english_and_draft():
    """A published OCOP product with an English name, and another turned draft with an English name of its own."""
    layer = get_layer("products")
    public, hidden = layer.queryset().order_by("pk")[:2]
    Product.objects.filter(pk=public.pk).update(name_en=ENGLISH)
    Product.objects.filter(pk=hidden.pk).update(name_en=DRAFT_ENGLISH)
    assert layer.queryset().filter(name_en=DRAFT_ENGLISH).exists()  # public until it is a draft
    Product.objects.filter(pk=hidden.pk).update(status=Status.DRAFT)
    return layer.queryset().get(pk=public.pk), Product.objects.get(pk=hidden.pk)


def products_tile(client, product):
    location = product.producer.location
    x, y = tile_of(location.x, location.y, Z)
    response = client.get(f"/tiles/products/{Z}/{x}/{y}.pbf")
    assert response.status_code == 200
    return response.content, mapbox_vector_tile.decode(response.content).get("products", {}).get("features", [])


def test_english_name_is_in_the_tiles_and_a_drafts_is_not(client, english_and_draft):
    public, hidden = english_and_draft
    content, features = products_tile(client, public)
    by_id = {f["id"]: f["properties"] for f in features}
    assert by_id[public.pk]["name_en"] == ENGLISH and by_id[public.pk]["name"] == public.name
    assert all("name_en" in properties for properties in by_id.values())
    content, features = products_tile(client, hidden)
    assert hidden.pk not in {f["id"] for f in features} and DRAFT_ENGLISH.encode() not in content


def test_tilejson_declares_the_english_name(client):
    fields = client.get("/tiles/products.json").json()["vector_layers"][0]["fields"]
    assert "name_en" in fields


def test_english_name_is_in_the_ogc_items_and_a_drafts_is_not(client, english_and_draft):
    public, hidden = english_and_draft
    item = client.get(f"/ogc/collections/products/items/{public.pk}").json()
    assert item["properties"]["name_en"] == ENGLISH
    items = client.get("/ogc/collections/products/items", {"limit": 10000})
    assert items.status_code == 200 and DRAFT_ENGLISH.encode() not in items.content
    assert all("name_en" in f["properties"] for f in items.json()["features"])
    assert client.get(f"/ogc/collections/products/items/{hidden.pk}").status_code == 404
    queryables = client.get("/ogc/collections/products/queryables").json()["properties"]
    assert queryables["name_en"]["type"] == "string"


@pytest.mark.parametrize("suffix", ["csv", "geojson", "xlsx"])
def test_a_drafts_english_name_is_in_no_export(client, english_and_draft, suffix):
    response = client.get(f"/export/products.{suffix}")
    assert response.status_code == 200
    if suffix == "xlsx":
        cells = [c for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
                 for c in row]
        assert ENGLISH in cells and DRAFT_ENGLISH not in cells
    else:
        assert ENGLISH.encode() in response.content and DRAFT_ENGLISH.encode() not in response.content


def test_csv_export_has_the_english_name_column(client, english_and_draft):
    public, _hidden = english_and_draft
    rows = list(csv.DictReader(io.StringIO(client.get("/export/products.csv").content.decode("utf-8-sig"))))
    assert rows and "name_en" in rows[0]
    assert {row["id"]: row["name_en"] for row in rows}[str(public.pk)] == ENGLISH


@pytest.mark.parametrize("language,title", [("vi", "tên (tiếng Anh)"), ("en", "name (English)")])
def test_xlsx_export_has_the_english_name_column_titled_in_the_requests_language(client, english_and_draft,
                                                                                 language, title):
    public, _hidden = english_and_draft
    response = client.get("/export/products.xlsx", HTTP_ACCEPT_LANGUAGE=language)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = list(rows[0])
    assert title in header
    row = next(r for r in rows[1:] if r[0] == public.pk)
    assert row[header.index(title)] == ENGLISH and row[header.index(title) - 1] == public.name


def test_craft_villages_export_carries_both_english_fields(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/export/craft_villages.csv").content.decode("utf-8-sig"))))
    assert rows and all(row["name_en"] for row in rows)  # the demo's villages have English names
    assert "description_en" in rows[0]
