"""Issue 26 item 6: every GeoJSON the server writes has counter-clockwise exterior rings and clockwise holes
(RFC 7946 §3.1.6), whatever order the database holds them in: the REST API, its aggregates, the OGC API,
the layer exports, the supply answers and the maps' configurations, all through gis_app/core/geojson.py.

Each ring's orientation is checked by its own signed area (the shoelace formula, written here again)."""
import json
import zipfile
from io import BytesIO

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from gis_app.core import geojson
from gis_app.places.models import AdminUnit
from gis_app.registry.models import CraftVillage, TourismSite
from gis_app.web import map_config

pytestmark = pytest.mark.django_db


def shoelace(ring):
    """Twice the signed area of a closed ring of positions: > 0 counter-clockwise, < 0 clockwise."""
    return sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1))


def polygons(geometry):
    """Every polygon (a list of rings) of a GeoJSON geometry."""
    if not geometry:
        return []
    kind = geometry["type"]
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    if kind == "GeometryCollection":
        return [p for g in geometry["geometries"] for p in polygons(g)]
    return []


def geometries(document):
    """Every geometry of a GeoJSON document (FeatureCollection, Feature or geometry) or of the API's detail."""
    if isinstance(document, list):
        return [g for item in document for g in geometries(item)]
    if not isinstance(document, dict):
        return []
    if document.get("type") == "FeatureCollection":
        return geometries(document["features"])
    if document.get("type") == "Feature" or "geometry" in document:
        return [document["geometry"]]
    if document.get("type") in ("Polygon", "MultiPolygon", "GeometryCollection"):
        return [document]
    return []


def wrongly_wound(document):
    """(polygons seen, holes seen, the rings wound against RFC 7946)."""
    seen, holes, wrong = 0, 0, []
    for geometry in geometries(document):
        for polygon in polygons(geometry):
            seen += 1
            holes += len(polygon) - 1
            wrong += [(n, ring[:2]) for n, ring in enumerate(polygon) if (shoelace(ring) > 0) != (n == 0)]
    return seen, holes, wrong


def square(west, south, size):
    """A closed clockwise square (the order shapefiles and the demo boundaries use)."""
    return ((west, south), (west, south + size), (west + size, south + size), (west + size, south), (west, south))


@pytest.fixture
def holed_village():
    """A published craft village whose area is stored with a clockwise exterior and a counter-clockwise hole:
    both rings wound against RFC 7946."""
    village = CraftVillage.objects.published().order_by("pk").first()
    centre = village.area.centroid
    outer = square(centre.x - 0.01, centre.y - 0.01, 0.02)
    hole = tuple(reversed(square(centre.x - 0.002, centre.y - 0.002, 0.004)))
    village.area = MultiPolygon(Polygon(outer, hole), srid=4326)
    village.save()
    stored = json.loads(village.area.geojson)["coordinates"][0]
    assert shoelace(stored[0]) < 0 and shoelace(stored[1]) > 0  # the test can fail
    return village


def test_the_demo_boundaries_are_stored_clockwise_so_these_tests_can_fail():
    unit = AdminUnit.objects.order_by("pk").first()
    assert shoelace(json.loads(unit.geom.geojson)["coordinates"][0][0]) < 0


def check(document, polygons_at_least=1, holes_at_least=0):
    seen, holes, wrong = wrongly_wound(document)
    assert seen >= polygons_at_least and holes >= holes_at_least
    assert wrong == []


def test_api_units_have_counter_clockwise_exteriors(client):
    body = client.get("/api/v1/units/", {"page_size": 1000}).json()
    check(body, polygons_at_least=100)
    unit = body["features"][0]["id"]
    check(client.get(f"/api/v1/units/{unit}/").json())


def test_api_villages_have_counter_clockwise_exteriors_and_clockwise_holes(client, holed_village):
    check(client.get("/api/v1/villages/").json(), holes_at_least=1)
    check(client.get(f"/api/v1/villages/{holed_village.pk}/").json(), holes_at_least=1)


def test_api_unit_aggregates_have_counter_clockwise_exteriors(client):
    check(client.get("/api/v1/aggregates/units/").json(), polygons_at_least=10)


