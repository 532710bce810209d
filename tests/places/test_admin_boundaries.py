"""The admin upload of official boundaries: dry run with a map preview, confirm, all or nothing."""
import json
import re

import pytest
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile
from shapely import wkt
from shapely.geometry import mapping

from gis_app.jobs.models import Job
from gis_app.places.models import AdminUnit

URL = "/admin/places/adminunit/import-boundaries/"


def communes():
    return list(AdminUnit.objects.filter(level="commune", valid_to="2025-07-01").order_by("code"))


def geojson(edit=lambda unit, geom: geom):
    features = [{"type": "Feature", "properties": {"code": u.code},
                 "geometry": mapping(edit(u, wkt.loads(u.geom.wkt)))} for u in communes()]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def upload(client, content):
    """Post the file; the check runs as a background job (in-process in tests) and its page is followed."""
    return client.post(URL, follow=True, data={
        "file": SimpleUploadedFile("ranh_gioi.geojson", content), "code_column": "code", "level": "commune",
        "valid_from": "2025-06-30", "crs": "auto", "overlap_tolerance": "1000", "gap_tolerance": "10000"})


@pytest.mark.django_db
def test_upload_previews_then_writes_on_confirmation(admin_client_vi):
    assert "Nạp ranh giới chính thức" in admin_client_vi.get("/admin/places/adminunit/").content.decode()
    units = communes()
    [target, other] = [u for u in units if u.name in ("Tương Bình Hiệp", "Chánh Mỹ")]
    strip = wkt.loads(target.geom.wkt).intersection(wkt.loads(other.geom.wkt).buffer(0.002))
    smaller = wkt.loads(target.geom.wkt).difference(strip)  # the strip moves to the neighbour: still a tiling
    larger = wkt.loads(other.geom.wkt).union(strip)
    content = geojson(lambda u, g: smaller if u.pk == target.pk else larger if u.pk == other.pk else g)
    response = upload(admin_client_vi, content)
    page = response.content.decode()
    assert response.status_code == 200, page
    assert 'data-testid="boundary-preview"' in page
    preview = json.loads(re.search(r'id="boundary-preview-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert len(preview["old"]["features"]) == len(preview["new"]["features"]) == 91
    target.refresh_from_db()
    assert not target.geom.equals_exact(shapely_to_geos(smaller), 1e-9)  # dry run: nothing written yet
    job_url = response.redirect_chain[-1][0]
    check = Job.objects.get(kind="boundaries")
    assert check.state == Job.State.DONE and not check.params.get("write")  # the check ran as a background job
    done = admin_client_vi.post(job_url, {"confirm": "1"}, follow=True)
    assert 'data-testid="boundaries-written"' in done.content.decode()
    target.refresh_from_db()
    assert abs(wkt.loads(target.geom.wkt).area - smaller.area) < 1e-12
    assert Job.objects.filter(kind="boundaries", params__write=True, state=Job.State.DONE).count() == 1
    # A finished check cannot be confirmed twice.
    assert admin_client_vi.post(job_url, {"confirm": "1"}).status_code == 403


@pytest.mark.django_db
def test_a_bad_upload_lists_the_problems_in_vietnamese_and_writes_nothing(admin_client_vi):
    victim = communes()[2]
    before = victim.geom.wkb.hex()

    def bowtie(unit, geom):
        if unit.pk != victim.pk:
            return geom
        x0, y0, x1, y1 = geom.bounds
        return shapely.Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])

    page = upload(admin_client_vi, geojson(bowtie)).content.decode()
    assert 'data-testid="boundary-problems"' in page and "Không ghi gì" in page
    assert f"{victim.code} {victim.name}" in page and "Đa giác không hợp lệ" in page
    assert 'name="confirm"' not in page
    victim.refresh_from_db()
    assert victim.geom.wkb.hex() == before


def shapely_to_geos(geom):
    from django.contrib.gis.geos import GEOSGeometry
    return GEOSGeometry(geom.wkt, srid=4326)
