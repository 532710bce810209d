"""Likely duplicates among new rows: same name (accent- and case-insensitive) within 50 m or in the same commune,
against the registry and within the file. One query per import, on the GiST index of the geography column."""
from dataclasses import dataclass

from django.db import connection
from psycopg2 import sql

NEAR_METRES = 50

LOCATED_ROWS = """
    SELECT t.row_number, t.name, t.commune_id, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)::geography AS location
    FROM unnest(%(rows)s::int[], %(names)s::text[], %(lons)s::float8[], %(lats)s::float8[], %(communes)s::int[])
         AS t(row_number, name, lon, lat, commune_id)"""
STAGED_LOCATED_ROWS = """
    SELECT t.row_number, t.name, t.commune_id, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)::geography AS location
    FROM ocop_import_incoming t"""
LOCATED_SQL = """
WITH incoming AS MATERIALIZED ({rows})
SELECT i.row_number, r.id, NULL::int, r.name, ST_Distance(r.location, i.location) AS metres,
       ST_DWithin(r.location, i.location, %(near)s) AS near
FROM incoming i
LEFT JOIN places_adminunit u ON u.id = i.commune_id
JOIN {table} r ON lower(unaccent(r.name)) = lower(unaccent(i.name))
              AND (ST_DWithin(r.location, i.location, %(near)s) OR r.commune_id = i.commune_id
                   -- records may point at the pre- or post-2025 unit of a place: compare areas, not ids
                   OR ST_Covers(u.geom, r.location::geometry))
UNION ALL
SELECT b.row_number, NULL, a.row_number, a.name, ST_Distance(a.location, b.location),
       ST_DWithin(a.location, b.location, %(near)s)
FROM incoming a
JOIN incoming b ON a.row_number < b.row_number AND lower(unaccent(a.name)) = lower(unaccent(b.name))
               AND (ST_DWithin(a.location, b.location, %(near)s) OR a.commune_id = b.commune_id)
ORDER BY 1, 5
"""

PRODUCT_ROWS = """
    SELECT * FROM unnest(%(rows)s::int[], %(names)s::text[], %(producers)s::int[]) AS t(row_number, name, producer_id)"""
STAGED_PRODUCT_ROWS = "SELECT row_number, name, producer_id FROM ocop_import_incoming"
PRODUCT_SQL = """
WITH incoming AS MATERIALIZED ({rows})
SELECT i.row_number, r.id, NULL::int, r.name, NULL::float8, false
FROM incoming i
JOIN registry_product r ON lower(unaccent(r.name)) = lower(unaccent(i.name)) AND r.producer_id = i.producer_id
UNION ALL
SELECT b.row_number, NULL, a.row_number, a.name, NULL, false
FROM incoming a
JOIN incoming b ON a.row_number < b.row_number AND lower(unaccent(a.name)) = lower(unaccent(b.name))
               AND a.producer_id = b.producer_id
ORDER BY 1
"""


@dataclass
class Duplicate:
    row: int
    existing_id: int  # a record already in the registry…
    other_row: int  # …or an earlier row of the same file
    name: str  # the name of that record or row
    metres: float = None
    near: bool = False  # within NEAR_METRES (else: same commune / same producer)


def _query(model, staged):
    if hasattr(model, "location"):
        rows = STAGED_LOCATED_ROWS if staged else LOCATED_ROWS
        return sql.SQL(LOCATED_SQL.replace("{rows}", rows)).format(table=sql.Identifier(model._meta.db_table))
    return sql.SQL(PRODUCT_SQL.replace("{rows}", STAGED_PRODUCT_ROWS if staged else PRODUCT_ROWS))


def _params(rows):
    return {"rows": [n for n, _ in rows], "names": [o.name for _, o in rows],
            "lons": [o.location.x if getattr(o, "location", None) is not None else None for _, o in rows],
            "lats": [o.location.y if getattr(o, "location", None) is not None else None for _, o in rows],
            "communes": [getattr(o, "commune_id", None) for _, o in rows],
            "producers": [getattr(o, "producer_id", None) for _, o in rows], "near": NEAR_METRES}


def likely_duplicates(model, rows):
    """Duplicates of `rows`, a list of (row number, unsaved instance) not matched by registry code."""
    if not rows:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_query(model, staged=False).as_string(cursor.connection), _params(rows))
        return [Duplicate(*found) for found in cursor.fetchall()]


class StagedDuplicates:
    """The duplicate search of a large import: new rows are staged batch by batch in a temporary table (a few
    values each) instead of being held in memory, then searched in one query. Inside a transaction."""

    def __init__(self, model):
        self.model, self.staged = model, 0
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS ocop_import_incoming")
            cursor.execute("CREATE TEMPORARY TABLE ocop_import_incoming (row_number int, name text, lon float8, "
                           "lat float8, commune_id int, producer_id int) ON COMMIT DROP")

    def add(self, rows):
        """Stage `rows` [(row number, instance or Candidate)]: one INSERT per batch."""
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO ocop_import_incoming SELECT * FROM unnest(%(rows)s::int[], %(names)s::text[], "
                           "%(lons)s::float8[], %(lats)s::float8[], %(communes)s::int[], %(producers)s::int[])",
                           _params(rows))
        self.staged += len(rows)

    def find(self):
        if not self.staged:
            return []
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE ocop_import_incoming")
            cursor.execute(_query(self.model, staged=True).as_string(cursor.connection), {"near": NEAR_METRES})
            found = [Duplicate(*row) for row in cursor.fetchall()]
            cursor.execute("DROP TABLE ocop_import_incoming")
        return found
