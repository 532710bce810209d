"""Likely duplicates among new rows: same name (accent- and case-insensitive) within 50 m or in the same commune,
against the registry and within the file. One query per import, on the GiST index of the geography column."""
from dataclasses import dataclass

from django.db import connection
from psycopg2 import sql

NEAR_METRES = 50

LOCATED_SQL = """
WITH incoming AS (
    SELECT t.row_number, t.name, t.commune_id, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)::geography AS location
    FROM unnest(%(rows)s::int[], %(names)s::text[], %(lons)s::float8[], %(lats)s::float8[], %(communes)s::int[])
         AS t(row_number, name, lon, lat, commune_id)
)
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

PRODUCT_SQL = """
WITH incoming AS (
    SELECT * FROM unnest(%(rows)s::int[], %(names)s::text[], %(producers)s::int[]) AS t(row_number, name, producer_id)
)
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


def likely_duplicates(model, rows):
    """Duplicates of `rows`, a list of (row number, unsaved instance) not matched by registry code."""
    if not rows:
        return []
    numbers = [n for n, _ in rows]
    names = [obj.name for _, obj in rows]
    if hasattr(model, "location"):
        query = sql.SQL(LOCATED_SQL).format(table=sql.Identifier(model._meta.db_table))
        params = {"rows": numbers, "names": names, "lons": [o.location.x for _, o in rows],
                  "lats": [o.location.y for _, o in rows], "communes": [o.commune_id for _, o in rows],
                  "near": NEAR_METRES}
    else:
        query, params = PRODUCT_SQL, {"rows": numbers, "names": names, "producers": [o.producer_id for _, o in rows]}
    with connection.cursor() as cursor:
        cursor.execute(query.as_string(cursor.connection) if hasattr(query, "as_string") else query, params)
        return [Duplicate(*found) for found in cursor.fetchall()]
