"""manage.py import_units: round trips (exported GPKG, VN-2000 Shapefile made with GDAL/pyproj) and every bad file."""
import datetime
import io
import json
import subprocess
import zipfile

import numpy
import pyproj
import pytest
import shapely
from django.core.management import CommandError, call_command
from django.utils import translation
from shapely import wkt
from shapely.geometry import mapping

from gis_app.core import vn2000
from gis_app.places.models import AdminUnit

AFTER = datetime.date(2025, 7, 1)


def shape(unit):
    return wkt.loads(unit.geom.wkt)


def snapshot():
    return {u.pk: u.geom.wkb.hex() for u in AdminUnit.objects.all()}


def run(path, *args, language="en"):
    out = io.StringIO()
    with translation.override(language):
        call_command("import_units", str(path), *args, stdout=out, stderr=out)
    return out.getvalue()


def failure(path, *args, language="en"):
    before = snapshot()
    with pytest.raises(CommandError) as failed:
        run(path, *args, language=language)
    assert snapshot() == before  # nothing written
    return str(failed.value)


def write_geojson(path, units, transform=None, edit=None):
    features = []
    for unit in units:
        geom = shape(unit)
        if edit:
            geom = edit(unit, geom)
        if transform:
            geom = shapely.transform(geom, transform)
        features.append({"type": "Feature", "properties": {"MA_XA": unit.code, "TEN": unit.name},
                         "geometry": mapping(geom)})
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def new_units():
    return list(AdminUnit.objects.filter(level="commune").valid_on(AFTER).order_by("code"))


def old_units():
    return list(AdminUnit.objects.filter(level="commune").valid_on(datetime.date(2025, 6, 30)).order_by("code"))


def to_vn2000(xy):
    """lon/lat → VN-2000 TM-3 (Bình Dương) through the importer's pipeline, inverted."""
    e, n = vn2000.transformer().transform(xy[:, 0], xy[:, 1], direction="INVERSE")
    return numpy.column_stack([e, n])


@pytest.mark.django_db
def test_round_trip_from_the_exported_geopackage(client, tmp_path):
    response = client.get("/export/admin_units.gpkg", {"level": "commune", "on": "2025-06-30"})
    assert response.status_code == 200
    path = tmp_path / "communes.gpkg"
    path.write_bytes(response.content)
    before = {u.pk: shape(u) for u in old_units()}
    out = run(path, "--valid-from", "2025-06-30")
    assert "91 unit boundaries updated" in out
    for unit in old_units():
        assert unit.geom.valid
        assert before[unit.pk].symmetric_difference(shape(unit)).area < 1e-10


@pytest.mark.django_db
@pytest.mark.parametrize("zipped", [False, True])
def test_round_trip_from_a_vn2000_shapefile_made_with_gdal(tmp_path, zipped):
    units = new_units()
    source = write_geojson(tmp_path / "vn2000.geojson", units, transform=to_vn2000)
    shp = tmp_path / "ranh_gioi.shp"
    subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", "-a_srs", "EPSG:9210", "-lco", "ENCODING=UTF-8",
                    str(shp), str(source)], check=True, capture_output=True)
    path = shp
    if zipped:
        path = tmp_path / "ranh_gioi.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for part in tmp_path.glob("ranh_gioi.*"):
                if part.suffix != ".zip":
                    archive.write(part, part.name)
    # Move one unit's boundary by a known amount, to see that the file's shapes are what is written.
    before = {u.pk: shape(u) for u in units}
    out = run(path, "--code-column", "MA_XA", "--valid-from", "2025-07-01")
    assert "36 unit boundaries updated" in out
    for unit in new_units():
        # pyproj's inverse and our forward pipeline agree to well under a millimetre.
        assert shapely.hausdorff_distance(before[unit.pk], shape(unit)) < 1e-8, unit.name


