"""Shapefile exports change no text silently (#26 follow-up): each DBF text field is as wide as its longest value
(GDAL's RESIZE=YES, not a fixed 80), a long Vietnamese text reads back whole, and a text longer than the DBF's
254 bytes is reported (a note in the zip, a response header), not cut without a word.

The products layer carries no description; the craft villages' layer does, so the long texts are put there."""
import io
import zipfile

import pytest
from django.contrib.gis.gdal import DataSource

from gis_app.registry.models import CraftVillage
from layers.exports import DBF_TEXT_BYTES, SHAPEFILE_NOTE

pytestmark = pytest.mark.django_db

# 200 characters of the first take 253 bytes (fits a DBF field); 240 of the second take 318 (does not).
PHRASE = "Làng sơn mài Tương Bình Hiệp (Thủ Dầu Một) làm tranh, hộp, bình vẽ tay theo lối cổ; khách xem thợ mài, phủ sơn ta và mua quà. "
DENSE = "Sơn mài Tương Bình Hiệp giữ nghề truyền thống, vẽ tay từng lớp. "


def text_of(characters, max_bytes=None, phrase=PHRASE):
    text = (phrase * 10)[:characters]
    assert len(text) == characters and (max_bytes is None or len(text.encode()) <= max_bytes)
    return text


def export(client, tmp_path, **headers):
    response = client.get("/export/craft_villages.shp.zip", **headers)
    assert response.status_code == 200
    path = tmp_path / "villages.shp.zip"
    path.write_bytes(response.content)
    return response, path, DataSource(f"/vsizip/{path}")[0]


def village_with(description):
    village = CraftVillage.objects.published().order_by("pk").first()
    CraftVillage.objects.filter(pk=village.pk).update(description=description)
    return village


def test_a_200_character_vietnamese_text_reads_back_whole_in_a_field_as_wide_as_the_data(client, tmp_path):
    text = text_of(200, max_bytes=DBF_TEXT_BYTES)
    village = village_with(text)
    response, path, layer = export(client, tmp_path)
    values = {feature.get("name"): feature.get("descriptio") for feature in layer}
    assert values[village.name] == text
    widths = dict(zip(layer.fields, layer.field_widths))
    longest = max(len(d.encode()) for d in CraftVillage.objects.published().values_list("description", flat=True))
    assert widths["descriptio"] == longest  # from the data, not GDAL's 80 nor the 254 it grows to
    names = max(len(n.encode()) for n in CraftVillage.objects.published().values_list("name", flat=True))
    assert widths["name"] == names
    assert "OCOP-Texts-Cut" not in response
    note = zipfile.ZipFile(path).read(SHAPEFILE_NOTE).decode()
    assert "description_en → descript_1" in note and "254" not in note  # names shortened, no text cut


@pytest.mark.parametrize("language, words", [("vi", "dòng"), ("en", "row")])
def test_a_text_longer_than_254_bytes_is_reported_in_the_zip_and_a_header(client, tmp_path, language, words):
    text = text_of(240, phrase=DENSE)
    assert len(text.encode()) >= 300
    village = village_with(text)
    rows = list(CraftVillage.objects.published().order_by("pk").values_list("pk", flat=True))
    response, path, layer = export(client, tmp_path, HTTP_ACCEPT_LANGUAGE=language)
    assert response["OCOP-Texts-Cut"] == f'1; note="{SHAPEFILE_NOTE}"'
    assert "OCOP-Texts-Cut" in response["Access-Control-Expose-Headers"]
    note = zipfile.ZipFile(io.BytesIO(response.content)).read(SHAPEFILE_NOTE).decode()
    row = rows.index(village.pk) + 1
    assert f"{words} {row} ({village.name}): description, {len(text.encode())}" in note
    assert "GeoPackage" in note
    kept = {feature.get("name"): feature.get("descriptio") for feature in layer}[village.name]
    assert text.startswith(kept) and len(kept.encode()) <= DBF_TEXT_BYTES < len(text.encode())


def test_a_background_shapefile_export_says_how_many_texts_it_shortened(admin_client):
    from gis_app.jobs.models import Job

    village_with(text_of(240, phrase=DENSE))
    response = admin_client.post("/export/craft_villages.shp.zip/job", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 202, response.content[:300]
    job = Job.objects.get(pk=response.json()["job"])
    assert job.result["texts_cut"] == 1 and SHAPEFILE_NOTE in job.result["message"]
    with job.result_file.open("rb") as handle:
        assert "description" in zipfile.ZipFile(io.BytesIO(handle.read())).read(SHAPEFILE_NOTE).decode()
