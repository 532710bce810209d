"""Import an OpenStreetMap XML file into the routing network with osm2pgrouting.

osm2pgrouting writes its own tables (ways, ways_vertices_pgr) into a scratch
schema over its own connection; the network then replaces RoadVertex/RoadEdge
in one transaction, so a failed import leaves the previous network intact.
Travel times come from osm2pgrouting: length over the way's maxspeed tag, or
over the speed of its road class in mapconfig.xml; a negative time marks the
closed direction of a one-way road.
"""
import os
import shutil
import subprocess
from pathlib import Path

import psycopg2
from django.db import connection, transaction

MAPCONFIG = Path(__file__).resolve().parent / "mapconfig.xml"


class RoadImportError(Exception):
    pass


def _side_connection():
    """An autocommit connection to the same database, for the scratch schema osm2pgrouting must see."""
    s = connection.settings_dict
    conn = psycopg2.connect(dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"], host=s["HOST"] or None,
                            port=s["PORT"] or None)
    conn.autocommit = True
    return conn


def _run_osm2pgrouting(path, schema, mapconfig, log):
    binary = shutil.which("osm2pgrouting")
    if not binary:
        raise RoadImportError("osm2pgrouting is not installed (Debian package osm2pgrouting).")
    s = connection.settings_dict
    command = [binary, "--file", str(path), "--conf", str(mapconfig), "--schema", schema, "--clean",
               "--dbname", s["NAME"], "--username", s["USER"], "--host", s["HOST"] or "localhost",
               "--port", str(s["PORT"] or 5432)]
    env = {**os.environ, "PGPASSWORD": s["PASSWORD"] or ""}
    log(f"osm2pgrouting {path.name} → schema {schema}")
    # Its progress lines go to the log as they come: a real extract takes a while.
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    for line in process.stdout:
        line = line.strip()
        if line:
            output.append(line)
            if any(word in line for word in ("Processing", "Export", "Total processed", "Elapsed")):
                log("  " + line)
    if process.wait() != 0 or any(line.startswith("ERROR") for line in output):
        raise RoadImportError("osm2pgrouting failed:\n" + "\n".join(output[-30:]))


COPY_VERTICES = """
INSERT INTO roads_roadvertex (id, geom)
SELECT v.id, v.the_geom FROM {schema}.ways_vertices_pgr v
WHERE v.id IN (SELECT source FROM {schema}.ways UNION SELECT target FROM {schema}.ways)
"""

COPY_EDGES = """
INSERT INTO roads_roadedge (id, osm_id, name, road_class, source_id, target_id, length_m, speed_kmh,
                            cost_s, reverse_cost_s, geom)
SELECT w.gid, w.osm_id, left(coalesce(w.name, ''), 255), coalesce(c.tag_value, ''), w.source, w.target,
       w.length_m, w.maxspeed_forward, w.cost_s, w.reverse_cost_s, w.the_geom
FROM {schema}.ways w LEFT JOIN {schema}.configuration c ON c.tag_id = w.tag_id
WHERE w.source IS NOT NULL AND w.target IS NOT NULL AND w.length_m > 0
"""


def import_osm(path, mapconfig=MAPCONFIG, log=print):
    """Replace the road network with the roads of the OSM XML file at `path`; returns (vertices, edges)."""
    path = Path(path)
    if not path.is_file():
        raise RoadImportError(f"No such file: {path}")
    # A fixed identifier (not from user input) that is unique per process.
    schema = f"roads_import_{os.getpid()}"
    side = _side_connection()
    try:
        with side.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")
        _run_osm2pgrouting(path, schema, mapconfig, log)
        with transaction.atomic(), connection.cursor() as cursor:
            log("replacing the road network")
            cursor.execute("DELETE FROM roads_roadedge")
            cursor.execute("DELETE FROM roads_roadvertex")
            cursor.execute(COPY_VERTICES.format(schema=schema))
            vertices = cursor.rowcount
            cursor.execute(COPY_EDGES.format(schema=schema))
            edges = cursor.rowcount
            if edges == 0:
                raise RoadImportError(f"{path.name} holds no routable roads; the network was left as it was.")
            for table in ("roads_roadvertex", "roads_roadedge"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1)) FROM {table}"
                )
            # Dropped on this connection: it holds locks on the scratch tables until commit.
            cursor.execute(f"DROP SCHEMA {schema} CASCADE")
            cursor.execute("ANALYZE roads_roadvertex; ANALYZE roads_roadedge")
        log(f"road network: {vertices} vertices, {edges} edges")
        return vertices, edges
    except Exception:
        try:
            with side.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
                cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        except psycopg2.Error:
            pass
        raise
    finally:
        side.close()