@pytest.mark.django_db
def test_a_real_change_is_written_and_the_district_follows(tmp_path):
    units = old_units()
    [a, b] = [u for u in units if u.name in ("Tương Bình Hiệp", "Chánh Mỹ")]
    shared = shape(a).intersection(shape(b).buffer(0.002))  # a strip of a along b
    moved = {a.pk: shape(a).difference(shared), b.pk: shape(b).union(shared)}
    path = write_geojson(tmp_path / "edit.geojson", [a, b], edit=lambda u, g: moved[u.pk])
    run(path, "--code-column", "MA_XA", "--valid-from", "2025-06-30")
    a.refresh_from_db()
    assert abs(shape(a).area - moved[a.pk].area) < 1e-10
    district = a.parent
    district.refresh_from_db()
    union = shapely.union_all([shape(c) for c in district.children.all()])
    assert union.symmetric_difference(shape(district)).area < 1e-10


@pytest.mark.django_db
def test_dry_run_reports_and_writes_nothing(tmp_path):
    units = old_units()
    path = write_geojson(tmp_path / "x.geojson", units, edit=lambda u, g: shapely.affinity.translate(g, 0.001))
    before = snapshot()
    out = run(path, "--code-column", "MA_XA", "--valid-from", "2025-06-30", "--dry-run",
              "--overlap-tolerance", "1e12", "--gap-tolerance", "1e12")
    assert "would be updated (dry run)" in out
    assert snapshot() == before


@pytest.mark.django_db
def test_unknown_code(tmp_path):
    units = old_units()
    path = write_geojson(tmp_path / "x.geojson", units)
    data = json.loads(path.read_text())
    data["features"][3]["properties"]["MA_XA"] = "99999"
    path.write_text(json.dumps(data))
    message = failure(path, "--code-column", "MA_XA")
    assert "row 4, code “99999”: Unknown code" in message
    message = failure(path, "--code-column", "MA_XA", language="vi")
    assert message.startswith("Không ghi gì; 1 vấn đề:")
    assert "dòng 4, mã “99999”: Mã không tồn tại" in message and "30/06/2025" in message


@pytest.mark.django_db
def test_self_intersecting_polygon(tmp_path):
    units = old_units()
    victim = units[5]

    def bowtie(unit, geom):
        if unit.pk != victim.pk:
            return geom
        x0, y0, x1, y1 = geom.bounds
        return shapely.Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])

    message = failure(write_geojson(tmp_path / "x.geojson", units, edit=bowtie), "--code-column", "MA_XA")
    assert f"{victim.code} {victim.name}" in message and "Self-intersection" in message


@pytest.mark.django_db
def test_wrong_crs_vn2000_metres_declared_as_wgs84(tmp_path):
    path = write_geojson(tmp_path / "x.geojson", old_units(), transform=to_vn2000)
    message = failure(path, "--code-column", "MA_XA")
    assert "projected metres" in message


@pytest.mark.django_db
def test_wrong_crs_declared_utm_for_vn2000_tm3(tmp_path):
    source = write_geojson(tmp_path / "vn.geojson", new_units(), transform=to_vn2000)
    shp = tmp_path / "wrong.shp"
    subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", "-a_srs", "EPSG:32648", str(shp), str(source)],
                   check=True, capture_output=True)
    message = failure(shp, "--code-column", "MA_XA", "--valid-from", "2025-07-01")
    assert "outside the province" in message


@pytest.mark.django_db
def test_two_units_overlapping_beyond_the_tolerance(tmp_path):
    units = old_units()
    grown = next(u for u in units if u.name == "Tương Bình Hiệp")
    path = write_geojson(tmp_path / "x.geojson", units,
                         edit=lambda u, g: g.buffer(0.003) if u.pk == grown.pk else g)
    message = failure(path, "--code-column", "MA_XA")
    assert f"{grown.code} {grown.name}: Overlaps" in message or f": Overlaps {grown.code} {grown.name}" in message
    # Within a generous tolerance the same file is accepted.
    assert "91 unit boundaries updated" in run(path, "--code-column", "MA_XA", "--overlap-tolerance", "1e9")


