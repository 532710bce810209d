"""The supply page starts the whole-province clustering as a background job, shows its progress and offers the
file when it is ready (issue 17), in Vietnamese."""
import csv
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from gis_app.jobs.models import Job
from tests.browser import in_thread, session_cookie  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture
def officer_cookie(server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    users = get_user_model().objects
    user, cookie = session_cookie(
        server, lambda: users.create_superuser("supply-job-officer", "officer@example.vn", "unused"))
    yield cookie
    in_thread(lambda: (Job.objects.filter(created_by=user).delete(), user.delete()))


def test_the_supply_page_runs_the_whole_province_in_the_background(tab, officer_cookie):
    tab.context.add_cookies([officer_cookie])
    page = tab.goto("/supply/")
    assert page.locator("#supply-job legend").inner_text() == "Toàn địa bàn (công việc chạy nền)"
    page.locator(".supply-job-start[data-output=csv]").click()
    page.wait_for_selector("#supply-job-result:not([hidden])", timeout=60_000)
    assert page.locator("#supply-job-progress").get_attribute("value") == "100"
    status = page.locator("#supply-job-status").inner_text()
    assert status.startswith("Đã xong") and "cụm của" in status, status
    producers = int(re.search(r"của ([\d.]+) chủ thể OCOP", status).group(1).replace(".", ""))
    with page.expect_download() as download:
        page.locator("#supply-job-result").click()
    rows = list(csv.reader(Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()))
    # Headed in the language of the page that started the job.
    assert rows[0][:3] == ["Cụm", "Số chủ thể trong cụm", "Mã định danh chủ thể"] and len(rows) - 1 == producers > 10
    tab.screenshot("supply-background-job")
    # django-leaflet's {% leaflet_map %} reads its basemap when settings load, before the harness turns the
    # basemap off: those refused tile requests are the only errors allowed.
    assert [e for e in tab.errors if "tile.openstreetmap.org" not in e] == [] and not tab.dialogs
