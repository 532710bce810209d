"""The demo road network, imported from fixtures/roads.osm by osm2pgrouting."""
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from gis_app.registry.models import TourismSite
from gis_app.roads.graph import EDGES_SQL
from gis_app.roads.models import RoadEdge, RoadVertex

pytestmark = pytest.mark.django_db


def test_demo_network_is_one_connected_component():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT component) FROM pgr_connectedComponents(%s)", [EDGES_SQL])
        assert cursor.fetchone()[0] == 1
    assert RoadVertex.objects.count() > 50


def test_travel_time_follows_maxspeed_tag_or_road_class_speed():
    mptv = RoadEdge.objects.filter(name="Đường Mỹ Phước – Tân Vạn").first()
    assert mptv.speed_kmh == 70  # its own maxspeed tag
    lane = RoadEdge.objects.filter(road_class="residential").first()
    assert lane.speed_kmh == 25  # class speed from mapconfig.xml
    for edge in (mptv, lane):
        assert edge.cost_s == pytest.approx(edge.length_m / (edge.speed_kmh / 3.6), rel=1e-6)


def test_one_way_street_is_closed_against_its_direction():
    one_way = RoadEdge.objects.filter(name__contains="một chiều")
    assert one_way.exists()
    assert all(edge.cost_s > 0 and edge.reverse_cost_s < 0 for edge in one_way)
    assert RoadEdge.objects.exclude(name__contains="một chiều").filter(reverse_cost_s__lt=0).count() == 0


def test_every_demo_tourism_site_has_a_link_road():
    names = set(RoadEdge.objects.filter(name__startswith="Đường vào ").values_list("name", flat=True))
    assert names == {f"Đường vào {site.name}" for site in TourismSite.objects.all()}


def test_import_command_reloads_the_same_network():
    before = sorted(RoadEdge.objects.values_list("name", "length_m", "cost_s"))
    call_command("import_roads", str(Path(settings.BASE_DIR) / "fixtures" / "roads.osm"), verbosity=0)
    after = sorted(RoadEdge.objects.values_list("name", "length_m", "cost_s"))
    assert after == before



@pytest.mark.parametrize("content,message", [
    ('<?xml version="1.0"?><osm version="0.6"><node id="1" lat="11" lon="106.6"/></osm>', "no routable roads"),
    ('<osm><way id="1"><nd ref="5"/></osm>', "osm2pgrouting failed"),
])
def test_failed_import_is_reported_and_keeps_the_previous_network(tmp_path, content, message):
    before = RoadEdge.objects.count()
    bad = tmp_path / "bad.osm"
    bad.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_roads", str(bad), verbosity=0)
    assert RoadEdge.objects.count() == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'roads_import%%'")
        assert cursor.fetchone()[0] == 0


REAL_LIKE_OSM = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="osmium/1.16">
 <bounds minlat="10.9" minlon="106.6" maxlat="11.0" maxlon="106.7"/>
 <node id="101" version="3" timestamp="2024-01-01T00:00:00Z" lat="10.95" lon="106.60"><tag k="highway" v="traffic_signals"/></node>
 <node id="102" version="1" lat="10.95" lon="106.62"/>
 <node id="103" version="1" lat="10.95" lon="106.64"/>
 <node id="104" version="1" lat="10.97" lon="106.62"/>
 <node id="105" version="1" lat="10.96" lon="106.63"/>
 <node id="106" version="1" lat="10.96" lon="106.631"/>
 <way id="201" version="5"><nd ref="101"/><nd ref="102"/><nd ref="103"/>
  <tag k="highway" v="primary"/><tag k="name" v="Đại lộ Bình Dương"/><tag k="maxspeed" v="80"/><tag k="lanes" v="6"/></way>
 <way id="202" version="2"><nd ref="102"/><nd ref="104"/>
  <tag k="highway" v="residential"/><tag k="name" v="Hẻm 12"/><tag k="oneway" v="-1"/></way>
 <way id="203" version="1"><nd ref="103"/><nd ref="105"/><tag k="highway" v="footway"/></way>
 <way id="204" version="1"><nd ref="105"/><nd ref="106"/><nd ref="103"/><nd ref="105"/><tag k="building" v="yes"/></way>
 <relation id="301" version="1"><member type="way" ref="201" role=""/><tag k="type" v="route"/><tag k="route" v="bus"/></relation>
</osm>
"""


def test_real_osm_extract_keeps_car_roads_with_their_speed_and_direction(tmp_path):
    path = tmp_path / "extract.osm"
    path.write_text(REAL_LIKE_OSM, encoding="utf-8")
    call_command("import_roads", str(path), verbosity=0)
    edges = {(e.name, e.road_class): e for e in RoadEdge.objects.all()}
    assert set(edges) == {("Đại lộ Bình Dương", "primary"), ("Hẻm 12", "residential")}  # no footway, building
    assert RoadEdge.objects.filter(name="Đại lộ Bình Dương").count() == 2  # split at the junction with Hẻm 12
    assert all(e.speed_kmh == 80 for e in RoadEdge.objects.filter(name="Đại lộ Bình Dương"))
    lane = edges[("Hẻm 12", "residential")]
    assert lane.cost_s < 0 < lane.reverse_cost_s  # oneway=-1: open only against the drawing direction
