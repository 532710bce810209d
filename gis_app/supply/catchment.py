"""Catchments: the producers a trip from a point reaches within N minutes by road, and the area that covers."""
import json
from dataclasses import dataclass

from django.db import connection

from gis_app.core import geojson
from gis_app.roads.graph import EDGES_SQL

from .clustering import EPSG_METRIC
from .network import DEFAULT_MAX_SNAP_M, snap_start
from .selection import ProducerFilter

DEFAULT_AREA_BUFFER_M = 250.0

# Producers count as reached when the vertex they snap to is reached; the area is the reached roads
# (both ends within the time), buffered, so it follows the network rather than a circle.
CATCHMENT_SQL = """
WITH reached AS (
    SELECT node, agg_cost FROM pgr_drivingDistance(%(edges)s, %(start)s::bigint, %(seconds)s, true)
),
chosen AS (
    SELECT p.id, p.ref, p.name, p.location::geometry AS lonlat FROM registry_producer p WHERE p.id IN ({ids})
),
snapped AS (
    SELECT c.*, v.id AS vertex, v.distance_m
    FROM chosen c
    CROSS JOIN LATERAL (
        SELECT near.id, ST_Distance(near.geom::geography, c.lonlat::geography) AS distance_m
        FROM (SELECT id, geom FROM roads_roadvertex ORDER BY geom <-> c.lonlat LIMIT 8) AS near
        ORDER BY distance_m, near.id LIMIT 1
    ) AS v
)
SELECT
    -- Buffering each reached road and unioning is ~13x faster than buffering their collection (docs/supply.md).
    (SELECT {area_geojson}
     FROM (SELECT ST_Transform(e.geom, {srid}) AS g FROM roads_roadedge e
           JOIN reached a ON a.node = e.source_id JOIN reached b ON b.node = e.target_id
           UNION ALL SELECT ST_Transform(geom, {srid}) FROM roads_roadvertex WHERE id = %(start)s) AS reached_roads),
    (SELECT json_agg(json_build_object('id', s.id, 'ref', s.ref, 'name', s.name, 'lon', ST_X(s.lonlat),
                                       'lat', ST_Y(s.lonlat), 'minutes', r.agg_cost / 60.0,
                                       'snap_m', s.distance_m) ORDER BY r.agg_cost, s.id)
     FROM snapped s JOIN reached r ON r.node = s.vertex
     WHERE s.distance_m <= %(max_snap)s),
    (SELECT count(*) FROM reached)
"""
# The reached roads, buffered, as RFC 7946 GeoJSON (the buffer in metres, hence the metric SRID).
AREA_GEOJSON = geojson.sql("ST_Transform(ST_Union(ST_Buffer(g, %(buffer)s, 'quad_segs=2')), 4326)", 7)


@dataclass
class Catchment:
    start_vertex: int
    start_snap_m: float
    minutes: float
    area: dict  # GeoJSON (Multi)Polygon: the reached roads and the start, buffered
    producers: list  # [{"id", "ref", "name", "lon", "lat", "minutes", "snap_m"}], nearest in time first
    vertices_reached: int
    start_road: tuple = None  # (lon, lat) of the road vertex the trip starts from


def catchment(lon, lat, minutes, selection: ProducerFilter, max_snap_m=DEFAULT_MAX_SNAP_M,
              buffer_m=DEFAULT_AREA_BUFFER_M, point_name="point"):
    """The Catchment of a trip from lon/lat lasting `minutes`, over the producers `selection` chooses."""
    start, start_snap_m = snap_start(point_name, lon, lat, max_snap_m)
    ids_sql, named = selection.ids_sql_named()
    params = {"edges": EDGES_SQL, "start": start, "seconds": minutes * 60.0, "buffer": buffer_m,
              "max_snap": max_snap_m}
    with connection.cursor() as cursor:
        cursor.execute(CATCHMENT_SQL.format(ids=ids_sql, srid=EPSG_METRIC, area_geojson=AREA_GEOJSON),
                       {**params, **named})
        area, producers, vertices = cursor.fetchone()
        cursor.execute("SELECT ST_X(geom), ST_Y(geom) FROM roads_roadvertex WHERE id = %s", [start])
        start_road = cursor.fetchone()
    if isinstance(producers, str):
        producers = json.loads(producers)
    return Catchment(start_vertex=start, start_snap_m=start_snap_m, minutes=minutes, area=json.loads(area), producers=producers or [],
                     vertices_reached=vertices, start_road=start_road)
