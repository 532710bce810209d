"""The supply API as officers use it: GeoJSON answers, exports, clear refusals in Vietnamese and English."""
import csv
import io
import json

import pytest
from django.core.management import call_command

from gis_app.registry.models import Producer
from gis_app.supply.factories import clear_network

CLUSTERS = "/api/v1/supply/clusters/"
POINTS = "/api/v1/supply/collection-points/"
CATCHMENT = "/api/v1/supply/catchment/"


def get(client, url, language="en", **params):
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.django_db
def test_clusters_answer_geojson_with_hulls_producers_and_noise(staff):
    body = get(staff, CLUSTERS, eps=2500, min_points=3).json()
    hulls = [f for f in body["features"] if f["properties"]["kind"] == "cluster"]
    points = [f for f in body["features"] if f["properties"]["kind"] == "producer"]
    assert body["type"] == "FeatureCollection" and len(hulls) == body["cluster_count"] >= 1
    assert len(points) == body["producer_count"] == Producer.objects.published().count()
    assert sorted(f["properties"]["id"] for f in points if f["properties"]["cluster"] is None) == sorted(body["noise"])
    for hull in hulls:
        members = [f for f in points if f["properties"]["cluster"] == hull["properties"]["cluster"]]
        assert hull["properties"]["size"] == len(members) >= 3


@pytest.mark.django_db
def test_csv_export_is_utf8_with_bom_and_one_row_per_producer(staff):
    response = get(staff, "/api/v1/supply/clusters/export.csv", method="kmeans", k=4)
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == Producer.objects.published().count()
    assert {r["Cluster"] for r in rows} == {"1", "2", "3", "4"}  # headed in the request's language (English)
    assert any("sơn mài" in r["Name"] for r in rows)


@pytest.mark.django_db
def test_geojson_export_downloads_the_same_clusters(staff):
    shown = get(staff, CLUSTERS, eps=4000, min_points=3, group="2023.FOOD").json()
    response = get(staff, "/api/v1/supply/clusters/export.geojson", eps=4000, min_points=3, group="2023.FOOD")
    assert response["Content-Type"] == "application/geo+json"
    assert json.loads(response.content) == shown


@pytest.mark.django_db
def test_collection_points_report_both_totals_and_the_saving_on_the_demo_network(staff):
    body = get(staff, POINTS, method="kmeans", k=4, max_snap_m=5000).json()
    best = [f["properties"] for f in body["features"] if f["properties"]["kind"] == "collection_point"]
    assert len(best) == 4
    for p in best:
        assert p["best"]["total_minutes"] > 0
        if p["saving_minutes"] is not None:
            assert p["saving_minutes"] == pytest.approx(p["centroid"]["total_minutes"] - p["best"]["total_minutes"])
            assert p["saving_minutes"] >= 0


@pytest.mark.django_db
def test_catchment_lists_reached_producers_in_travel_time_order_with_an_area(staff):
    body = get(staff, CATCHMENT, point="106.65,11.0", minutes=20).json()
    area = [f for f in body["features"] if f["properties"]["kind"] == "area"]
    minutes = [f["properties"]["minutes"] for f in body["features"] if f["properties"]["kind"] == "producer"]
    assert len(area) == 1 and area[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert minutes == sorted(minutes) and all(m <= 20 for m in minutes) and minutes
    wider = get(staff, CATCHMENT, point="106.65,11.0", minutes=40).json()
    assert set(body["producer_ids"]) <= set(wider["producer_ids"])


BAD = [
    (CLUSTERS, {"eps": "0"}, "eps", 400, "must be more than 0", "phải lớn hơn 0"),
    (CLUSTERS, {"eps": "-5"}, "eps", 400, "must be more than 0", "phải lớn hơn 0"),
    (CLUSTERS, {"eps": "50001"}, "eps", 400, "at most 50000", "không quá 50000"),
    (CLUSTERS, {"eps": "abc"}, "eps", 400, "is not a number", "không phải là số"),
    (CLUSTERS, {"method": "kmeans", "k": "0"}, "k", 400, "must be at least 1", "ít nhất là 1"),
    (CLUSTERS, {"method": "kmeans", "k": "-2"}, "k", 400, "must be at least 1", "ít nhất là 1"),
    (CLUSTERS, {"method": "kmeans", "k": "65"}, "k", 400, "more than the 64 producers", "lớn hơn số 64 chủ thể"),
    (CLUSTERS, {"method": "kmeans"}, "k", 400, "is required", "cần tham số k"),
    (CLUSTERS, {"group": "2023.PHONES"}, "group", 400, "Unknown product group", "Không có nhóm"),
    (CLUSTERS, {"district": "999"}, "district", 400, "Unknown district", "Không có mã huyện"),
    (CLUSTERS, {"method": "optics"}, "method", 400, "is not one of", "không thuộc các giá trị"),
    (POINTS, {"method": "kmeans", "k": "3", "group": "2019.TEXT", "district": "718"}, "k", 400,
     "more than the", "lớn hơn số"),
    (CATCHMENT, {}, "point", 400, "is required", "Cần có điểm xuất phát"),
    (CATCHMENT, {"point": "106.3,11.45"}, "point", 422, "from the nearest road", "cách con đường gần nhất"),
    (CATCHMENT, {"point": "106.65,11.0", "minutes": "0"}, "minutes", 400, "out of range", "nằm ngoài phạm vi"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url,params,field,status,english,vietnamese", BAD)
@pytest.mark.parametrize("language", ["en", "vi"])
def test_bad_input_is_refused_naming_the_parameter_in_the_request_language(
        staff, url, params, field, status, english, vietnamese, language):
    response = get(staff, url, language, **params)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["field"] == field
    assert (english if language == "en" else vietnamese) in error["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("language,text", [("en", "No road network is loaded"), ("vi", "Chưa nạp mạng lưới đường")])
@pytest.mark.parametrize("url,params", [(POINTS, {"eps": 3000}), (CATCHMENT, {"point": "106.65,11.0"})])
def test_without_a_road_network_routing_answers_say_so_instead_of_failing(staff, url, params, language, text):
    clear_network()
    response = get(staff, url, language, **params)
    assert response.status_code == 503
    assert text in response.json()["error"]["message"]
    assert get(staff, CLUSTERS, language, eps=3000).status_code == 200  # clustering needs no roads


@pytest.mark.django_db
@pytest.mark.parametrize("url", [CLUSTERS, POINTS, CATCHMENT, "/api/v1/supply/clusters/export.csv"])
def test_supply_api_is_for_staff_only(client, django_user_model, url):
    assert client.get(url, {"point": "106.65,11.0"}).status_code == 403
    client.force_login(django_user_model.objects.create_user("visitor", password="x"))
    assert client.get(url, {"point": "106.65,11.0"}).status_code == 403


@pytest.mark.django_db
def test_supply_endpoints_are_in_the_openapi_schema(tmp_path):
    out = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(out))
    paths = json.loads(out.read_text())["paths"]
    for path in (CLUSTERS, POINTS, CATCHMENT, "/api/v1/supply/clusters/export.csv",
                 "/api/v1/supply/clusters/export.geojson"):
        assert path in paths
    names = {p["name"] for p in paths[CLUSTERS]["get"]["parameters"]}
    assert {"eps", "min_points", "k", "method", "group", "min_stars", "district", "hull"} <= names
    assert "point" in {p["name"] for p in paths[CATCHMENT]["get"]["parameters"]}
