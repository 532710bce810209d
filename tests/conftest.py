"""Test fixtures: every test runs against a real PostGIS holding the demo province."""

import pytest
from django.core.management import call_command
from django.utils import timezone

# Browser fixtures (server, browser, tab, phone_tab) for every browser test.
pytest_plugins = ["tests.browser", "tests.roles_helpers"]

# Markers (pytest.ini), set here from what a test uses rather than written in each module, so that a new
# browser test is marked without anyone remembering to: `pytest -m "not browser"` (make test-fast) leaves out
# every test that drives Chromium, `-m "not slow"` the ones that start servers or databases of their own.
BROWSER_FIXTURES = {"browser", "tab", "phone_tab"}  # tests/browser.py (and local overrides of `browser`)
# Tests of about 10 s or more ("<app>/<module>" for all its tests, or "<app>/<module>::test"), measured with --durations:
# supervisord, gunicorn (26-62 s each), a PostgreSQL standby, schemathesis over the whole schema, the
# benchmark, a forked RQ worker under a memory limit (17 s).
SLOW_TESTS = {"ops/test_supervised_server", "ops/test_supervised_faults", "ops/test_replica_standby",
              "api/test_schema_fuzz", "code/test_bench_smoke", "ops/test_gunicorn_workers",
              "jobs/test_jobs::test_the_worker_command_runs_jobs_in_a_forked_process_with_a_memory_limit"}


def markers_for(fixturenames, module_name, test_name=""):
    """The names of the markers a test gets from the fixtures it uses, its module and its name."""
    names = set()
    if BROWSER_FIXTURES & set(fixturenames):
        names.add("browser")
    module = module_name.removeprefix("tests.").replace(".", "/")  # its path under tests/, without .py
    if module in SLOW_TESTS or f"{module}::{test_name}" in SLOW_TESTS:
        names.add("slow")
    return names


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = getattr(item, "module", None)
        test_name = getattr(item, "originalname", item.name)
        for name in markers_for(getattr(item, "fixturenames", ()), module.__name__ if module else "", test_name):
            if item.get_closest_marker(name) is None:
                item.add_marker(getattr(pytest.mark, name))


# Demo dates are shifted to this day, so that "expires within 90 days" is stable.
DEMO_TODAY = timezone.localdate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb):
    from django.db import connection
    from django.test.utils import setup_databases

    with django_db_blocker.unblock():
        # pytest-django sets up only the databases the collected tests ask for (`db`, the django_db mark);
        # the browser modules ask for none (their live server reads the committed demo), so run alone they
        # would have loaded the demo into the configured database itself.
        if connection.settings_dict["NAME"] != connection.creation._get_test_db_name():
            setup_databases(verbosity=0, interactive=False, keepdb=django_db_keepdb, aliases={"default"})
        call_command("load_demo", "--no-progress", today=DEMO_TODAY, verbosity=0)


@pytest.fixture
def admin_client_vi(client, admin_user):
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    return client


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with empty rate-limit and login-failure counters, so the suite is never throttled."""
    from django.core.cache import caches

    caches["ratelimit"].clear()


@pytest.fixture(autouse=True)
def _jobs_in_process(settings):
    """Background jobs run at once, in the test's process and transaction, on a queue and keys of this run's
    own (tests/jobs/test_jobs.py drives real RQ workers)."""
    settings.OCOP_JOBS_ASYNC = False
    settings.OCOP_JOBS_QUEUE = settings.OCOP_JOBS_KEY_PREFIX = f"test-{_RUN}-"


_RUN = __import__("uuid").uuid4().hex[:8]


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded and generated files (photos, imports, job results) in a temporary MEDIA_ROOT, returned."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def staff(client, admin_user):
    """The test client logged in as a superuser."""
    client.force_login(admin_user)
    return client
