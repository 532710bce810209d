"""Clusters of the whole province as a background job (gis_app/supply/jobs.py, issue 17): the file holds the
API's own answer for the same parameters, streamed; progress and refusals as for every job."""
import csv
import io
import json

import pytest
from shapely.geometry import shape

from gis_app.jobs.models import Job
from gis_app.supply import jobs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]
JOB = "/api/v1/supply/clusters/job/"


def run(client, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    answer = client.post(f"{JOB}?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 202, answer.content
    status = client.get(answer.json()["status_url"]).json()
    assert status["state"] == "done" and status["progress"]["percent"] == 100, status
    return status, b"".join(client.get(status["result_url"]).streaming_content)


def same_geometry(a, b):
    return shape(a).equals_exact(shape(b), 1e-7)


@pytest.mark.parametrize("params", [
    {"eps": 2500, "min_points": 3},
    {"eps": 4000, "min_points": 3, "group": "2023.FOOD", "hull": "concave", "concavity": 0.3},
    {"method": "kmeans", "k": 4},
    {"eps": 3000, "min_points": 2, "unit": "718", "units_on": "2025-06-30"},  # an old district on its day (#24)
])
def test_the_jobs_geojson_is_the_apis_answer(staff, params, monkeypatch):
    monkeypatch.setattr(jobs, "ROWS", 4)  # many batches even on the demo province
    expected = staff.get("/api/v1/supply/clusters/", params).json()
    status, data = run(staff, **params)
    got = json.loads(data)
    assert {k: v for k, v in got.items() if k != "features"} == {k: v for k, v in expected.items() if k != "features"}
    assert len(got["features"]) == len(expected["features"]) > 0
    for mine, theirs in zip(got["features"], expected["features"]):
        assert mine["properties"].keys() == theirs["properties"].keys()
        for key, value in theirs["properties"].items():
            if key == "centroid":
                assert mine["properties"][key] == pytest.approx(value, abs=1e-7)
            else:
                assert mine["properties"][key] == value, key
        assert same_geometry(mine["geometry"], theirs["geometry"])
    assert status["result"]["producer_count"] == expected["producer_count"]


def test_the_jobs_csv_is_the_csv_export(staff, monkeypatch):
    monkeypatch.setattr(jobs, "ROWS", 3)
    params = {"method": "kmeans", "k": 4}
    # In the job's language (`run` starts it in English): the headers are the request's language's.
    direct = staff.get("/api/v1/supply/clusters/export.csv", params, HTTP_ACCEPT_LANGUAGE="en").content.decode("utf-8")
    _status, data = run(staff, output="csv", **params)
    mine, theirs = (list(csv.reader(io.StringIO(text))) for text in (data.decode("utf-8"), direct))
    assert len(mine) == len(theirs) > 5 and mine[0] == theirs[0] and data.startswith("\ufeff".encode())
    for a, b in zip(mine[1:], theirs[1:]):
        assert a[:7] == b[:7]
        assert [float(x) for x in a[7:]] == pytest.approx([float(x) for x in b[7:]], abs=1e-7)


def test_bad_parameters_and_visitors_are_refused_before_any_job(client, staff):
    bad = staff.post(f"{JOB}?eps=-1", HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "eps"
    assert staff.post(f"{JOB}?output=xlsx").json()["error"]["field"] == "output"
    from django.test import Client

    assert Client().post(JOB).status_code in (401, 403)
    assert not Job.objects.exists()


def test_the_jobs_csv_keeps_formulas_from_running(staff, monkeypatch):
    """The job's CSV passes every row through the injection guard that the other CSVs use (#25 item 9)."""
    from gis_app.registry.models import Producer
    monkeypatch.setattr(jobs, "ROWS", 3)
    producer = Producer.objects.filter(location__isnull=False).order_by("id").first()
    Producer.objects.filter(pk=producer.pk).update(name='=HYPERLINK("http://x.example","Sao Mai")', ref="+84-1")
    _status, data = run(staff, output="csv", method="kmeans", k=4)
    rows = {row[2]: row for row in csv.reader(io.StringIO(data.decode("utf-8-sig")))}
    assert rows[str(producer.pk)][3] == "'+84-1"
    assert rows[str(producer.pk)][4] == """'=HYPERLINK("http://x.example","Sao Mai")"""


def test_a_job_keeps_the_day_it_was_asked_for_its_units(staff):
    from gis_app.places.dates import report_day

    run(staff, eps=3000, min_points=2)
    job = Job.objects.latest("pk")
    assert f"units_on={report_day().isoformat()}" in job.params["query"]