@pytest.mark.parametrize("layer_id", ["admin_units", "craft_villages"])
def test_ogc_items_have_counter_clockwise_exteriors(client, holed_village, layer_id):
    check(client.get(f"/ogc/collections/{layer_id}/items", {"limit": 10000}).json(),
          holes_at_least=1 if layer_id == "craft_villages" else 0)


def test_one_ogc_item_has_counter_clockwise_exteriors_and_clockwise_holes(client, holed_village):
    check(client.get(f"/ogc/collections/craft_villages/items/{holed_village.pk}").json(), holes_at_least=1)


@pytest.mark.parametrize("layer_id", ["admin_units", "craft_villages"])
def test_geojson_exports_have_counter_clockwise_exteriors(client, holed_village, layer_id):
    response = client.get(f"/export/{layer_id}.geojson")
    assert response.status_code == 200
    body = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)
    check(body, holes_at_least=1 if layer_id == "craft_villages" else 0)


def test_export_job_files_have_counter_clockwise_exteriors(admin_client, holed_village):
    """The background export (a file written by a job) goes through the same writer."""
    from gis_app.jobs.models import Job

    response = admin_client.post("/export/craft_villages.geojson/job")
    assert response.status_code == 202, response.content[:300]
    job = Job.objects.get(pk=response.json()["job"])
    with job.result_file.open("rb") as handle:
        content = handle.read()
    if content[:2] == b"PK":
        with zipfile.ZipFile(BytesIO(content)) as archive:
            content = archive.read(next(n for n in archive.namelist() if n.endswith(".geojson")))
    check(json.loads(content), holes_at_least=1)


def test_supply_hulls_and_catchment_areas_are_counter_clockwise(admin_client):
    clusters = admin_client.get("/api/v1/supply/clusters/", {"eps": 2500, "min_points": 3}).json()
    check(clusters)
    concave = admin_client.get("/api/v1/supply/clusters/", {"method": "kmeans", "k": 4, "hull": "concave"}).json()
    check(concave)
    export = admin_client.get("/api/v1/supply/clusters/export.geojson", {"method": "kmeans", "k": 4})
    check(json.loads(export.content))
    catchment = admin_client.get("/api/v1/supply/catchment/", {"point": "106.65,11.0", "minutes": 20}).json()
    check(catchment)


def test_supply_job_files_have_counter_clockwise_hulls(admin_client, settings, tmp_path):
    """The clusters of the whole province as a background job: its GeoJSON text is written by PostgreSQL."""
    settings.MEDIA_ROOT = tmp_path
    for params in ("eps=2500&min_points=3", "method=kmeans&k=4&hull=concave&concavity=0.3"):
        answer = admin_client.post(f"/api/v1/supply/clusters/job/?{params}")
        assert answer.status_code == 202, answer.content
        status = admin_client.get(answer.json()["status_url"]).json()
        assert status["state"] == "done", status
        check(json.loads(b"".join(admin_client.get(status["result_url"]).streaming_content)))


def test_site_maps_draw_counter_clockwise_areas_and_communes():
    site = TourismSite.objects.published().exclude(commune=None).order_by("pk").first()
    site.area = MultiPolygon(Polygon(square(site.location.x - 0.01, site.location.y - 0.01, 0.02)), srid=4326)
    config = map_config.site_map(site)
    check({"type": "GeometryCollection", "geometries": [config["area"], config["commune"]]}, polygons_at_least=2)


def test_the_python_helper_winds_rings_like_postgis():
    outer, hole = square(0, 0, 10), tuple(reversed(square(2, 2, 2)))
    wound = geojson.from_geos(MultiPolygon(Polygon(outer, hole), Polygon(square(20, 0, 1)), srid=4326))
    check(wound, polygons_at_least=2, holes_at_least=1)
    assert geojson.oriented(wound) == wound  # already right: unchanged
    assert geojson.oriented({"type": "Point", "coordinates": [1, 2]}) == {"type": "Point", "coordinates": [1, 2]}
    assert geojson.from_geos(None) is None
