"""Exports of every layer, read back by GDAL: same features, Vietnamese intact, filters honoured."""
import pytest
from django.contrib.gis.gdal import DataSource

from gis_app.registry.models import Producer, Product

pytestmark = pytest.mark.django_db

FORMATS = ["geojson", "csv", "kml", "gpkg", "shp.zip"]
LACQUER = "Công ty TNHH Mỹ nghệ Sơn mài Tương Bình Hiệp"


def read_back(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    if name.endswith(".shp.zip"):
        return DataSource(f"/vsizip/{path}")[0]
    return DataSource(str(path))[0]


def names_of(layer):
    field = "name" if "name" in layer.fields else "Name"
    return {feature.get(field) for feature in layer}


@pytest.mark.parametrize("suffix", FORMATS)
def test_producer_export_reads_back_with_every_published_producer_and_vietnamese_names(client, tmp_path, suffix):
    response = client.get(f"/export/producers.{suffix}")
    assert response.status_code == 200
    layer = read_back(tmp_path, f"producers.{suffix}", response.content)
    assert len(layer) == Producer.objects.published().count()
    assert LACQUER in names_of(layer)


def test_exports_never_contain_private_contacts(client):
    content = client.get("/export/producers.geojson").content.decode()
    private = Producer.objects.exclude(private_phone="").values_list("private_phone", flat=True)[:5]
    assert private and not any(phone in content for phone in private)
    assert "private" not in content


def test_csv_export_starts_with_a_byte_order_mark_for_excel(client):
    content = client.get("/export/producers.csv").content
    assert content.startswith(b"\xef\xbb\xbf")
    assert LACQUER.encode() in content


@pytest.mark.parametrize("suffix", ["gpkg", "csv"])
def test_export_honours_bbox_and_attribute_filters(client, tmp_path, suffix):
    bbox = (106.62, 11.0, 106.64, 11.02)  # around Tương Bình Hiệp
    expected = Producer.objects.published().filter(legal_form="household").extra(
        where=["ST_X(location::geometry) BETWEEN %s AND %s AND ST_Y(location::geometry) BETWEEN %s AND %s"],
        params=[bbox[0], bbox[2], bbox[1], bbox[3]])
    response = client.get(f"/export/producers.{suffix}", {"bbox": ",".join(map(str, bbox)),
                                                         "legal_form": "household"})
    layer = read_back(tmp_path, f"p.{suffix}", response.content)
    assert 0 < len(layer) == expected.count() < Producer.objects.published().count()
    assert names_of(layer) == set(expected.values_list("name", flat=True))


def test_products_export_filters_by_stars_in_force(client, tmp_path):
    expected = Product.objects.published().with_current_stars().filter(current_stars__gte=4)
    layer = read_back(tmp_path, "p.geojson", client.get("/export/products.geojson", {"min_stars": 4}).content)
    assert 0 < len(layer) == expected.count()
    assert {int(f.get("stars")) for f in layer} <= {4, 5}


@pytest.mark.parametrize("layer_id", ["craft_villages", "tourism_sites", "admin_units", "products"])
def test_every_layer_exports_to_geopackage_with_all_its_features(client, tmp_path, layer_id):
    from layers.catalogue import get_layer

    expected = get_layer(layer_id).filtered().count()
    layer = read_back(tmp_path, "x.gpkg", client.get(f"/export/{layer_id}.gpkg").content)
    assert len(layer) == expected > 0


def test_export_command_writes_the_filtered_layer(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "households.shp.zip"
    call_command("export_layer", "producers", str(out), "--filter", "legal_form=household", stdout=open("/dev/null", "w"))
    layer = DataSource(f"/vsizip/{out}")[0]
    assert len(layer) == Producer.objects.published().filter(legal_form="household").count()


@pytest.mark.parametrize("url, status, field", [
    ("/export/nowhere.geojson", 404, "layer"),
    ("/export/producers.xls", 404, "format"),
    ("/export/producers.csv?bbox=106,11", 400, "bbox"),
    ("/export/producers.csv?bbox=107,11,106,12", 400, "bbox"),
    ("/export/producers.csv?legal_form=pirate", 400, "legal_form"),
    ("/export/producers.csv?colour=red", 400, "colour"),
])
def test_bad_export_requests_get_the_house_error_shape(client, url, status, field):
    response = client.get(url)
    assert response.status_code == status
    assert response.json()["error"]["field"] == field
    assert response.json()["error"]["message"]
