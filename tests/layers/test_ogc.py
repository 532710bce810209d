"""OGC API – Features: read by GDAL (OAPIF driver) and OWSLib over HTTP, and by the test client for errors."""
import subprocess

import pytest
from django.contrib.gis.gdal import DataSource
from owslib.ogcapi.features import Features

from gis_app.registry.models import Producer, TourismSite
from layers.catalogue import all_layers
from tests.http_server import serving

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def server():
    """The OGC API of a real HTTP server on the test database (tests/http_server.py says why not live_server)."""
    with serving() as base:
        yield f"{base}/ogc/"


def published_names():
    return set(Producer.objects.published().values_list("name", flat=True))


def test_gdal_lists_every_collection_of_the_catalogue(server):
    out = subprocess.run(["ogrinfo", "-ro", "-q", f"OAPIF:{server}"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    listed = {line.split(":")[1].split("(")[0].strip() for line in out.stdout.splitlines() if ":" in line}
    assert listed == {layer.id for layer in all_layers()}


def test_gdal_reads_every_published_producer_with_vietnamese_names(server):
    layer = DataSource(f"OAPIF:{server}")["producers"]
    names = [feature.get("name") for feature in layer]  # GDAL follows the "next" links page by page
    assert len(names) == Producer.objects.published().count()
    assert set(names) == published_names()
    assert "Công ty TNHH Mỹ nghệ Sơn mài Tương Bình Hiệp" in names
    assert "private_phone" not in layer.fields and "public_phone" in layer.fields


def test_gdal_filters_by_attribute_and_box_through_the_server(server):
    out = subprocess.run(
        ["ogrinfo", "-ro", "-q", "-al", f"OAPIF:{server}", "producers", "-where", "legal_form='household'",
         "-spat", "106.62", "11.0", "106.64", "11.02"], capture_output=True, text=True, timeout=60)
    got = {line.split("=", 1)[1].strip() for line in out.stdout.splitlines() if line.strip().startswith("name (")}
    expected = {p.name for p in Producer.objects.published().filter(legal_form="household")
                if 106.62 <= p.location.x <= 106.64 and 11.0 <= p.location.y <= 11.02}
    assert expected and got == expected


def test_owslib_reads_collections_and_pages_through_items(server):
    api = Features(server)
    assert {c["id"] for c in api.collections()["collections"]} == {layer.id for layer in all_layers()}
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in api.conformance()["conformsTo"]
    seen, offset = [], 0
    while True:
        page = api.collection_items("tourism_sites", limit=5, offset=offset)
        assert page["numberMatched"] == TourismSite.objects.published().count()
        assert page["numberReturned"] == len(page["features"])
        seen += [f["id"] for f in page["features"]]
        if not any(link["rel"] == "next" for link in page["links"]):
            break
        offset += 5
    assert sorted(seen) == sorted(TourismSite.objects.published().values_list("pk", flat=True))


def test_owslib_reads_one_item_and_a_filtered_box(server):
    api = Features(server)
    lacquer = Producer.objects.get(name="Công ty TNHH Mỹ nghệ Sơn mài Tương Bình Hiệp")
    item = api.collection_item("producers", str(lacquer.pk))
    assert item["properties"]["name"] == lacquer.name
    assert item["geometry"]["coordinates"] == pytest.approx([lacquer.location.x, lacquer.location.y])
    boxed = api.collection_items("producers", bbox=[106.62, 11.0, 106.64, 11.02], legal_form="enterprise")
    assert [f["id"] for f in boxed["features"]] == [lacquer.pk]


def test_items_page_links_and_counts(client):
    doc = client.get("/ogc/collections/producers/items", {"limit": 10, "offset": 60}).json()
    total = Producer.objects.published().count()
    assert doc["numberMatched"] == total and doc["numberReturned"] == total - 60 == len(doc["features"])
    rels = {link["rel"] for link in doc["links"]}
    assert "prev" in rels and "next" not in rels


def test_property_filter_narrows_items_and_counts(client):
    doc = client.get("/ogc/collections/producers/items", {"legal_form": "cooperative", "limit": 100}).json()
    expected = Producer.objects.published().filter(legal_form="cooperative").count()
    assert doc["numberMatched"] == expected == len(doc["features"]) > 0
    assert {f["properties"]["legal_form"] for f in doc["features"]} == {"cooperative"}


def test_collection_extent_is_in_crs84_and_covers_its_features(client):
    doc = client.get("/ogc/collections/tourism_sites").json()
    west, south, east, north = doc["extent"]["spatial"]["bbox"][0]
    assert doc["extent"]["spatial"]["crs"].endswith("CRS84")
    for site in TourismSite.objects.published():
        assert west <= site.location.x <= east and south <= site.location.y <= north


def test_landing_page_speaks_vietnamese_by_default_and_english_on_request(client):
    vi = client.get("/ogc/", headers={"accept-language": "vi"}).json()
    en = client.get("/ogc/", headers={"accept-language": "en"}).json()
    assert en["title"] == "OCOP-GIS public layers" and vi["title"] != en["title"]
    assert {"service-desc", "conformance", "data"} <= {link["rel"] for link in en["links"]}


def test_draft_producers_are_not_served_as_items(client):
    producer = Producer.objects.published().first()
    Producer.objects.filter(pk=producer.pk).update(status="draft")
    assert client.get(f"/ogc/collections/producers/items/{producer.pk}").status_code == 404


def test_people_get_pages_and_programs_get_json(client):
    page = client.get("/ogc/collections/producers/items", {"limit": 100},
                      headers={"accept": "text/html,application/xhtml+xml", "accept-language": "vi"})
    assert page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    assert "Công ty TNHH Mỹ nghệ Sơn mài Tương Bình Hiệp" in html and "f=html" in html
    assert "private" not in html
    assert client.get("/ogc/collections", {"f": "html"})["Content-Type"].startswith("text/html")
    assert client.get("/ogc/collections", headers={"accept": "*/*"}).json()["collections"]
