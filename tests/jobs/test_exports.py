"""Whole-layer exports as background jobs (layers/jobs.py, issue 17): the same file as the direct export,
written from a stream of rows, with progress; refused for visitors and for bad parameters."""
import io
import json

import pytest
from django.contrib.auth import get_user_model
from rq import SimpleWorker

from gis_app.jobs.connection import redis_connection
from gis_app.jobs.models import Job
from gis_app.jobs.runner import queue
from gis_app.registry.models import Producer
from layers import features
from layers.catalogue import get_layer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def officer(client):
    user = get_user_model().objects.create_user("export-officer", password="x")
    client.force_login(user)
    return client


def download(client, status_url):
    status = client.get(status_url).json()
    assert status["state"] == "done", status
    assert status["progress"]["percent"] == 100
    return status, b"".join(client.get(status["result_url"]).streaming_content)


def test_the_streamed_collection_is_the_aggregated_one(monkeypatch):
    monkeypatch.setattr(features, "STREAM_ROWS", 3)
    layer = get_layer("producers")
    out, seen = io.StringIO(), []
    written = features.write_feature_collection(layer, layer.filtered(), out, progress=seen.append)
    assert json.loads(out.getvalue()) == json.loads(features.feature_collection_json(layer, layer.filtered()))
    assert written == Producer.objects.published().count() == seen[-1] and seen[:2] == [3, 6]
    empty = io.StringIO()
    assert features.write_feature_collection(layer, layer.filtered({"name": "không có ai"}), empty) == 0
    assert json.loads(empty.getvalue()) == {"type": "FeatureCollection", "features": []}


@pytest.mark.parametrize("suffix", ["geojson", "csv"])
def test_an_export_job_gives_the_direct_exports_file(officer, suffix):
    query = "legal_form=household&bbox=106.3,10.8,107.0,11.6"
    answer = officer.post(f"/export/producers.{suffix}/job?{query}")
    assert answer.status_code == 202, answer.content
    status, data = download(officer, answer.json()["status_url"])
    direct = officer.get(f"/export/producers.{suffix}?{query}").content
    expected = Producer.objects.published().filter(legal_form="household").count()
    assert status["result"]["count"] == expected > 0
    if suffix == "csv":
        assert data == direct
    else:
        assert json.loads(data)["features"] == json.loads(direct)["features"]


def test_a_real_worker_runs_an_export_job(officer, settings, django_capture_on_commit_callbacks):
    settings.OCOP_JOBS_ASYNC = True
    with django_capture_on_commit_callbacks(execute=True):
        answer = officer.post("/export/tourism_sites.geojson/job")
    job = Job.objects.get(pk=answer.json()["job"])
    assert job.state == Job.State.QUEUED and officer.get(answer.json()["status_url"]).json()["state"] == "queued"
    SimpleWorker([queue()], connection=redis_connection()).work(burst=True)
    status, data = download(officer, answer.json()["status_url"])
    assert len(json.loads(data)["features"]) == status["result"]["count"] > 0


def test_visitors_and_bad_parameters_are_refused(client, officer):
    from django.test import Client

    assert Client().post("/export/producers.csv/job").status_code == 403
    bad = officer.post("/export/producers.csv/job?stars=9")
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "stars"
    assert officer.post("/export/producers.xls/job").status_code == 404
    assert officer.get("/export/producers.csv/job").status_code == 405
    assert not Job.objects.exists()


def test_counts_in_job_messages_use_the_languages_thousands_separator():
    from django.utils import translation

    from gis_app.core.text import grouped

    with translation.override("vi"):
        assert grouped(1000064) == "1.000.064" and grouped(12) == "12"
    with translation.override("en"):
        assert grouped(12500) == "12,500"
