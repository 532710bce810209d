"""#25 items 2, 5 and 9 as faults of the running server: `make serve`'s supervisord (deploy/supervisord.conf),
DEBUG off, driven over HTTP on a free port against the test database, with a Redis of the test's own.

- Redis away (item 2): pages and the API answer; starting a job is a 503 with words in the request's
  language and Retry-After, and leaves no row; the rate limit and the login throttle fail open, as
  docs/security.md says; Redis back on the same port, a new job runs to "done" without a restart.
- The supply clustering job's CSV (item 9): a producer named `=HYPERLINK(…` with a ref `+84…` comes out of the
  file downloaded from the server as text a spreadsheet will not run (gis_app/core/csv_safe.py).
- Pending changes (item 5): a producer account's API edit of a published product waits; the product page and
  its QR target stay 200 with the published name until a provincial officer accepts it in the admin.
- A worker waiting for a Redis that went away stops when asked (found here: it waited for the KILL).
"""
import csv
import io
import re
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from gis_app.catalogue.queries import public_products
from gis_app.core.csv_safe import safe_cell
from gis_app.jobs.models import Job
from gis_app.registry.models import Producer
from tests.supervised_helpers import RedisServer, committed, supervised, wait_for

pytestmark = pytest.mark.django_db
JOB = "/api/v1/supply/clusters/job/?method=kmeans&k=4"
RATE_LIMIT = 12  # per minute on /api/ for this server: low enough to pass, high enough for the tests' own calls
LOGIN_FAILURES = 3
USERNAME = f"faults-{uuid.uuid4().hex[:6]}"
PASSWORD = "Faults-test-pass-2026"
UNAVAILABLE = {"vi": "Hiện không chạy được tác vụ nền", "en": "Background jobs are unavailable right now"}


@pytest.fixture(scope="module")
def redis_server():
    redis = RedisServer()
    redis.start()
    yield redis
    redis.kill()


@pytest.fixture(scope="module")
def staff_user(django_db_setup, django_db_blocker):
    """An administrator with a password (programme staff: may start the supply job), committed; at the end, it
    and the jobs it started (rows and files) are gone."""
    from django.contrib.auth import get_user_model

    def clean():
        for job in Job.objects.filter(created_by__username=USERNAME):
            job.result_file.delete(save=False)  # written by the server, whose MEDIA_ROOT is this one
        Job.objects.filter(created_by__username=USERNAME).delete()
        get_user_model().objects.filter(username=USERNAME).delete()

    with django_db_blocker.unblock():
        user = committed(lambda: get_user_model().objects.create_superuser(USERNAME, password=PASSWORD))
        yield user
        committed(clean)


@pytest.fixture(scope="module")
def server(redis_server, staff_user):
    queue = f"faults-{uuid.uuid4().hex[:8]}-"
    where = SimpleNamespace(REDIS_URL=redis_server.url, OCOP_JOBS_QUEUE=queue, OCOP_JOBS_KEY_PREFIX=queue)
    env = {"OCOP_RATE_LIMIT": f"{RATE_LIMIT}/60", "OCOP_LOGIN_FAILURES": str(LOGIN_FAILURES)}
    with supervised(where, env=env) as running:
        wait_for(lambda: running.pid("jobs"), 30, "the job worker runs")
        yield running


@pytest.fixture
def redis_up(redis_server):
    if not redis_server.answers():
        redis_server.start()
    return redis_server


def log_in(base, username=USERNAME, password=PASSWORD):
    """A requests session logged in through the site's login form (its CSRF cookie and token); the answer."""
    session = requests.Session()
    form = session.get(base + "/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = session.post(base + "/accounts/login/", timeout=10, allow_redirects=False,
                          data={"csrfmiddlewaretoken": token, "username": username, "password": password,
                                "next": "/"})
    return session, answer


def start_job(session, base, language="en", path=JOB):
    return session.post(base + path, timeout=30, headers={"X-CSRFToken": session.cookies["csrftoken"],
                                                          "Accept-Language": language})


def finished(session, base, pk, seconds=60):
    """The job's state once it is no longer queued or running, polled from GET /jobs/<id>/."""
    def state():
        data = session.get(f"{base}/jobs/{pk}/", timeout=10).json()
        return data if data["state"] not in ("queued", "running") else None
    return wait_for(state, seconds, f"job {pk} ends")


