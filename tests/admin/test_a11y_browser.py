"""The admin's change forms of the record types an officer edits most, checked by axe-core (#26 item 8b): no serious
or critical violation, the autocomplete (select2) boxes and the map widgets included."""
import pytest
from django.contrib.auth import get_user_model

from gis_app.events.models import Event
from gis_app.registry.models import Producer, Product, TourismSite
from tests.browser import in_thread, serious_violations, session_cookie

pytestmark = pytest.mark.browser


@pytest.fixture
def superuser_cookie(server):
    users = get_user_model().objects
    user, cookie = session_cookie(server, lambda: users.create_superuser("a11y-officer", password="unused-in-test"))
    yield cookie
    in_thread(user.delete)


def first_pk(model):
    return in_thread(lambda: model.objects.order_by("pk").values_list("pk", flat=True).first())


@pytest.mark.parametrize("model, path", [
    (Producer, "registry/producer"), (Product, "registry/product"), (TourismSite, "registry/tourismsite"),
    (Event, "events/event"),
])
def test_the_admin_change_form_has_no_serious_accessibility_violation(tab, superuser_cookie, model, path):
    pk = first_pk(model)
    tab.context.add_cookies([superuser_cookie])
    for url in [f"/admin/{path}/add/"] + ([f"/admin/{path}/{pk}/change/"] if pk else []):
        page = tab.goto(url)
        page.wait_for_load_state("load")
        assert page.locator("#content-main form").count() == 1, url
        assert serious_violations(page) == [], url


def test_an_autocomplete_box_is_named_by_its_fields_label(tab, superuser_cookie):
    tab.context.add_cookies([superuser_cookie])
    page = tab.goto("/admin/registry/producer/add/")
    label = page.locator("label[for=id_commune]").inner_text().strip().rstrip(":")
    assert page.get_by_role("combobox", name=label).count() == 1
