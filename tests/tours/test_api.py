"""The tours API: compute, save, publish, export (read back with GDAL), and every kind of bad input."""
import datetime

import pytest
from django.contrib.gis.gdal import DataSource
from django.contrib.gis.geos import Point
from drf_spectacular.generators import SchemaGenerator

from gis_app.accounts.models import Role
from gis_app.accounts.roles import assign_role
from gis_app.registry.models import TourismSite
from gis_app.roads.models import RoadEdge, RoadVertex
from gis_app.tours.models import Tour

pytestmark = pytest.mark.django_db

COMPUTE = "/api/v1/tours/compute/"


def site_ids(*names):
    sites = dict(TourismSite.objects.values_list("name", "pk"))
    return [sites[n] for n in names]


LAI_THIEU, TBH, BACH_DANG, SHOWROOM = "Vườn trái cây Lái Thiêu", "Làng nghề sơn mài Tương Bình Hiệp", \
    "Vườn bưởi cù lao Bạch Đằng", "Điểm trưng bày sản phẩm OCOP Bình Dương"


def post(client, url, data, language="en"):
    return client.post(url, data, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


def stops(*names):
    return [{"site": pk} for pk in site_ids(*names)]


def test_compute_gives_order_route_totals_with_visits():
    from django.test import Client
    response = post(Client(), COMPUTE, {"stops": stops(SHOWROOM, BACH_DANG, TBH, LAI_THIEU), "end": "round",
                                        "start_at": "2026-12-01T08:00:00+07:00"})
    assert response.status_code == 200
    plan = response.json()
    assert plan["stops"][0]["name"] == SHOWROOM and plan["exact"]
    assert plan["route"]["type"] == "LineString"
    visits = sum(TourismSite.objects.filter(name__in=[SHOWROOM, BACH_DANG, TBH, LAI_THIEU])
                 .values_list("visit_minutes", flat=True)) * 60
    assert plan["visit_seconds"] == visits
    assert plan["total_seconds"] == pytest.approx(plan["drive_seconds"] + visits)
    back = datetime.datetime.fromisoformat(plan["return_at"]) - datetime.datetime.fromisoformat(
        plan["stops"][-1]["departure"])
    assert plan["drive_seconds"] == pytest.approx(sum(s["leg_seconds"] for s in plan["stops"]) + back.total_seconds())
    assert back.total_seconds() > 0


@pytest.mark.parametrize("language,text", [("en", "before opening time"), ("vi", "trước giờ mở cửa")])
def test_stop_reached_before_opening_is_flagged(client, language, text):
    response = post(client, COMPUTE, {"stops": stops(LAI_THIEU, TBH), "optimize": False,
                                      "start_at": "2026-12-01T06:00:00+07:00"}, language)
    first, second = response.json()["stops"]
    assert first["warnings"] and text in first["warnings"][0]  # Lái Thiêu opens at 07:00
    assert second["arrival"] >= "2026-12-01T06:00"


def test_stop_closed_on_that_weekday_is_flagged(client):
    TourismSite.objects.filter(name=TBH).update(open_weekdays=[5, 6])  # weekends only
    response = post(client, COMPUTE, {"stops": stops(LAI_THIEU, TBH), "optimize": False,
                                      "start_at": "2026-12-01T08:00:00+07:00"})  # a Tuesday
    assert "Closed on this day" in response.json()["stops"][1]["warnings"][0]
    response = post(client, COMPUTE, {"stops": stops(LAI_THIEU, TBH), "optimize": False,
                                      "start_at": "2026-12-05T08:00:00+07:00"})  # a Saturday
    assert response.json()["stops"][1]["warnings"] == []


def save(client, **extra):
    data = {"name": "Vườn trái cây và sơn mài", "stops": stops(LAI_THIEU, TBH, BACH_DANG), **extra}
    return post(client, "/api/v1/tours/", data)


def test_saving_needs_login_and_drafts_stay_private(client, admin_client, django_user_model):
    assert save(client).status_code in (401, 403)
    response = save(admin_client)
    assert response.status_code == 201
    tour = response.json()
    assert [s["name"] for s in tour["stops"]][0] == LAI_THIEU and tour["status"] == "draft"
    assert client.get(f"/api/v1/tours/{tour['id']}/").status_code == 404
    other = django_user_model.objects.create_user("planner2", password="x-long-password")
    client.force_login(other)
    assert client.post(f"/api/v1/tours/{tour['id']}/publish/").status_code == 404
    client.logout()
    assert admin_client.post(f"/api/v1/tours/{tour['id']}/publish/").status_code == 200
    assert client.get(f"/api/v1/tours/{tour['id']}/").json()["status"] == "published"
    assert tour["id"] in [t["id"] for t in client.get("/api/v1/tours/").json()]


def test_author_may_publish_but_another_planner_may_not(client, django_user_model):
    author = django_user_model.objects.create_user("author", password="x-long-password")
    assign_role(author, Role.TOURISM_PLANNER)  # saving and publishing tours is the planners' job (issue 8)
    client.force_login(author)
    tour_id = save(client).json()["id"]
    Tour.objects.filter(pk=tour_id).update(status="published")
    other = django_user_model.objects.create_user("other", password="x-long-password")
    assign_role(other, Role.TOURISM_PLANNER)
    client.force_login(other)
    response = client.post(f"/api/v1/tours/{tour_id}/publish/")
    assert response.status_code == 403 and response.json()["error"]["field"] == "tour"
    client.force_login(author)
    assert client.post(f"/api/v1/tours/{tour_id}/publish/").status_code == 200


@pytest.mark.parametrize("fmt", ["gpx", "kml"])
def test_export_reads_back_with_gdal_with_route_and_stop_names(admin_client, tmp_path, fmt):
    tour = save(admin_client).json()
    response = admin_client.get(f"/api/v1/tours/{tour['id']}/export/{fmt}/")
    assert response.status_code == 200
    path = tmp_path / f"tour.{fmt}"
    path.write_bytes(response.content)
    source = DataSource(str(path))
    layers = {layer.name: layer for layer in source}
    points = list(layers["waypoints"])
    assert [f.get("name") if fmt == "gpx" else f.get("Name") for f in points] == [s["name"] for s in tour["stops"]]
    for feature, stop in zip(points, tour["stops"]):
        assert feature.geom.x == pytest.approx(stop["lon"], abs=1e-6)
        assert feature.geom.y == pytest.approx(stop["lat"], abs=1e-6)
    (track,) = list(layers["tracks"])
    line = track.geom.geos if track.geom.geom_type.name.startswith("Line") else track.geom.geos[0]
    expected = tour["route"]["coordinates"]
    assert len(line.coords) == len(expected)
    assert all(a == pytest.approx(b, abs=1e-6) for p, q in zip(line.coords, expected) for a, b in zip(p[:2], q))


def test_unknown_export_format_is_refused(admin_client):
    tour = save(admin_client).json()
    response = admin_client.get(f"/api/v1/tours/{tour['id']}/export/shp/")
    assert response.status_code == 400 and response.json()["error"]["field"] == "format"


# --- bad input -----------------------------------------------------------------------------------


def test_stop_far_from_any_road_gets_422_naming_it(client):
    response = post(client, COMPUTE, {"stops": [*stops(LAI_THIEU), {"name": "Cánh đồng xa", "lon": 106.45,
                                                                     "lat": 11.05}]})
    assert response.status_code == 422
    assert response.json()["error"] == {"field": "stops[2]",
                                        "message": "Stop “Cánh đồng xa” is not connected to the road network."}


def test_stop_on_a_road_cut_off_from_the_network_gets_422_naming_it(client):
    a, b = RoadVertex.objects.create(geom=Point(106.90, 11.40)), RoadVertex.objects.create(geom=Point(106.91, 11.40))
    from django.contrib.gis.geos import LineString
    RoadEdge.objects.create(name="Đường cụt", road_class="residential", source=a, target=b, length_m=1090,
                            speed_kmh=25, cost_s=157, reverse_cost_s=157, geom=LineString(a.geom, b.geom))
    response = post(client, COMPUTE, {"stops": [*stops(LAI_THIEU, TBH), {"name": "Trại ong", "lon": 106.905,
                                                                         "lat": 11.4001}]}, "vi")
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "stops[3]"
    assert "Trại ong" in response.json()["error"]["message"]


def test_more_than_25_stops_is_a_400(client):
    response = post(client, COMPUTE, {"stops": stops(LAI_THIEU) * 26})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "stops" and "25" in response.json()["error"]["message"]


def test_no_road_network_is_a_clear_503(client):
    RoadEdge.objects.all().delete()
    response = post(client, COMPUTE, {"stops": stops(LAI_THIEU, TBH)})
    assert response.status_code == 503
    assert "import_roads" in response.json()["error"]["message"]


@pytest.mark.parametrize("route", [
    {"type": "LineString", "coordinates": [[106.7, 10.9]]},
    {"type": "LineString", "coordinates": [[106.7, 10.9], [106.7, 10.9]]},
    {"type": "LineString", "coordinates": [[106.7, 10.9], ["x", 11]]},
    {"type": "LineString", "coordinates": [[106.7, 10.9], [200, 11]]},
    {"type": "Polygon", "coordinates": [[[106.7, 10.9], [106.8, 10.9], [106.8, 11], [106.7, 10.9]]]},
    "LINESTRING(106.7 10.9, 106.8 11)",
])
def test_hand_drawn_route_that_is_not_a_valid_line_is_a_400(client, route):
    response = post(client, COMPUTE, {"stops": stops(LAI_THIEU, TBH), "route": route})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "route"


def test_hand_drawn_route_keeps_stop_order_and_measures_its_length(client):
    lai_thieu, tbh = TourismSite.objects.get(name=LAI_THIEU), TourismSite.objects.get(name=TBH)
    route = {"type": "LineString", "coordinates": [list(lai_thieu.location.coords), [106.66, 10.96],
                                                   list(tbh.location.coords)]}
    response = post(client, COMPUTE, {"stops": stops(TBH, LAI_THIEU), "route": route})
    plan = response.json()
    assert response.status_code == 200 and plan["drawn"]
    assert [s["name"] for s in plan["stops"]] == [TBH, LAI_THIEU]
    from pyproj import Geod
    geod = Geod(ellps="WGS84")
    length = sum(geod.inv(*a, *b)[2] for a, b in zip(route["coordinates"], route["coordinates"][1:]))
    assert plan["distance_m"] == pytest.approx(length, rel=1e-3)


def test_stops_all_at_one_place_are_a_400(client):
    response = post(client, COMPUTE, {"stops": stops(LAI_THIEU, LAI_THIEU)})
    assert response.status_code == 400 and response.json()["error"]["field"] == "stops"


def test_a_stop_given_twice_in_a_row_adds_no_driving(client):
    response = post(client, COMPUTE, {"stops": stops(LAI_THIEU, TBH, TBH), "optimize": False})
    legs = [s["leg_seconds"] for s in response.json()["stops"]]
    assert legs[0] == 0 and legs[1] > 0 and legs[2] == 0


def test_unknown_site_is_a_404_naming_the_stop(client):
    response = post(client, COMPUTE, {"stops": [*stops(LAI_THIEU), {"site": 999999}]})
    assert response.status_code == 404 and response.json()["error"]["field"] == "stops[2]"


def test_tour_endpoints_are_in_the_openapi_schema():
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for path in ["/api/v1/tours/", "/api/v1/tours/compute/", "/api/v1/tours/along/", "/api/v1/tours/{id}/",
                 "/api/v1/tours/{id}/publish/", "/api/v1/tours/{id}/along/", "/api/v1/tours/{id}/export/{fmt}/"]:
        assert path in paths, path
    assert "requestBody" in paths["/api/v1/tours/compute/"]["post"]
