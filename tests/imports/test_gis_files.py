"""Coordinate systems and attribute encodings of GIS files as QGIS and ArcGIS write them (#22): never a silent guess.

Before: a GeoJSON or .prj in EPSG:9999999 was read as WGS84; a Shapefile whose .prj QGIS wrote from a custom
VN-2000 `+towgs84` CRS (datum "Unknown…") landed 225 m off; a CP1258 DBF lost the last letter of every name and
value ("nam", "Bình Dươn") in GDAL's iconv and was refused for a missing column."""
import io
import json
import struct
import subprocess
import unicodedata
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod, Transformer

from gis_app.core import vn2000
from gis_app.core.importing import ImportFailed
from gis_app.core.readers import read_table
from gis_app.imports.service import Options, run_import
from gis_app.registry.models import Producer
from tests.imports.test_csv_as_excel_writes import VIETNAMESE, windows_1258

GEOD = Geod(ellps="WGS84")
POINT = (598868.607, 1216207.72)  # VN-2000 TM-3 105°45′, Hiệp Thành (Thủ Dầu Một)

# The .prj GDAL (so QGIS) writes for the custom CRS "+proj=tmerc +lat_0=0 +lon_0=105.75 +k=0.9999 +x_0=500000
# +y_0=0 +ellps=WGS84 +towgs84=-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,
# 0.252906278 +units=m +no_defs": ESRI WKT has no TOWGS84, so the numbers survive only in the datum's name.
QGIS_CUSTOM_VN2000_PRJ = (
    'PROJCS["unknown",GEOGCS["GCS_unknown",DATUM["D_Unknown_based_on_WGS84_ellipsoid_using_towgs84_-191_90441429_'
    '-39_30318279_-111_45032835_-0_00928836_0_01975479_-0_00427372_0_252906278",SPHEROID["WGS_1984",6378137.0,'
    '298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
    'PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.75],'
    'PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]')
# The same custom CRS typed without +towgs84: nothing says which datum the metres are in.
QGIS_NO_SHIFT_PRJ = QGIS_CUSTOM_VN2000_PRJ.replace(
    "D_Unknown_based_on_WGS84_ellipsoid_using_towgs84_-191_90441429_-39_30318279_-111_45032835_-0_00928836_"
    "0_01975479_-0_00427372_0_252906278", "D_Unknown_based_on_WGS84_ellipsoid")
# ArcGIS's .prj for "VN_2000_TM_3_105_45" (its own projection file, datum named).
ARCGIS_VN2000_PRJ = (
    'PROJCS["VN_2000_TM_3_105_45",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,'
    '298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
    'PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.75],'
    'PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]')


def write_dbf(fields, rows, encode, ldid=0x57):
    """A dBase III table as ArcGIS/MapInfo on Windows write it: character fields, space padded, LDID 0x57."""
    names = [encode(name) for name in fields]
    cells = [[encode(value) for value in row] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells] + [1]) for i, n in enumerate(names)]
    header_length = 32 + 32 * len(fields) + 1
    out = io.BytesIO()
    out.write(struct.pack("<BBBBIHH17xBxx", 3, 126, 12, 7, len(rows), header_length, 1 + sum(widths), ldid))
    for name, width in zip(names, widths):
        out.write(struct.pack("<11sc4xBB14x", name, b"C", width, 0))
    out.write(b"\r")
    for row in cells:
        out.write(b" " + b"".join(value.ljust(width, b" ") for value, width in zip(row, widths)))
    out.write(b"\x1a")
    return out.getvalue()


