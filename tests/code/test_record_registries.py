"""Each record type declared once, in its app: rights on the model, API resource and layer registered from
AppConfig.ready(); accounts, api and layers read the registries and name no app of their own accord."""
import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from gis_app.accounts.models import Role
from gis_app.accounts.roles import ROLE_GROUPS, ensure_groups, permissions_of
from gis_app.api import resources
from gis_app.core import access
from gis_app.events.models import Event
from gis_app.registry.models import Producer, Status
from gis_app.sales.models import PointOfSale
from layers.catalogue import all_layers

ROOT = Path(__file__).resolve().parents[2]

ALL = ("view", "add", "change", "delete")
EDIT = ("view", "add", "change")
READ_REFERENCE = [("places", "adminunit", ("view",)), ("registry", "productsubgroup", ("view",)),
                  ("registry", "productgroup", ("view",)), ("registry", "ruleset", ("view",))]
# Issuers and revocation reasons: reference data of the decisions app (issue 23), read like the rule sets.
READ_DECISION_REFERENCE = [("decisions", "issuer", ("view",)), ("decisions", "revocationreason", ("view",))]
# The groups as the central lists of accounts/roles.py spelt them before each model declared its own rights:
# the permissions must not have changed (except the legacy registry photo models, moved into photos.Photo and
# removed, #25 item 3).
BEFORE = {
    "Producer accounts": [
        ("registry", "producer", ("view", "change")), ("registry", "product", EDIT),
        *READ_REFERENCE,
        ("sales", "pointofsale", EDIT), ("photos", "photo", ALL),
        ("events", "event", EDIT),  # events it proposes for its own producer (#26 item 8c)
        ("accounts", "pendingchange", ("view",)),  # added by its own app (#25 item 5)
        *READ_DECISION_REFERENCE],
    "Area officers": [
        *[("registry", model, EDIT) for model in ("producer", "product", "evaluation", "craftvillage",
                                                  "tourismsite")],
        ("imports", "importrun", ("view", "add")), ("imports", "locationtocheck", ("view",)), *READ_REFERENCE,
        ("sales", "pointofsale", EDIT), ("events", "event", EDIT), ("photos", "photo", ALL),
        ("accounts", "pendingchange", ("view",)),
        # post-recognition inspections of the area's products, added by their own app (issue 23)
        ("inspections", "inspection", EDIT), ("inspections", "followup", EDIT), *READ_DECISION_REFERENCE],
    "Provincial officers": [
        ("registry", None, ALL), ("imports", None, ALL), ("tours", None, ALL), ("places", None, ("view",)),
        ("sales", None, ALL), ("events", None, ALL), ("photos", None, ALL),
        # added since by their own apps (issue 23): criteria sheets and dossiers, read in the admin
        ("criteria", None, ("view",)), ("dossiers", None, ("view",)), ("inspections", None, ALL),
        ("decisions", None, ALL),
        ("accounts", None, ("view", "change"))],  # pending changes, accepted or rejected (#25 item 5)
    "Tourism planners": [
        ("tours", None, ALL), ("registry", "tourismsite", ("view",)), ("registry", "producer", ("view",))],
}


def codenames(permissions):
    return {(p.content_type.app_label, p.codename) for p in permissions.select_related("content_type")}


@pytest.mark.django_db
def test_role_groups_hold_the_same_permissions_as_the_former_central_lists():
    ensure_groups()
    for name, grants in BEFORE.items():
        group = Group.objects.get(name=name)
        expected = codenames(permissions_of(grants))
        assert expected, name
        assert codenames(group.permissions.all()) == expected, name


def test_models_declare_their_area_paths_and_the_registry_collects_them():
    assert access.area_paths(PointOfSale) == ("commune", "location")
    assert access.area_paths(Event) == ("commune", "location")
    assert access.access_of(PointOfSale).own_producer == "producer_id"
    assert access.area_paths(Producer) == ("commune", "location")
    assert access.access_of(Producer).own_producer == "pk"
    assert {"sales", "events", "registry", "photos"} <= set(access.registered_apps())
    assert ROLE_GROUPS[Role.DISTRICT_OFFICER] == ROLE_GROUPS[Role.COMMUNE_OFFICER]


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("module", ["gis_app/accounts/rules.py", "gis_app/accounts/roles.py",
                                    "gis_app/api/urls.py", "gis_app/api/views.py", "layers/catalogue.py"])
def test_central_modules_name_neither_events_nor_sales(module):
    imports = imported_modules(ROOT / module)
    assert not {name for name in imports if name.startswith(("gis_app.events", "gis_app.sales"))}, imports


@pytest.mark.parametrize("module", ["gis_app/events/api.py", "gis_app/sales/api.py"])
def test_apps_register_through_the_public_api_not_private_views(module):
    source = (ROOT / module).read_text(encoding="utf-8")
    assert "gis_app.api.views" not in source and "_list" not in source and "_detail" not in source


def test_events_and_points_of_sale_are_registered_api_resources_at_their_old_addresses():
    paths = {endpoint.path: endpoint for endpoint in resources.endpoints()}
    assert list(paths)[:2] == ["points-of-sale", "events"]  # INSTALLED_APPS order
    assert reverse("api-points-of-sale") == "/api/v1/points-of-sale/"
    assert reverse("api-point-of-sale", args=[3]) == "/api/v1/points-of-sale/3/"
    assert reverse("api-events") == "/api/v1/events/"
    assert reverse("api-event", args=[5]) == "/api/v1/events/5/"
    with pytest.raises(ValueError):
        resources.register("events", paths["events"].resource, paths["events"].filterset, list_summary="",
                           detail_summary="", list_url_name="x", detail_url_name="y")


def test_points_of_sale_layer_is_registered_by_sales_and_keeps_its_place_in_the_catalogue():
    ids = [layer.id for layer in all_layers()]
    assert ids[-1] == "points_of_sale"
    assert ids[:7] == ["producers", "products", "craft_villages", "tourism_sites", "admin_units", "roads", "tours"]


@pytest.mark.django_db
def test_visible_to_shows_drafts_to_staff_and_only_published_rows_to_visitors(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    draft = PointOfSale.objects.filter(status=Status.PUBLISHED).first()
    assert draft is not None
    PointOfSale.objects.filter(pk=draft.pk).update(status=Status.DRAFT)
    admin = django_user_model.objects.create_user("boss", is_staff=True, is_superuser=True)
    assert not PointOfSale.objects.visible_to(AnonymousUser()).filter(pk=draft.pk).exists()
    assert PointOfSale.objects.visible_to(admin).filter(pk=draft.pk).exists()
    assert PointOfSale.objects.visible_to(None).count() == PointOfSale.objects.published().count()
