"""#12 item 6 (without the bbox/offset cases): NUL bytes and NaN coordinates are a 4xx naming the input."""
import base64
import struct
import subprocess
import zipfile

import pytest
from django.core.management import CommandError, call_command

from gis_app.registry.models import Producer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url,field", [
    ("/api/v1/aggregates/units/?parent=7%00", "parent"),
    ("/api/v1/aggregates/units/?group=a%00b", "group"),
    ("/api/v1/aggregates/units/?version=2023%00", "version"),
    ("/api/v1/aggregates/groups/?parent=7%00", "parent"),
    ("/api/v1/aggregates/groups/?version=2023%00", "version"),
    ("/api/v1/producers/?q=a%00", "q"),
    ("/ogc/collections/producers/items?name=a%00", "name"),
])
def test_a_nul_byte_in_a_parameter_is_a_400_naming_it(client, url, field):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field and "NUL" in response.json()["error"]["message"]


def test_a_nul_byte_on_a_page_is_a_plain_400(client):
    assert client.get("/tours/?x=%00").status_code == 400


@pytest.mark.parametrize("credentials", [b"ad\x00min:secret", b"admin:se\x00cret", b"\x00:\x00"])
@pytest.mark.parametrize("url", ["/api/v1/producers/", "/api/v1/", "/api/v1/aggregates/units/", "/api/nowhere/"])
def test_a_nul_byte_in_basic_credentials_is_refused_like_bad_credentials(client, url, credentials):
    header = "Basic " + base64.b64encode(credentials).decode()
    response = client.get(url, HTTP_AUTHORIZATION=header)
    assert response.status_code == 403 and response.json()["error"]["field"] == "Authorization"


def nan_shapefile(tmp_path):
    """A zipped Shapefile of two producers, the second with a NaN longitude (written by GDAL, then patched)."""
    source = tmp_path / "p.csv"
    source.write_text('WKT,ma,ten,loai\n"POINT (106.65 10.95)",NAN-1,Cơ sở A,HTX\n'
                      '"POINT (106.66 10.96)",NAN-2,Cơ sở B,HTX\n', encoding="utf-8")
    subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", str(tmp_path / "p.shp"), str(source), "-a_srs", "EPSG:4326",
                    "-oo", "GEOM_POSSIBLE_NAMES=WKT", "-oo", "KEEP_GEOM_COLUMNS=NO", "-lco", "ENCODING=UTF-8"],
                   check=True, capture_output=True)
    shp = (tmp_path / "p.shp").read_bytes()
    at = shp.rindex(struct.pack("<d", 106.66))  # the second record's x (the header's bounding box comes first)
    (tmp_path / "p.shp").write_bytes(shp[:at] + struct.pack("<d", float("nan")) + shp[at + 8:])
    archive = tmp_path / "nan.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for suffix in ("shp", "shx", "dbf", "prj", "cpg"):
            if (tmp_path / f"p.{suffix}").exists():
                zipped.write(tmp_path / f"p.{suffix}", f"p.{suffix}")
    return archive


def test_a_nan_coordinate_in_a_shapefile_is_a_row_problem(tmp_path, capsys):
    archive = nan_shapefile(tmp_path)
    with pytest.raises(CommandError):
        call_command("import_registry", str(archive), "--kind", "producers", "--mapping",
                     "ma=ref,ten=name,loai=legal_form", "--no-progress", "--language", "en")
    out = capsys.readouterr().out
    assert "row 2" in out and "NaN" in out
    assert not Producer.objects.filter(ref__startswith="NAN-").exists()


def test_nan_typed_in_a_csv_is_a_row_problem(tmp_path, capsys):
    path = tmp_path / "nan.csv"
    path.write_text("Mã,Tên,Loại hình,Kinh độ,Vĩ độ\nNAN-3,Cơ sở C,HTX,nan,10.95\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_registry", str(path), "--kind", "producers", "--no-progress", "--language", "en",
                     "--mapping", "Mã=ref")
    assert "NaN" in capsys.readouterr().out
