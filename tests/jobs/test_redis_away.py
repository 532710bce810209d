"""Redis away (#25 item 2): starting a job answers 503 in the request's language and writes no row; pages
and the API keep serving; when Redis is back, jobs start again without a restart."""
import socket

import pytest

from gis_app.jobs.models import Job

pytestmark = pytest.mark.django_db
EXPORT = "/api/v1/supply/clusters/job/?method=kmeans&k=4"


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the socket is: nothing listens there


@pytest.fixture
def redis_away(settings):
    settings.OCOP_JOBS_ASYNC = True
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    return settings


@pytest.fixture
def staff(client, admin_user):
    client.force_login(admin_user)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("language, words", [("vi", "Hiện không chạy được tác vụ nền"),
                                             ("en", "Background jobs are unavailable right now")])
def test_a_job_started_while_redis_is_away_is_a_503_with_words_and_no_row(redis_away, staff, language, words):
    before = Job.objects.count()
    answer = staff.post(EXPORT, HTTP_ACCEPT_LANGUAGE=language)
    assert answer.status_code == 503, answer.content
    assert words in answer.json()["error"]["message"] and answer["Retry-After"] == "60"
    assert Job.objects.count() == before


def test_pages_and_the_api_serve_while_redis_is_away(redis_away, client):
    client.raise_request_exception = False
    for url in ("/", "/api/v1/producers/?limit=5", "/products/"):
        assert client.get(url).status_code == 200, url


def test_jobs_start_again_when_redis_is_back(redis_away, staff):
    import os
    assert staff.post(EXPORT).status_code == 503
    redis_away.REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")  # the same process, no restart
    answer = staff.post(EXPORT)
    assert answer.status_code == 202, answer.content
    assert Job.objects.filter(pk=answer.json()["job"], state=Job.State.QUEUED).exists()
