"""Tiles in one statement with the precomputed low-zoom grid (layers/mvt.py, issue 17) against the slow
path they replace: a separate count choosing points or a grid aggregated live from every point."""
import math

import mapbox_vector_tile
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gis_app.registry.models import Producer
from layers import mvt
from layers.catalogue import get_layer
from layers.models import TileGridBuild, TileGridCell
from layers.versions import data_version

pytestmark = pytest.mark.django_db


def tile_of(lon, lat, z):
    n = 2 ** z
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)


def slow_tile(layer, queryset, z, x, y):
    """The tile as it was computed before: count round trip, then points or a live grid."""
    rows = mvt._in_tile(layer, queryset, z, x, y)
    dense = rows.order_by()[:mvt.MAX_POINTS + 1].count() > mvt.MAX_POINTS
    if layer.is_point and (z < layer.cluster_below_zoom or dense):
        sql, params = mvt._live_grid_sql(layer, rows, z, x, y)
    else:
        sql, params = mvt._feature_sql(layer, rows, z, x, y)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        data = cursor.fetchone()[0]
    return bytes(data) if data is not None else b""


def decoded(data, layer_id):
    if not data:
        return []
    layer = mapbox_vector_tile.decode(data).get(layer_id, {"features": []})
    return sorted((repr(f["geometry"]), sorted(f["properties"].items()), f.get("id")) for f in layer["features"])


def tiles_over_the_data(layer, zooms):
    points = layer.filtered().values_list(layer.geometry, flat=True)
    found = set()
    for point in points:
        for z in zooms:
            found.add((z, *tile_of(point.x, point.y, z)))
    return sorted(found)


@pytest.mark.parametrize("layer_id", ["producers", "products", "tourism_sites", "craft_villages", "admin_units"])
def test_every_tile_over_the_data_decodes_to_the_slow_paths_features(layer_id, monkeypatch):
    monkeypatch.setattr(mvt, "MAX_POINTS", 4)  # dense tiles at every zoom, with the demo's few points
    layer = get_layer(layer_id)
    zooms = range(0, 16) if layer.is_point else (6, 10, 13)
    tiles = tiles_over_the_data(layer, zooms) if layer.is_point else \
        [(z, *tile_of(106.65, 11.0, z)) for z in zooms]
    assert len(tiles) > 20 or not layer.is_point
    for z, x, y in tiles:
        fast = mvt.tile(layer, layer.filtered(), z, x, y, unfiltered=True)
        assert decoded(fast, layer.id) == decoded(slow_tile(layer, layer.filtered(), z, x, y), layer.id), (z, x, y)
    if layer.is_point:  # one grid for the data version (other tests may have committed one for theirs)
        assert TileGridBuild.objects.filter(layer=layer.id, version=data_version(layer)).count() == 1


def test_filtered_tiles_aggregate_live_and_match_the_slow_path():
    layer = get_layer("producers")
    builds = TileGridBuild.objects.count()
    queryset = layer.filtered({"legal_form": "household"})
    for z in (4, 8, 10, 12, 14):
        x, y = tile_of(106.65, 11.0, z)
        fast = mvt.tile(layer, queryset, z, x, y)
        assert decoded(fast, "producers") == decoded(slow_tile(layer, queryset, z, x, y), "producers")
    assert TileGridBuild.objects.count() == builds


def test_the_grid_has_every_point_once_at_every_zoom():
    layer = get_layer("producers")
    mvt.build_grid(layer)
    total = Producer.objects.published().count()
    build = TileGridBuild.objects.get(layer="producers", version=data_version(layer))
    sizes = []
    for z in range(0, mvt.PRECOMPUTED_MAX_ZOOM + 1):
        cells = TileGridCell.objects.filter(build=build, z=z)
        assert sum(cells.values_list("n", flat=True)) == total
        sizes.append(cells.count())
    assert sizes == sorted(sizes) and sizes[0] <= 4 and sizes[-1] > 20  # coarser zooms, fewer cells


def test_an_edit_builds_a_fresh_grid_and_the_tile_shows_it():
    layer = get_layer("producers")
    z, (x, y) = 8, tile_of(106.65, 11.0, 8)
    before = mvt.versioned_tile(layer, layer.filtered(), z, x, y, unfiltered=True)
    moved = Producer.objects.published().order_by("pk").first()
    Producer.objects.filter(pk=moved.pk).update(status="draft")
    after = mvt.versioned_tile(layer, layer.filtered(), z, x, y, unfiltered=True)
    assert after[0] != before[0]
    counts = [sum(f[1][0][1] for f in decoded(t, "producers")) for _, t in (before, after)]
    assert counts[1] == counts[0] - 1
    assert decoded(after[1], "producers") == decoded(slow_tile(layer, layer.filtered(), z, x, y), "producers")
    for _ in range(3):  # builds beyond the newest two are dropped
        Producer.objects.filter(pk=moved.pk).update(name=moved.name + "x")
        mvt.versioned_tile(layer, layer.filtered(), z, x, y, unfiltered=True)
    assert TileGridBuild.objects.filter(layer="producers").count() == mvt.KEEP_BUILDS
    assert not TileGridCell.objects.exclude(build__in=TileGridBuild.objects.all()).exists()


def test_an_uncached_tile_is_one_statement_and_a_cached_one_too(client):
    layer = get_layer("producers")
    z, (x, y) = 13, tile_of(106.65, 11.0, 13)
    mvt.build_grid(layer)
    client.get(f"/tiles/producers/5/{x >> 8}/{y >> 8}.pbf")  # the process learns the data version
    with CaptureQueriesContext(connection) as uncached:
        first = client.get(f"/tiles/producers/{z}/{x}/{y}.pbf")
    with CaptureQueriesContext(connection) as cached:
        second = client.get(f"/tiles/producers/{z}/{x}/{y}.pbf")
    assert first.status_code == second.status_code == 200 and first.content == second.content
    assert len(uncached.captured_queries) == 1 and len(cached.captured_queries) == 1
