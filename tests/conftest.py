"""Test fixtures: every test runs against a real PostGIS holding the demo province."""

import pytest
from django.core.management import call_command
from django.utils import timezone

# Browser fixtures (server, browser, tab, phone_tab) for every browser test.
pytest_plugins = ["tests.browser", "tests.roles_helpers"]

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
