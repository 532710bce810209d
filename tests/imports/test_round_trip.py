"""What the layers export writes, the importer reads back as the same records; VN-2000 lists land where they should."""
import csv

import pytest
from django.core.management import call_command
from django.utils import translation
from pyproj import Geod

from gis_app.core import vn2000
from gis_app.core.readers import read_table
from gis_app.imports.service import Options, run_import
from gis_app.registry.models import Producer
from layers.catalogue import get_layer
from layers.exports import export_layer
from layers.query import layer_queryset

GEOD = Geod(ellps="WGS84")


def snapshot():
    return {p.ref: (p.name, p.legal_form, p.location.x, p.location.y, p.commune.code if p.commune else None)
            for p in Producer.objects.published().select_related("commune")}


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["geojson", "csv", "gpkg", "shp.zip"])
def test_exported_producers_imported_into_an_empty_table_are_the_same_records(tmp_path, suffix):
    layer = get_layer("producers")
    path = export_layer(layer, layer_queryset(layer, {}), suffix, str(tmp_path / f"producers.{suffix}"))
    expected = snapshot()
    assert len(expected) > 20
    Producer.objects.all().delete()

    report = run_import(read_table(path), Options(kind="producers", commit=True, progress=False))

    assert report.committed and report.problems == [] and report.duplicates == []
    assert (report.created, report.updated) == (len(expected), 0)
    imported = {p.ref: p for p in Producer.objects.select_related("commune")}
    assert set(imported) == set(expected)
    for ref, (name, legal_form, lon, lat, commune) in expected.items():
        producer = imported[ref]
        assert (producer.name, producer.legal_form) == (name, legal_form)
        assert GEOD.inv(lon, lat, producer.location.x, producer.location.y)[2] < 0.01
        assert producer.commune and producer.commune.code == commune


@pytest.mark.django_db
def test_vn2000_list_from_the_command_lands_on_the_producers_it_describes(tmp_path):
    """A surveyor's list (X = northing, Y = easting, TM-3 105°45′) of three demo producers, moved to new codes."""
    demo = list(Producer.objects.order_by("ref")[:3])
    to_vn2000 = vn2000.transformer().transform  # inverse of the import pipeline, then checked against it
    rows = []
    for n, producer in enumerate(demo):
        easting, northing = to_vn2000(producer.location.x, producer.location.y, direction="INVERSE")
        rows.append([f"VN{n}", f"{producer.name} (chi nhánh)", "Hợp tác xã", f"{northing:.3f}", f"{easting:.3f}"])
    path = tmp_path / "khao_sat.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([["Mã chủ thể", "Tên chủ thể", "Loại hình", "Tọa độ X", "Tọa độ Y"], *rows])

    call_command("import_registry", str(path), "--kind", "producers", "--crs", "vn2000",
                 "--central-meridian", "105.75", "--no-progress", "--accept-duplicates")

    for n, producer in enumerate(demo):
        placed = Producer.objects.get(ref=f"VN{n}").location
        assert GEOD.inv(producer.location.x, producer.location.y, placed.x, placed.y)[2] < 0.01


@pytest.mark.django_db
def test_vn2000_easting_and_northing_swapped_are_reported(tmp_path):
    path = tmp_path / "khao_sat.csv"
    path.write_text("Tên chủ thể,Loại hình,Tọa độ X,Tọa độ Y\nCơ sở Z,Hợp tác xã,600000,1230000\n", encoding="utf-8")
    before = Producer.objects.count()
    with translation.override("en"):
        report = run_import(read_table(path), Options(kind="producers", crs="vn2000", commit=True))
    [problem] = report.problems
    assert set(problem.field.split(", ")) == {"Tọa độ X", "Tọa độ Y"}
    assert "look swapped" in problem.message
    assert Producer.objects.count() == before


@pytest.mark.django_db
def test_wgs84_list_with_projected_metres_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Tên chủ thể,Loại hình,Kinh độ,Vĩ độ\nCơ sở Z,Hợp tác xã,600000,1230000\n", encoding="utf-8")
    report = run_import(read_table(path), Options(kind="producers", commit=True))
    [problem] = report.problems
    assert "VN-2000" in problem.message


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["geojson", "csv"])
def test_exported_tourism_sites_imported_into_an_empty_table_are_the_same_sites(tmp_path, suffix):
    from gis_app.registry.models import TourismSite
    layer = get_layer("tourism_sites")
    path = export_layer(layer, layer_queryset(layer, {}), suffix, str(tmp_path / f"sites.{suffix}"))
    expected = {s.name: (s.kind, s.visit_minutes, s.location.x, s.location.y)
                for s in TourismSite.objects.published()}
    TourismSite.objects.all().delete()

    report = run_import(read_table(path), Options(kind="sites", commit=True))

    assert report.committed and report.problems == [] and report.created == len(expected) > 5
    for site in TourismSite.objects.all():
        kind, minutes, lon, lat = expected[site.name]
        assert (site.kind, site.visit_minutes) == (kind, minutes)
        assert GEOD.inv(lon, lat, site.location.x, site.location.y)[2] < 0.01
