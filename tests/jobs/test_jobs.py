"""Background jobs: the Job record, progress, limits and failures, through real RQ workers on Redis."""
import os
import subprocess
import sys
import time

import psycopg2
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import translation
from rq import SimpleWorker

from gis_app.jobs.connection import redis_connection
from gis_app.jobs.models import Job
from gis_app.jobs.runner import enqueue, execute, queue, rq_id

pytestmark = pytest.mark.django_db


def test_a_job_run_in_process_records_its_result_and_message():
    job = enqueue("test", "tests.jobs_samples.count_to", params={"n": 3})
    assert job.state == Job.State.DONE and job.result["n"] == 3 and job.message == "counted to 3"
    assert job.progress["percent"] == 100


def test_an_expected_failure_ends_failed_with_the_words_for_the_user():
    job = enqueue("test", "tests.jobs_samples.refuse", params={"reason": "Tệp quá lớn"})
    assert (job.state, job.message) == (Job.State.FAILED, "Tệp quá lớn")


def test_an_unexpected_error_ends_failed_without_a_traceback_for_the_user():
    job = enqueue("test", "tests.jobs_samples.crash")
    assert job.state == Job.State.FAILED and "ZeroDivision" not in job.message


def test_a_real_rq_worker_runs_a_queued_job_and_enforces_its_time_limit(settings, django_capture_on_commit_callbacks):
    settings.OCOP_JOBS_ASYNC = True
    with django_capture_on_commit_callbacks(execute=True):
        counted = enqueue("test", "tests.jobs_samples.count_to", params={"n": 5})
        with translation.override("en"):
            slow = enqueue("test", "tests.jobs_samples.sleep", params={"seconds": 5}, timeout=1)
        with translation.override("vi"):
            slow_vi = enqueue("test", "tests.jobs_samples.sleep", params={"seconds": 5}, timeout=1)
    assert Job.objects.get(pk=counted.pk).state == Job.State.QUEUED
    assert len(queue()) == 3
    SimpleWorker([queue()], connection=redis_connection()).work(burst=True)
    counted.refresh_from_db(), slow.refresh_from_db(), slow_vi.refresh_from_db()
    assert counted.state == Job.State.DONE and counted.result["n"] == 5
    # Each message is worded in the language of the request that started the job.
    assert slow.state == Job.State.FAILED and "time limit" in slow.message
    assert slow_vi.state == Job.State.FAILED and "giới hạn thời gian" in slow_vi.message


def test_progress_is_visible_outside_the_job_while_it_runs():
    job = Job.objects.create(kind="test", function="tests.jobs_samples.count_to", params={"n": 4},
                             state=Job.State.RUNNING)
    from gis_app.jobs.progress import Progress

    Progress(job.pk)(1, 4, "một phần tư", force=True)
    assert job.progress == {"done": 1, "total": 4, "message": "một phần tư", "percent": 25}


def test_the_status_page_answers_only_the_user_who_started_the_job(client):
    users = get_user_model().objects
    owner, other = users.create_user("job-owner", password="x"), users.create_user("job-other", password="x")
    job = enqueue("test", "tests.jobs_samples.count_to", user=owner, params={"n": 2})
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    client.force_login(other)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    client.force_login(owner)
    body = client.get(f"/jobs/{job.pk}/").json()
    assert body["state"] == "done" and body["result"]["n"] == 2


def test_a_job_whose_row_is_gone_is_skipped():
    execute(987654321)  # no row: nothing to do, no error


@pytest.fixture
def committed_jobs():
    """Jobs committed through a connection of their own, so that a worker in another process can see them."""
    params = connection.settings_dict
    own = psycopg2.connect(dbname=params["NAME"], user=params["USER"], password=params["PASSWORD"],
                           host=params["HOST"], port=params["PORT"])
    own.autocommit = True
    created = []

    def create(function, **job_params):
        import json

        with own.cursor() as cursor:
            cursor.execute("INSERT INTO jobs_job (kind, function, params, state, message, result_file, created_at)"
                           " VALUES ('test', %s, %s, 'queued', '', '', now()) RETURNING id",
                           [function, json.dumps(job_params)])
            created.append(cursor.fetchone()[0])
        return created[-1]

    def state_of(job_id):
        with own.cursor() as cursor:
            cursor.execute("SELECT state, message, result FROM jobs_job WHERE id = %s", [job_id])
            return cursor.fetchone()

    yield create, state_of
    with own.cursor() as cursor:
        cursor.execute("DELETE FROM jobs_job WHERE id = ANY(%s)", [created])
    own.close()


def test_the_worker_command_runs_jobs_in_a_forked_process_with_a_memory_limit(settings, committed_jobs):
    create, state_of = committed_jobs
    settings.OCOP_JOBS_ASYNC = True
    counted, greedy = create("tests.jobs_samples.count_to", n=3), create("tests.jobs_samples.allocate", mb=2048)
    queue().enqueue(execute, counted, None, job_id=rq_id(counted))
    queue().enqueue(execute, greedy, 256, job_id=rq_id(greedy))
    params = connection.settings_dict
    env = dict(os.environ, OCOP_JOBS_QUEUE=settings.OCOP_JOBS_QUEUE, OCOP_JOBS_KEY_PREFIX=settings.OCOP_JOBS_KEY_PREFIX,
               REDIS_URL=settings.REDIS_URL, DATABASE_URL=f"postgis://{params['USER']}:{params['PASSWORD']}@"
               f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}")
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", "jobs_worker", "--burst"], cwd=settings.BASE_DIR, env=env,
                   check=True, timeout=120)
    assert time.monotonic() - started < 120
    state, _, result = state_of(counted)
    assert state == "done" and result["n"] == 3
    state, message, _ = state_of(greedy)
    assert state == "failed" and "256 MB" in message  # the row has no language: the site's (Vietnamese)
    assert "bộ nhớ" in message
