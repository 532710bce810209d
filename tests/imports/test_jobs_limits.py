"""#12 item 3: imports run as background jobs with progress, limits checked before heavy work, streamed
files, and runs that fail end "failed"."""
import json
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook

from gis_app.core.readers import open_table
from gis_app.imports.models import ImportRun
from gis_app.jobs.models import Job
from gis_app.registry.models import Producer
from tests.imports.test_admin import CSV, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def test_the_upload_request_only_queues_a_job_and_the_review_page_shows_its_progress(admin_client_vi, settings,
                                                                                      django_capture_on_commit_callbacks):
    settings.OCOP_JOBS_ASYNC = True  # as in production: a worker runs it later
    response = upload(admin_client_vi, CSV.encode("utf-8"))
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.QUEUED and run.report == {}  # the request did not read the file
    assert run.job.kind == "import" and run.job.state == Job.State.QUEUED
    page = admin_client_vi.get(response.url).content.decode()
    assert 'id="import-progress"' in page and 'http-equiv="refresh"' in page and 'name="import"' not in page


def test_a_run_reports_progress_and_ends_checked(admin_client_vi):
    response = upload(admin_client_vi, CSV.encode("utf-8"))
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.CHECKED and run.job.state == Job.State.DONE
    assert admin_client_vi.get(f"/jobs/{run.job_id}/").json()["state"] == "done"
    assert "import-progress" not in admin_client_vi.get(response.url).content.decode()


def test_a_run_whose_job_fails_ends_failed_not_checked(admin_client_vi, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("gis_app.imports.service.StagedDuplicates.find", broken)
    before = Producer.objects.count()
    upload(admin_client_vi, CSV.encode("utf-8"))
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.FAILED and run.job.state == Job.State.FAILED
    assert Producer.objects.count() == before


def test_a_run_whose_worker_died_ends_failed_when_read(admin_client_vi, settings):
    upload(admin_client_vi, CSV.encode("utf-8"))
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.RUNNING)
    Job.objects.filter(pk=run.job_id).update(state=Job.State.FAILED, message="killed")
    admin_client_vi.get(reverse("admin:imports_importrun_review", args=[run.pk]))
    assert ImportRun.objects.get(pk=run.pk).state == ImportRun.State.FAILED


def csv_rows(n):
    return ("Mã chủ thể,Tên chủ thể,Loại hình,Kinh độ,Vĩ độ\n" + "".join(
        f"L{i},Cơ sở {i},Hộ kinh doanh,106.65,10.95\n" for i in range(n))).encode("utf-8")


def refused(client, content, name, kind="producers"):
    upload(client, content, name=name, kind=kind)
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.REFUSED, run.summary
    return run.summary


def test_too_many_rows_are_refused_before_the_rows_are_read(admin_client_vi, settings, monkeypatch):
    settings.OCOP_IMPORT_MAX_ROWS = 10
    monkeypatch.setattr("gis_app.imports.service.Pass.validate", lambda *a: pytest.fail("rows were read"))
    assert "10" in refused(admin_client_vi, csv_rows(11), "dai.csv")


def test_an_xlsx_bomb_is_refused_by_its_unpacked_size(admin_client_vi, settings, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Tên chủ thể", "Loại hình"])
    for i in range(3000):
        sheet.append([f"Cơ sở {i}" * 20, "Hộ kinh doanh"])
    path = tmp_path / "bom.xlsx"
    book.save(path)
    data = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    settings.OCOP_IMPORT_MAX_UNPACKED_BYTES = unpacked - 1
    assert len(data) < unpacked / 4  # it does unpack much larger
    assert "MB" in refused(admin_client_vi, data, "bom.xlsx")


def test_too_many_vertices_stop_the_reading(admin_client_vi, settings):
    settings.OCOP_IMPORT_MAX_VERTICES = 100
    ring = [[106.65 + 0.001 * (i % 2), 10.95 + 0.00001 * i] for i in range(60)]
    features = [{"type": "Feature", "properties": {"name": f"Điểm {n}", "kind": "orchard"},
                 "geometry": {"type": "LineString", "coordinates": ring}} for n in range(3)]
    content = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    summary = refused(admin_client_vi, content, "dai.geojson", kind="sites")
    assert "100" in summary


def test_the_byte_limit_holds_for_the_unpacked_members_of_a_zip(admin_client_vi, settings, tmp_path):
    path = tmp_path / "shp.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("p.shp", b"\x00" * 2_000_000)
    settings.OCOP_IMPORT_MAX_UNPACKED_BYTES = 1_000_000
    assert "MB" in refused(admin_client_vi, path.read_bytes(), "shp.zip")


def test_a_streamed_table_reads_rows_lazily_and_again(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_bytes(csv_rows(2500))
    table = open_table(path)
    assert table.row_count == 2500 and table.columns[0] == "Mã chủ thể"
    records = table.records()
    assert next(records)[0] == 1 and not isinstance(records, list)
    assert sum(1 for _ in table.records()) == 2500  # each call reads the file again


def test_a_large_dry_run_is_counted_whole_but_previewed_in_part(tmp_path):
    from gis_app.imports.service import PREVIEW_ROWS, Options, run_import

    path = tmp_path / "ds.csv"
    path.write_bytes(csv_rows(PREVIEW_ROWS + 500))
    report = run_import(open_table(path), Options(kind="producers"))
    assert report.created == PREVIEW_ROWS + 500 and len(report.outcomes) == PREVIEW_ROWS
    assert not report.committed
