"""Each format officers and GIS staff send is imported: Excel lists, GeoJSON areas, VN-2000 GeoPackages."""
import json
import subprocess

import pytest
from openpyxl import Workbook
from pyproj import Geod, Transformer

from gis_app.core import vn2000
from gis_app.core.readers import read_table
from gis_app.imports.service import Options, run_import
from gis_app.registry.models import Producer, Product, TourismSite

GEOD = Geod(ellps="WGS84")


def workbook(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@pytest.mark.django_db
def test_excel_list_of_producers_with_numeric_cells_is_imported(tmp_path):
    path = workbook(tmp_path / "danh_sach.xlsx", [
        ["STT", "Mã chủ thể", "Tên chủ thể", "Loại hình", "Mã xã", "Kinh độ", "Vĩ độ"],
        [1, "X401", "Hợp tác xã Bưởi Bạch Đằng", "HTX", 25750, 106.6904, 10.9689],
        [2, "X402", "Hộ kinh doanh Bánh ú Phú Thọ", "Hộ kinh doanh", 25753, None, None]])
    report = run_import(read_table(path), Options(kind="producers", commit=True))
    assert report.committed, report.problems
    assert Producer.objects.get(ref="X401").legal_form == "cooperative"
    assert Producer.objects.get(ref="X402").commune.code == "25753"


@pytest.mark.django_db
def test_excel_list_of_products_links_producers_and_sub_groups(tmp_path):
    path = workbook(tmp_path / "san_pham.xlsx", [
        ["Mã sản phẩm", "Tên sản phẩm", "Mã chủ thể", "Mã nhóm", "Mô tả"],
        ["SP801", "Tranh sơn mài làng quê", "P001", "2019.SOUV.CRAFT", "Sơn mài truyền thống"]])
    report = run_import(read_table(path), Options(kind="products", commit=True))
    assert report.committed, report.problems
    product = Product.objects.get(ref="SP801")
    assert (product.producer.ref, product.subgroup.code) == ("P001", "2019.SOUV.CRAFT")


@pytest.mark.django_db
def test_geojson_site_with_an_area_keeps_the_area_and_a_point_inside_it(tmp_path):
    ring = [[106.640, 10.990], [106.646, 10.990], [106.646, 10.996], [106.640, 10.996], [106.640, 10.990]]
    path = tmp_path / "diem.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {"Tên điểm": "Vườn cây ăn trái Hiệp Thành", "Loại": "Vườn trái cây",
                       "Dịch vụ": "Bãi đỗ xe; Hái trái cây", "Giờ mở cửa": "07:30"}}]}), encoding="utf-8")
    report = run_import(read_table(path), Options(kind="sites", commit=True))
    assert report.committed, report.problems
    site = TourismSite.objects.get(name="Vườn cây ăn trái Hiệp Thành")
    assert site.kind == "orchard" and site.services == ["parking", "fruit_picking"]
    assert site.area.covers(site.location) and str(site.opening_time) == "07:30:00"


@pytest.mark.django_db
def test_vn2000_geopackage_uses_the_onshore_transformation_not_gdals_choice(tmp_path):
    """South of ~11.04° N (Thủ Dầu Một) PROJ picks the offshore Mekong-blocks parameters, 0.8 m off the onshore
    ones; a layer declaring EPSG:9210 must still go through the onshore parameters."""
    points = {"V1": (598868.607, 1216207.72), "V2": (600000, 1230000)}  # Hiệp Thành; north of the Mekong box
    gdal_choice = Transformer.from_crs("EPSG:9210", "EPSG:4326", always_xy=True).transform(*points["V1"])
    onshore = vn2000.to_wgs84(*points["V1"])
    assert GEOD.inv(*gdal_choice, *onshore)[2] > 0.5  # the trap is real at this point
    source = tmp_path / "khao_sat.csv"
    source.write_text("ref,name,legal_form,E,N\n" + "".join(
        f"{ref},Cơ sở khảo sát {ref},household,{e},{n}\n" for ref, (e, n) in points.items()), encoding="utf-8")
    path = tmp_path / "khao_sat.gpkg"
    subprocess.run(["ogr2ogr", "-f", "GPKG", str(path), str(source), "-a_srs", "EPSG:9210", "-nln", "survey",
                    "-oo", "X_POSSIBLE_NAMES=E", "-oo", "Y_POSSIBLE_NAMES=N"], check=True, capture_output=True)
    report = run_import(read_table(path), Options(kind="producers", commit=True))
    assert report.committed, report.problems
    for ref, (e, n) in points.items():
        point = Producer.objects.get(ref=ref).location
        expected = vn2000.to_wgs84(e, n)
        assert GEOD.inv(expected[0], expected[1], point.x, point.y)[2] < 0.01


@pytest.mark.django_db
def test_geojson_of_vn2000_metres_is_read_as_vn2000_when_chosen(tmp_path):
    path = tmp_path / "khao_sat.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [598868.607, 1216207.72]},
        "properties": {"Tên chủ thể": "Cơ sở khảo sát GeoJSON", "Loại hình": "HTX"}}]}), encoding="utf-8")
    refused = run_import(read_table(path), Options(kind="producers", commit=True))
    assert "VN-2000" in refused.problems[0].message
    report = run_import(read_table(path), Options(kind="producers", crs="vn2000", commit=True))
    assert report.committed, report.problems
    point = Producer.objects.get(name="Cơ sở khảo sát GeoJSON").location
    expected = vn2000.to_wgs84(598868.607, 1216207.72)
    assert GEOD.inv(expected[0], expected[1], point.x, point.y)[2] < 0.01
