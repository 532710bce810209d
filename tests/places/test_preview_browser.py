"""The boundary upload's map preview in Debian's Chromium: new boundaries drawn over the old ones, no error."""
import json

import pytest
from django.contrib.auth import get_user_model
from shapely import wkt
from shapely.geometry import mapping

from gis_app.jobs.models import Job
from gis_app.places.models import AdminUnit
from tests.browser import in_thread, session_cookie  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture
def superuser_cookie(server):
    users = get_user_model().objects
    user, cookie = session_cookie(server, lambda: users.create_superuser("boundary-officer", password="unused-in-test"))
    yield cookie
    in_thread(lambda: (Job.objects.filter(created_by=user).delete(), user.delete()))


def test_the_preview_draws_every_new_boundary_over_the_old_one(tab, superuser_cookie, tmp_path):
    def communes():
        units = AdminUnit.objects.filter(level="commune", valid_to="2025-07-01").order_by("code")
        return [{"type": "Feature", "properties": {"code": u.code}, "geometry": mapping(wkt.loads(u.geom.wkt))}
                for u in units]

    features = in_thread(communes)
    path = tmp_path / "ranh_gioi.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    tab.context.add_cookies([superuser_cookie])
    page = tab.goto("/admin/places/adminunit/")
    page.get_by_test_id("load-boundaries").click()
    page.set_input_files("input[name=file]", str(path))
    page.locator("#boundary-upload input[type=submit]").click()
    preview = page.get_by_test_id("boundary-preview")
    preview.wait_for()
    page.wait_for_function("document.getElementById('boundary-preview').dataset.newDrawn !== undefined")
    assert preview.get_attribute("data-old-drawn") == preview.get_attribute("data-new-drawn") == str(len(features))
    assert page.locator("#boundary-preview path.leaflet-interactive").count() == 2 * len(features)
    assert page.locator("input[name=confirm]").count() == 1  # nothing written until confirmed
    tab.screenshot("boundary-preview")
    tab.assert_clean()