def test_the_supply_jobs_csv_from_the_server_keeps_formulas_from_running(server, redis_up, staff_user):
    producer = Producer.objects.filter(location__isnull=False).order_by("id").first()
    name, ref = '=HYPERLINK("http://x.example/?a=1","Sao Mai")', "+84 912 345 678"
    rows = Producer.objects.filter(pk=producer.pk)
    committed(lambda: rows.update(name=name, ref=ref))
    try:
        staff, answer = log_in(server.base)
        assert answer.status_code == 302, answer.text
        started = start_job(staff, server.base, path=JOB + "&output=csv")
        assert started.status_code == 202, started.text
        status = finished(staff, server.base, started.json()["job"])
        assert status["state"] == "done", status
        download = staff.get(server.base + status["result_url"], timeout=30)
        # the database as the job read it, for every producer of the file
        stored = {str(pk): (r or "", n) for pk, r, n in Producer.objects.values_list("pk", "ref", "name")}
    finally:
        committed(lambda: rows.update(name=producer.name, ref=producer.ref))
    assert download.status_code == 200 and download.content.startswith("\ufeff".encode())
    header, *rows = csv.reader(io.StringIO(download.content.decode("utf-8-sig")))
    by_id = {row[2]: row for row in rows}
    # the headers are in the language of the request that started the job (gis_app/supply/geojson.CSV_COLUMNS)
    assert header[2:5] in (["Producer ID", "Registry code", "Name"], ["Mã định danh chủ thể", "Mã đăng ký", "Tên"]), \
        header
    assert len(by_id) == len(rows) > 5
    assert by_id[str(producer.pk)][3:5] == ["'" + ref, "'" + name]  # one quote before each, nothing else changed
    for pk, row in by_id.items():
        assert row[3:5] == [safe_cell(stored[pk][0]), safe_cell(stored[pk][1])], pk


@pytest.fixture
def pending_setup():
    """A published product, its producer's account and a provincial officer, committed; afterwards the product
    as it was, without the history, change and accounts the test made."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from gis_app.accounts.models import PendingChange, Role
    from gis_app.accounts.roles import assign_role
    from gis_app.registry.models import Product

    product = public_products().order_by("id").first()
    before = Product.objects.filter(pk=product.pk).values().get()
    since = timezone.now()
    tag = uuid.uuid4().hex[:6]

    def create():
        users = {}
        for role, target in ((Role.PRODUCER, {"producer": product.producer}), (Role.PROVINCIAL_OFFICER, {})):
            user = get_user_model().objects.create_user(f"faults-{role}-{tag}", password=PASSWORD)
            assign_role(user, role, **target)
            users[role] = user.username
        return users

    def clean():
        PendingChange.objects.filter(object_id=product.pk, proposed_at__gte=since).delete()
        Product.objects.filter(pk=product.pk).update(**{k: v for k, v in before.items() if k != "id"})
        Product.history.filter(id=product.pk, history_date__gte=since).delete()
        get_user_model().objects.filter(username__endswith=f"-{tag}", username__startswith="faults-").delete()

    users = committed(create)
    yield SimpleNamespace(product=product, producer=users[Role.PRODUCER],
                          moderator=users[Role.PROVINCIAL_OFFICER])
    committed(clean)


def public_page(base, pk):
    """The product page's HTML as a visitor reads it (Vietnamese), once its QR target answers too."""
    assert requests.get(f"{base}/products/{pk}/qr.svg", timeout=10).status_code == 200
    page = requests.get(f"{base}/products/{pk}/", timeout=10, headers={"Accept-Language": "vi"})
    assert page.status_code == 200, page.status_code
    return page.text


