"""Any developer reads the API's OpenAPI description and tries it in Swagger UI, served without a CDN."""
import re

import pytest
import yaml


@pytest.mark.django_db
def test_openapi_schema_lists_every_endpoint_and_its_filters(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    paths = schema["paths"]
    for name in ("producers", "products", "evaluations", "sites", "villages", "units", "events", "points-of-sale"):
        assert f"/api/v1/{name}/" in paths and f"/api/v1/{name}/{{id}}/" in paths
    assert {"/api/v1/aggregates/units/", "/api/v1/aggregates/groups/"} <= set(paths)
    producer_params = {p["name"] for p in paths["/api/v1/producers/"]["get"]["parameters"]}
    assert {"bbox", "near", "radius", "nearest", "limit", "group", "subgroup", "min_stars", "legal_form", "unit",
            "q", "valid_on", "expiring_within", "page", "page_size"} <= producer_params


@pytest.mark.django_db
def test_openapi_schema_documents_the_events_filters_and_the_proposal_of_an_event(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    events = schema["paths"]["/api/v1/events/"]
    assert {"from", "to", "kind", "product", "producer", "q", "bbox", "page"} <= {
        p["name"] for p in events["get"]["parameters"]}
    proposal = events["post"]
    assert proposal["operationId"] == "events_create"
    assert {"201", "400", "401", "403"} <= set(proposal["responses"])
    body = proposal["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    fields = schema["components"]["schemas"][body]["properties"]
    assert {"name", "kind", "starts_on", "ends_on", "location", "products", "status"} <= set(fields)
    assert "proposed_by" not in fields  # set from the account, never sent


@pytest.mark.django_db
def test_swagger_ui_loads_its_assets_from_this_server(client):
    page = client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("swagger-ui-bundle.js" in a for a in assets)
    assert all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    assert "cdn" not in page.lower()
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
