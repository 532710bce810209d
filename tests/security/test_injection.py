"""SQL-injection strings and HTML in every text filter and field are handled as data: no 5xx, no extra rows,
HTML kept verbatim in data and escaped in pages."""
import csv
import io

import pytest
from django.urls import reverse

from gis_app.registry.models import Producer, Status

pytestmark = pytest.mark.django_db

ATTACKS = ["' OR 1=1 --", "%' OR '1'='1", "'; DROP TABLE registry_producer; --", "\" OR \"\"=\"",
           "1) UNION SELECT username, password FROM auth_user --", "<script>alert(1)</script>", "%", "_", "\\"]
SCRIPT_NAME = '<img src=x onerror="alert(1)"><script>alert("ocop")</script> Cơ sở thử'


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("endpoint", ["producers", "products", "evaluations", "sites", "villages", "units"])
def test_api_text_search_treats_injection_strings_as_text(client, endpoint, attack):
    response = client.get(f"/api/v1/{endpoint}/", {"q": attack})
    assert response.status_code == 200
    body = response.json()
    assert (body.get("count") if "count" in body else len(body.get("features", body.get("results", [])))) == 0


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("param", ["unit", "group", "subgroup", "legal_form", "min_stars", "valid_on"])
def test_api_coded_filters_refuse_injection_strings_with_a_400(client, param, attack):
    response = client.get("/api/v1/producers/", {param: attack})
    assert response.status_code == 400 and response.json()["error"]["field"] == param


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("collection,prop", [("producers", "name"), ("products", "name"),
                                             ("craft_villages", "craft"), ("producers", "commune_code"),
                                             ("producers", "name_contains"), ("craft_villages", "craft_contains")])
def test_ogc_property_filters_treat_injection_strings_as_text(client, collection, prop, attack):
    response = client.get(f"/ogc/collections/{collection}/items", {prop: attack, "f": "json"})
    assert response.status_code == 200
    assert response.json()["numberMatched"] == 0


@pytest.mark.parametrize("attack", ATTACKS[:4])
def test_exports_filtered_by_injection_strings_are_empty(client, attack):
    response = client.get("/export/producers.csv", {"name": attack})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1  # the header only


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("model", ["producer", "product", "evaluation", "craftvillage"])
def test_admin_search_treats_injection_strings_as_text(admin_client, model, attack):
    response = admin_client.get(reverse(f"admin:registry_{model}_changelist"), {"q": attack})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0
    assert "<script>alert(1)</script>" not in response.content.decode()  # the search box echoes it escaped


@pytest.fixture
def scripted_producer():
    template = Producer.objects.filter(status=Status.PUBLISHED).first()
    template.pk = None
    template.ref = "XSS-1"
    template.name = SCRIPT_NAME
    template.save()
    return template


def test_html_in_a_name_is_returned_verbatim_as_data(client, scripted_producer):
    assert client.get(f"/api/v1/producers/{scripted_producer.pk}/").json()["name"] == SCRIPT_NAME
    found = client.get("/ogc/collections/producers/items", {"name_contains": "onerror", "f": "json"}).json()
    assert [f["properties"]["name"] for f in found["features"]] == [SCRIPT_NAME]


def test_html_in_a_name_is_escaped_in_pages(admin_client, client, scripted_producer):
    for page in (admin_client.get(reverse("admin:registry_producer_changelist")),
                 admin_client.get(reverse("admin:registry_producer_change", args=[scripted_producer.pk])),
                 client.get(f"/ogc/collections/producers/items/{scripted_producer.pk}", {"f": "html"})):
        html = page.content.decode()
        assert page.status_code == 200
        assert '<img src=x onerror="alert(1)">' not in html and '<script>alert("ocop")</script>' not in html
        assert "&lt;script&gt;" in html or "\\u003Cscript\\u003E" in html


def test_planner_embeds_names_as_json_data_not_markup(admin_client, scripted_producer):
    html = admin_client.get("/tours/plan/").content.decode()
    assert '<script>alert("ocop")</script>' not in html  # json_script escapes <, > and &
