"""Vector tiles: the right features in the right tile, aggregation at low zoom, bounded size, fresh after edits."""
import math

import mapbox_vector_tile
import pytest
from django.db import connection

from gis_app.registry.models import Producer, Status

pytestmark = pytest.mark.django_db

TBH = (106.632, 11.009)  # Tương Bình Hiệp lacquer village
MAX_TILE_BYTES = 500 * 1024


def tile_of(lon, lat, z):
    """The xyz tile holding lon/lat (slippy-map formula, independent of PostGIS)."""
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def tile_bounds(z, x, y, margin=0.0):
    n = 2 ** z

    def lon(tx):
        return tx / n * 360 - 180

    def lat(ty):
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * ty / n))))

    return lon(x - margin), lat(y + 1 + margin), lon(x + 1 + margin), lat(y - margin)


def published_inside(bounds):
    west, south, east, north = bounds
    return {p.pk: p.name for p in Producer.objects.published()
            if west <= p.location.x <= east and south <= p.location.y <= north}


def get_tile(client, layer, z, x, y, **headers):
    response = client.get(f"/tiles/{layer}/{z}/{x}/{y}.pbf", headers=headers)
    assert response.status_code in (200, 304), response.content
    return response


def features(response, layer="producers"):
    decoded = mapbox_vector_tile.decode(response.content) if response.content else {}
    return decoded.get(layer, {}).get("features", [])


def test_tile_around_tuong_binh_hiep_holds_the_lacquer_producers_by_name(client):
    z = 12
    x, y = tile_of(*TBH, z)
    got = {f["id"]: f["properties"]["name"] for f in features(get_tile(client, "producers", z, x, y))}
    inside = published_inside(tile_bounds(z, x, y))
    within_margin = published_inside(tile_bounds(z, x, y, margin=64 / 4096))
    assert "Công ty TNHH Mỹ nghệ Sơn mài Tương Bình Hiệp" in inside.values()
    assert inside.items() <= got.items() <= within_margin.items()


def test_tile_fields_are_few_and_never_private(client):
    z = 12
    x, y = tile_of(*TBH, z)
    props = [f["properties"] for f in features(get_tile(client, "producers", z, x, y))]
    assert props and all(set(p) == {"name", "legal_form"} for p in props)


def test_unpublished_producers_stay_out_of_tiles(client):
    producer = Producer.objects.get(name="Công ty TNHH Mỹ nghệ Sơn mài Tương Bình Hiệp")
    producer.status = Status.DRAFT
    producer.save()
    z = 12
    x, y = tile_of(*TBH, z)
    assert producer.pk not in {f["id"] for f in features(get_tile(client, "producers", z, x, y))}


def test_low_zoom_tile_aggregates_every_published_producer_into_counted_cells(client):
    z = 4
    x, y = tile_of(*TBH, z)
    cells = features(get_tile(client, "producers", z, x, y))
    assert sum(f["properties"]["count"] for f in cells) == Producer.objects.published().count()
    assert len(cells) < Producer.objects.published().count()  # some cells hold several producers
    assert any(f["properties"]["count"] > 1 and "id" not in f["properties"] for f in cells)


@pytest.mark.parametrize("z", [0, 1, 2, 3, 4])
def test_world_and_continent_tiles_count_every_published_producer(client, z):
    x, y = tile_of(*TBH, z)
    cells = features(get_tile(client, "producers", z, x, y))
    assert sum(f["properties"]["count"] for f in cells) == Producer.objects.published().count()


@pytest.mark.parametrize("z", range(5, 11))
def test_aggregated_tiles_count_the_producers_inside_them(client, z):
    x, y = tile_of(*TBH, z)
    counted = sum(f["properties"]["count"] for f in features(get_tile(client, "producers", z, x, y)))
    inside = published_inside(tile_bounds(z, x, y))
    assert len(inside) <= counted <= len(published_inside(tile_bounds(z, x, y, margin=64 / 4096)))


def test_polygon_layers_come_out_whole(client):
    z = 10
    x, y = tile_of(*TBH, z)
    villages = features(get_tile(client, "craft_villages", z, x, y), "craft_villages")
    assert "Làng nghề sơn mài Tương Bình Hiệp" in {f["properties"]["name"] for f in villages}
    assert {f["geometry"]["type"] for f in villages} <= {"Polygon", "MultiPolygon"}


def test_etag_answers_304_until_an_edit_then_the_tile_shows_the_edit(client):
    z = 12
    x, y = tile_of(*TBH, z)
    first = get_tile(client, "producers", z, x, y)
    etag = first["ETag"]
    assert "no-cache" in first["Cache-Control"]
    assert get_tile(client, "producers", z, x, y, if_none_match=etag).status_code == 304

    Producer.objects.filter(name="Cơ sở sơn mài Duy Tân").update(name="Cơ sở sơn mài Duy Tân (mới)")
    second = get_tile(client, "producers", z, x, y, if_none_match=etag)
    assert second.status_code == 200 and second["ETag"] != etag
    assert "Cơ sở sơn mài Duy Tân (mới)" in {f["properties"]["name"] for f in features(second)}


def test_tilejson_points_at_versioned_tiles_that_may_be_cached_long(client):
    doc = client.get("/tiles/producers.json").json()
    assert doc["tilejson"] == "3.0.0" and doc["vector_layers"][0]["id"] == "producers"
    west, south, east, north = doc["bounds"]
    assert west < TBH[0] < east and south < TBH[1] < north
    template = doc["tiles"][0]
    assert "?v=" in template
    x, y = tile_of(*TBH, 12)
    url = template.replace("{z}", "12").replace("{x}", str(x)).replace("{y}", str(y))
    assert "immutable" in client.get(url)["Cache-Control"]


def test_filters_narrow_tiles(client):
    z = 12
    x, y = tile_of(*TBH, z)
    response = client.get(f"/tiles/producers/{z}/{x}/{y}.pbf", {"legal_form": "enterprise"})
    kinds = {f["properties"]["legal_form"] for f in features(response)}
    assert kinds == {"enterprise"}


def _add_synthetic_producers(count):
    """`count` published producers spread over the province (inside this test's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO registry_producer (status, created_at, updated_at, legal_form, name, address, location, "
            "representative, public_phone, public_email, website, private_phone, private_email) "
            "SELECT 'published', now(), now(), 'household', 'Cơ sở thử nghiệm số ' || i, '', "
            "ST_SetSRID(ST_MakePoint(106.35 + 0.6 * random(), 10.88 + 0.55 * random()), 4326)::geography, "
            "'', '', '', '', '', '' FROM generate_series(1, %s) i",
            [count],
        )


def test_tiles_stay_under_500_kb_with_100k_producers(client):
    _add_synthetic_producers(100_000)
    total = Producer.objects.published().count()
    sizes = {}
    for z in (4, 8, 11, 12, 13):
        x, y = tile_of(*TBH, z)
        response = get_tile(client, "producers", z, x, y)
        sizes[z] = len(response.content)
        if z == 4:
            assert sum(f["properties"]["count"] for f in features(response)) == total
    assert max(sizes.values()) < MAX_TILE_BYTES, sizes

