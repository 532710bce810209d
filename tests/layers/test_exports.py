"""Exports of every layer, read back by GDAL: same features, Vietnamese intact, filters honoured."""
import io

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


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("layer_id, a_name", [
    ("products", None), ("craft_villages", "Làng nghề sơn mài Tương Bình Hiệp"),
    ("tourism_sites", None), ("admin_units", "Thủ Dầu Một"), ("roads", None),  # today's units by default
])
def test_every_layer_exports_in_every_format_with_all_its_features(client, tmp_path, layer_id, a_name, suffix):
    from layers.catalogue import get_layer

    expected = get_layer(layer_id).filtered()
    response = client.get(f"/export/{layer_id}.{suffix}")
    assert response.status_code == 200
    if not expected.exists():  # the road network is empty until imported: GDAL still reads the file
        path = tmp_path / f"empty.{suffix}"
        path.write_bytes(response.content)
        assert DataSource(f"/vsizip/{path}" if suffix == "shp.zip" else str(path)).layer_count <= 1
        return
    layer = read_back(tmp_path, f"x.{suffix}", response.content)
    assert len(layer) == expected.count()
    a_name = a_name or expected.exclude(name="").order_by("pk").values_list("name", flat=True).first()
    assert a_name is None or a_name in names_of(layer)


def test_tourism_site_export_filters_by_service(client, tmp_path):
    from gis_app.registry.models import TourismSite

    expected = TourismSite.objects.published().filter(services__contains=["fruit_picking"])
    layer = read_back(tmp_path, "s.geojson", client.get("/export/tourism_sites.geojson",
                                                         {"service": "fruit_picking"}).content)
    assert 0 < len(layer) == expected.count() < TourismSite.objects.published().count()


def test_export_command_writes_the_filtered_layer(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "households.shp.zip"
    call_command("export_layer", "producers", str(out), "--filter", "legal_form=household", stdout=io.StringIO())
    layer = DataSource(f"/vsizip/{out}")[0]
    assert len(layer) == Producer.objects.published().filter(legal_form="household").count()
