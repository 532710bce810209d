"""The catalogue is the single declaration: one more Layer(...) is served as tiles, features, files and legend."""
import mapbox_vector_tile
import pytest
from django.template import Context, Template
from django.utils import translation

from gis_app.registry.models import TourismSite
from layers import catalogue
from layers.layer import Field, Layer, Style

pytestmark = pytest.mark.django_db


@pytest.fixture
def orchards_layer(monkeypatch):
    """A layer that exists only in this test, declared like every other one."""
    layer = Layer(
        id="orchards", title="Orchards", description="Fruit orchards open to visitors.",
        queryset=lambda: TourismSite.objects.published().filter(kind=TourismSite.Kind.ORCHARD),
        geometry="location", geography=True, geometry_type="Point",
        fields=(Field("id", "pk", "integer", in_tiles=True), Field("name", in_tiles=True)),
        style=Style("#123456", legend="Orchard"),
    )
    catalogue.all_layers()
    monkeypatch.setitem(catalogue._layers, layer.id, layer)
    return layer


def test_one_declaration_is_served_everywhere(client, orchards_layer):
    orchards = TourismSite.objects.published().filter(kind="orchard")
    names = set(orchards.values_list("name", flat=True))
    assert names

    items = client.get("/ogc/collections/orchards/items", {"limit": 100}).json()
    assert {f["properties"]["name"] for f in items["features"]} == names

    export = client.get("/export/orchards.geojson").json()
    assert {f["properties"]["name"] for f in export["features"]} == names

    tile = client.get("/tiles/orchards/4/12/7.pbf").content  # z4 tile holding the whole province
    cells = mapbox_vector_tile.decode(tile)["orchards"]["features"]
    assert sum(cell["properties"]["count"] for cell in cells) == len(names)

    index = client.get("/tiles/catalogue.json").json()["layers"]
    assert {"id": "orchards", "colour": "#123456", "label": "Orchard"}.items() <= index[-1].items()


def test_catalogue_index_lists_every_layer_with_legend_and_addresses(client):
    layers = client.get("/tiles/catalogue.json", headers={"accept-language": "en"}).json()["layers"]
    by_id = {layer["id"]: layer for layer in layers}
    assert {"producers", "products", "craft_villages", "tourism_sites", "admin_units", "roads"} <= set(by_id)
    producers = by_id["producers"]
    assert producers["label"] == "OCOP producer" and producers["colour"].startswith("#")
    assert producers["tilejson"].endswith("/tiles/producers.json")
    assert client.get(producers["features"]).status_code == 200


def test_map_legend_is_drawn_from_the_catalogue_in_the_page_language():
    page = Template("{% load layers_legend %}{% layers_legend 'producers' 'craft_villages' %}")
    with translation.override("vi"):
        html = page.render(Context())
    assert "Chủ thể OCOP" in html and "Làng nghề" in html and "#d9480f" in html
    assert "Điểm du lịch" not in html


def test_published_tours_are_a_layer_and_drafts_stay_private(client):
    from django.contrib.gis.geos import LineString
    from django.utils import timezone

    from gis_app.tours.models import Tour

    route = LineString((106.652, 10.980), (106.632, 11.008), (106.700, 10.905), srid=4326)
    common = {"route": route, "start_at": timezone.now(), "distance_m": 25000, "drive_seconds": 2400,
              "visit_seconds": 3600, "total_seconds": 6000}
    Tour.objects.create(name="Tour làng nghề Tương Bình Hiệp", status=Tour.Status.PUBLISHED, **common)
    Tour.objects.create(name="Tour nháp", status=Tour.Status.DRAFT, **common)
    names = {f["properties"]["name"] for f in client.get("/ogc/collections/tours/items").json()["features"]}
    assert names == {"Tour làng nghề Tương Bình Hiệp"}
    tile = mapbox_vector_tile.decode(client.get("/tiles/tours/10/815/480.pbf").content)
    assert [f["properties"]["name"] for f in tile["tours"]["features"]] == ["Tour làng nghề Tương Bình Hiệp"]
    export = client.get("/export/tours.geojson").json()
    assert export["features"][0]["geometry"]["type"] == "LineString"