def test_a_producers_edit_of_a_published_product_waits_and_the_page_stays_until_a_moderator_accepts(
        server, redis_up, pending_setup):
    base, product = server.base, pending_setup.product
    new_name = f"Tên mới chờ duyệt {uuid.uuid4().hex[:4]}"
    producer, answer = log_in(base, pending_setup.producer)
    assert answer.status_code == 302, answer.text
    edit = producer.patch(f"{base}/api/v1/products/{product.pk}/", timeout=30,
                          json={"version": product.version, "name": new_name},
                          headers={"X-CSRFToken": producer.cookies["csrftoken"], "Accept-Language": "vi"})
    assert edit.status_code == 202, edit.text
    assert edit.json()["status"] == "published" and edit.json()["pending_change"]["fields"] == ["name"]
    text = public_page(base, product.pk)
    assert product.name in text and new_name not in text  # the published version, live

    moderator, answer = log_in(base, pending_setup.moderator)
    assert answer.status_code == 302, answer.text
    from gis_app.accounts.models import PendingChange

    change = PendingChange.objects.get(object_id=product.pk, state="pending")
    accepted = moderator.post(f"{base}/admin/accounts/pendingchange/", timeout=30,
                              data={"action": "accept_changes", "_selected_action": [change.pk], "reason": "",
                                    "csrfmiddlewaretoken": moderator.cookies["csrftoken"]})
    assert accepted.status_code == 200, accepted.status_code
    assert wait_for(lambda: new_name in public_page(base, product.pk), 10, "the accepted name is public")


def test_a_job_worker_stops_when_asked_while_redis_is_away(server, redis_up):
    """A TERM (supervisorctl stop, systemctl stop, the server's own stop) ends the worker waiting for a Redis that
    went away, instead of being ignored until the supervisor's KILL (stopwaitsecs, 15 s)."""
    log = Path(server.log.name)
    seen = len(log.read_bytes())
    redis_up.kill()
    wait_for(lambda: b"connect" in log.read_bytes()[seen:], 15, "the worker notices Redis is away")
    started = time.monotonic()
    server.ctl("stop", "jobs")
    assert time.monotonic() - started < 8 and "STOPPED" in server.ctl("status", "jobs")
    assert b"killing 'jobs'" not in log.read_bytes()[seen:]
    server.ctl("start", "jobs")  # waits for Redis: the next test brings it back
    assert wait_for(lambda: server.pid("jobs"), 15, "the job worker runs again")


def test_with_redis_away_the_site_answers_jobs_are_refused_with_words_and_start_again_when_it_is_back(
        server, redis_up, staff_user):
    base = server.base
    staff, answer = log_in(base)
    assert answer.status_code == 302, answer.text
    product = public_products().order_by("id").first()
    before = Job.objects.filter(created_by=staff_user).count()

    redis_up.kill()
    for path in ("/", f"/products/{product.pk}/", "/api/v1/producers/?limit=5"):
        assert requests.get(base + path, timeout=10).status_code == 200, path
    for language, words in UNAVAILABLE.items():
        refused = start_job(staff, base, language)
        assert refused.status_code == 503, refused.text
        assert words in refused.json()["error"]["message"] and refused.headers["Retry-After"] == "60"
    assert Job.objects.filter(created_by=staff_user).count() == before  # no row, none left queued
    assert not Job.objects.filter(created_by=staff_user, state=Job.State.QUEUED).exists()

    # docs/security.md: with Redis unreachable the rate limit and the login throttle fail open (nothing counted)
    for _ in range(RATE_LIMIT + 3):
        answer = requests.get(base + "/api/v1/producers/?limit=1", timeout=10)
        assert answer.status_code == 200 and answer.headers["RateLimit"].startswith(f'"api";r={RATE_LIMIT};')
    for _ in range(LOGIN_FAILURES + 2):
        assert log_in(base, password="wrong")[1].status_code == 200  # the form again, with its error, not 429
    assert log_in(base)[1].status_code == 302  # sessions live in the database: logging in still works

    redis_up.start()  # the same port, empty: nothing restarted
    started = wait_for(lambda: (a := start_job(staff, base)).status_code == 202 and a, 15, "jobs start again")
    assert finished(staff, base, started.json()["job"])["state"] == "done"

    # and with Redis back the limits count again: what the loops above showed was Redis away, not no limit
    for _ in range(LOGIN_FAILURES):
        log_in(base, username="faults-nobody", password="wrong")
    assert log_in(base, username="faults-nobody", password="wrong")[1].status_code == 429
    statuses = []
    while len(statuses) < 2 * RATE_LIMIT + 2 and 429 not in statuses:  # twice: a window may end meanwhile
        statuses.append(requests.get(base + "/api/v1/producers/?limit=1", timeout=10).status_code)
    assert statuses[-1] == 429, statuses