def write_points(points):
    """(.shp, .shx) bytes of a point Shapefile."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    def header(length_bytes):
        return (struct.pack(">7i", 9994, 0, 0, 0, 0, 0, length_bytes // 2)
                + struct.pack("<2i4d4d", 1000, 1, min(xs), min(ys), max(xs), max(ys), 0, 0, 0, 0))
    records = b"".join(struct.pack(">2i", n, 10) + struct.pack("<i2d", 1, x, y) for n, (x, y) in enumerate(points, 1))
    index = b"".join(struct.pack(">2i", 50 + 14 * n, 10) for n in range(len(points)))
    return header(100 + len(records)) + records, header(100 + len(index)) + index


def zipped_shapefile(path, points, fields, rows, encode, prj=None, cpg=None):
    shp, shx = write_points(points)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("co_so.shp", shp)
        archive.writestr("co_so.shx", shx)
        archive.writestr("co_so.dbf", write_dbf(fields, rows, encode))
        if prj is not None:
            archive.writestr("co_so.prj", prj)
        if cpg is not None:
            archive.writestr("co_so.cpg", cpg)
    return path


def utf8(text):
    return text.encode("utf-8")


def producer_file(tmp_path, prj, name="Cơ sở khảo sát"):
    return zipped_shapefile(tmp_path / "khao_sat.zip", [POINT], ["name", "legal_form"], [[name, "HTX"]], utf8,
                            prj=prj, cpg="UTF-8")


def metres_off(point, lonlat):
    return GEOD.inv(point.x, point.y, *lonlat)[2]


@pytest.mark.django_db
def test_a_qgis_custom_vn2000_towgs84_shapefile_lands_where_vn2000_puts_it_not_225_m_off(tmp_path):
    naive = Transformer.from_crs("+proj=tmerc +lat_0=0 +lon_0=105.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84",
                                 "EPSG:4326", always_xy=True).transform(*POINT)
    expected = vn2000.to_wgs84(*POINT)
    assert 200 < GEOD.inv(*naive, *expected)[2] < 250  # what reading the .prj as GDAL does would give
    report = run_import(read_table(producer_file(tmp_path, QGIS_CUSTOM_VN2000_PRJ)), Options(commit=True))
    assert report.committed, report.problems
    assert metres_off(Producer.objects.get(name="Cơ sở khảo sát").location, expected) < 0.01


@pytest.mark.django_db
def test_an_arcgis_vn2000_tm3_prj_is_read_as_vn2000(tmp_path):
    report = run_import(read_table(producer_file(tmp_path, ARCGIS_VN2000_PRJ)), Options(commit=True))
    assert report.committed, report.problems
    assert metres_off(Producer.objects.get(name="Cơ sở khảo sát").location, vn2000.to_wgs84(*POINT)) < 0.01


@pytest.mark.django_db
@pytest.mark.parametrize("language, words", [("vi", "kinh tuyến trục 105°45′"), ("en", "central meridian 105°45′")])
def test_a_vn2000_looking_prj_without_datum_shift_is_refused_unless_vn2000_is_chosen(tmp_path, language, words):
    from django.utils import translation

    table = read_table(producer_file(tmp_path, QGIS_NO_SHIFT_PRJ))
    with translation.override(language):
        refused = run_import(table, Options(commit=True))
    assert not refused.committed and words in refused.problems[0].message
    assert "225" in refused.problems[0].message
    assert not Producer.objects.filter(name="Cơ sở khảo sát").exists()
    other_meridian = run_import(table, Options(crs="vn2000", central_meridian=105.5, commit=True))
    assert not other_meridian.committed
    chosen = run_import(table, Options(crs="vn2000", central_meridian=105.75, commit=True))
    assert chosen.committed, chosen.problems
    assert metres_off(Producer.objects.get(name="Cơ sở khảo sát").location, vn2000.to_wgs84(*POINT)) < 0.01


def test_wgs84_utm_is_still_transformed_not_taken_for_vn2000(tmp_path):
    path = tmp_path / "utm.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:EPSG::32648"}}, "features": [{"type": "Feature", "properties": {"name": "a"},
                                                                 "geometry": {"type": "Point", "coordinates": [680000, 1215000]}}]}))
    table = read_table(path)
    assert table.transformed and not table.vn2000 and not table.vn2000_unconfirmed


@pytest.mark.parametrize("language, words", [("vi", "EPSG:9210"), ("en", "EPSG:9210")])
@pytest.mark.parametrize("where", ["geojson", "prj"])
def test_an_unknown_crs_is_refused_naming_it_and_the_accepted_ones(tmp_path, where, language, words):
    from django.utils import translation

    if where == "geojson":
        path = tmp_path / "la.geojson"
        path.write_text(json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {
            "name": "EPSG:999999"}}, "features": [{"type": "Feature", "properties": {"name": "a"},
                                                   "geometry": {"type": "Point", "coordinates": [106.6, 11.0]}}]}))
    else:
        path = zipped_shapefile(tmp_path / "la.zip", [(106.6, 11.0)], ["name"], [["a"]], utf8, prj="EPSG:999999")
    with translation.override(language), pytest.raises(ImportFailed) as failed:
        read_table(path)
    message = failed.value.problems[0].message
    assert "EPSG:999999" in message and "EPSG:4326" in message and "VN-2000" in message


TEXT = st.text(alphabet=VIETNAMESE + "0123456789 ,;.\"'-()/", min_size=1, max_size=40).map(str.strip).filter(bool)


@pytest.mark.parametrize("encoding, cpg", [("utf-8", "UTF-8"), ("utf-8", None), ("cp1258", "1258"),
                                           ("cp1258", "CP1258"), ("cp1258", None)])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(TEXT, min_size=2, max_size=2), min_size=1, max_size=6),
       form=st.sampled_from(["NFC", "NFD"]))
def test_dbf_text_reads_back_unchanged_in_utf8_and_cp1258(tmp_path, encoding, cpg, rows, form):
    encode = windows_1258 if encoding == "cp1258" else (lambda t: unicodedata.normalize(form, t).encode("utf-8"))
    points = [(106.6 + n / 1000, 11.0) for n in range(len(rows))]
    path = zipped_shapefile(tmp_path / "co_so.zip", points, ["name", "ghi_chú"], rows, encode, prj=None, cpg=cpg)
    table = read_table(path)
    assert table.columns == ["name", "ghi_chú"]
    assert [[row["name"], row["ghi_chú"]] for row in table.rows] == \
        [[unicodedata.normalize("NFC", cell) for cell in row] for row in rows]


def test_a_cp1258_shapefile_written_by_ogr2ogr_keeps_its_last_letters(tmp_path):
    """The issue's file: GDAL itself writing CP1258 (iconv), read back by the importer."""
    source = tmp_path / "co_so.csv"
    source.write_text("name,x,y\nBình Dương,106.6,11.0\nCơ sở Hồng Phúc,106.7,11.1\n", encoding="utf-8")
    subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", "-a_srs", "EPSG:4326", "-oo", "X_POSSIBLE_NAMES=x",
                    "-oo", "Y_POSSIBLE_NAMES=y", "-lco", "ENCODING=CP1258", str(tmp_path / "co_so.shp"), str(source)],
                   check=True, capture_output=True)
    table = read_table(tmp_path / "co_so.shp")
    assert [row["name"] for row in table.rows] == ["Bình Dương", "Cơ sở Hồng Phúc"]


@pytest.mark.django_db
def test_a_kml_from_google_earth_imports_with_its_vietnamese_names_and_day_first_dates(tmp_path):
    from gis_app.imports.values import as_date

    path = tmp_path / "co_so.kml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        '<Placemark><name>Cơ sở Hồng Phúc</name><ExtendedData><Data name="legal_form"><value>HTX</value></Data>'
        '<Data name="ngay"><value>01/12/2026</value></Data></ExtendedData>'
        '<Point><coordinates>106.652,10.980</coordinates></Point></Placemark></Document></kml>', encoding="utf-8")
    table = read_table(path)
    assert as_date(table.rows[0]["ngay"]).isoformat() == "2026-12-01"
    report = run_import(table, Options(commit=True))
    assert report.committed, report.problems
    point = Producer.objects.get(name="Cơ sở Hồng Phúc").location
    assert (round(point.x, 6), round(point.y, 6)) == (106.652, 10.98)