@pytest.mark.django_db
def test_gap_against_the_province_outline_and_records_outside_their_commune(tmp_path):
    units = old_units()
    shrunk = next(u for u in units if u.name == "Tương Bình Hiệp")
    producer = shrunk.producers.order_by("pk").first()
    hole = shapely.Point(producer.location.x, producer.location.y).buffer(0.0015)  # about 8.5 ha
    path = write_geojson(tmp_path / "x.geojson", units,
                         edit=lambda u, g: g.difference(hole) if u.pk == shrunk.pk else g)
    message = failure(path, "--code-column", "MA_XA")
    utm = pyproj.Transformer.from_crs(4326, 32648, always_xy=True).transform
    hectares = shapely.transform(hole, lambda xy: numpy.column_stack(utm(xy[:, 0], xy[:, 1]))).area / 10_000
    assert f"A gap of {hectares:.1f} ha" in message
    outside = [p for p in shrunk.producers.all() if hole.covers(shapely.Point(p.location.x, p.location.y))]
    assert producer in outside
    for producer in outside:
        assert f"{shrunk.code} {shrunk.name}: The producer “{producer.name}” filed under this unit would fall " \
               "outside it" in message


@pytest.mark.django_db
def test_unreadable_file_and_missing_column(tmp_path):
    bad = tmp_path / "x.gpkg"
    bad.write_bytes(b"not a geopackage")
    assert "GDAL" in failure(bad)
    path = write_geojson(tmp_path / "x.geojson", old_units())
    assert "No column “code”" in failure(path)


@pytest.mark.django_db
def test_the_name_column_renames_units(tmp_path):
    units = old_units()
    path = write_geojson(tmp_path / "x.geojson", units)
    data = json.loads(path.read_text())
    target = next(f for f in data["features"] if f["properties"]["TEN"] == "Tương Bình Hiệp")
    target["properties"]["TEN"] = "Tương Bình Hiệp Mới"
    path.write_text(json.dumps(data))
    run(path, "--code-column", "MA_XA", "--name-column", "TEN")
    unit = AdminUnit.objects.get(code=target["properties"]["MA_XA"], valid_to="2025-07-01")
    assert (unit.name, unit.name_ascii) == ("Tương Bình Hiệp Mới", "Tuong Binh Hiep Moi")


@pytest.mark.django_db
def test_vn2000_metres_in_a_file_declaring_no_crs_with_the_vn2000_choice(tmp_path):
    units = new_units()
    before = {u.pk: shape(u) for u in units}
    path = write_geojson(tmp_path / "vn2000_no_crs.geojson", units, transform=to_vn2000)
    assert "36 unit boundaries updated" in run(path, "--code-column", "MA_XA", "--valid-from", "2025-07-01",
                                                "--crs", "vn2000")
    for unit in new_units():
        assert shapely.hausdorff_distance(before[unit.pk], shape(unit)) < 1e-8, unit.name


@pytest.mark.django_db
def test_validity_dates_must_match_the_units(tmp_path):
    path = write_geojson(tmp_path / "x.geojson", new_units())
    message = failure(path, "--code-column", "MA_XA", "--valid-from", "2025-07-01", "--valid-to", "2030-01-01")
    assert "This unit is valid until —, not 01/01/2030." in message
    # The old generation's file with the old units' end is accepted.
    path = write_geojson(tmp_path / "old.geojson", old_units())
    assert "91 unit boundaries updated" in run(path, "--code-column", "MA_XA", "--valid-from", "2024-01-01",
                                                "--valid-to", "2025-07-01")


@pytest.mark.django_db
def test_district_level_file(tmp_path):
    districts = list(AdminUnit.objects.filter(level="district"))
    path = write_geojson(tmp_path / "huyen.geojson", districts)
    assert "9 unit boundaries updated" in run(path, "--code-column", "MA_XA", "--level", "district")
