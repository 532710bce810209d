"""Generate synthetic registry data for benchmarks: producers, products, evaluations, sites, a road grid.

Producers cluster around the communes' centres like settlements do (a Gaussian
spread per commune, tighter in wards than in rural communes), with legal forms,
product groups and stars drawn at random. Everything is made by PostgreSQL in
batches (INSERT … SELECT generate_series), reproducibly from --seed.

    DATABASE_URL=postgis://ocop:ocop@127.0.0.1:5432/ocop_bench .venv/bin/python bench/generate.py --size 100k

Generated rows carry refs starting with "G" and replace earlier generated rows;
the demo province is loaded first when missing.
"""
import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gis_app.settings")

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
BATCH = 50_000
PROVINCE_BBOX = (106.33, 10.85, 106.98, 11.50)

CENTRES_SQL = """
CREATE TEMP TABLE bench_centres ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY u.code)::int AS idx, u.id,
       ST_X(ST_PointOnSurface(u.geom)) AS x, ST_Y(ST_PointOnSurface(u.geom)) AS y,
       CASE WHEN u.kind = 'phường' THEN 0.008 ELSE 0.018 END AS sigma
FROM places_adminunit u
WHERE u.level = 'commune' AND u.valid_to IS NOT NULL;
CREATE TEMP TABLE bench_province ON COMMIT DROP AS
SELECT geom FROM places_adminunit WHERE level = 'province' AND code = %(province)s;
"""

# A point drawn around its commune's centre, pulled back to the centre when it falls outside the province.
SPREAD_POINT = """CASE WHEN ST_Covers((SELECT geom FROM bench_province), p.pt) THEN p.pt
       ELSE ST_SetSRID(ST_MakePoint(c.x, c.y), 4326) END::geography"""
SPREAD_FROM = """FROM r JOIN bench_centres c USING (idx)
CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(
    c.x + c.sigma * sqrt(-2 * ln(r.u1)) * cos(2 * pi() * r.u2),
    c.y + c.sigma * sqrt(-2 * ln(r.u1)) * sin(2 * pi() * r.u2)), 4326) AS pt) p"""

PRODUCERS_SQL = f"""
WITH r AS (
  SELECT g, 1 + floor(random() * %(n_centres)s)::int AS idx, 1 - random() AS u1, random() AS u2,
         floor(random() * 4)::int AS form
  FROM generate_series(%(first)s, %(last)s) AS g
)
INSERT INTO registry_producer (ref, status, created_at, updated_at, legal_form, name, address, location,
  representative, public_phone, public_email, website, private_phone, private_email, commune_id)
SELECT 'G' || lpad(r.g::text, 7, '0'), 'published', now(), now(),
       (ARRAY['enterprise', 'cooperative', 'coop_group', 'household'])[r.form + 1],
       'Chủ thể tổng hợp ' || r.g, '',
       {SPREAD_POINT},
       '', '', '', '', '', '', c.id
{SPREAD_FROM}
"""

PRODUCTS_SQL = """
WITH subgroups AS (
  SELECT row_number() OVER (ORDER BY s.code)::int AS idx, s.id
  FROM registry_productsubgroup s JOIN registry_productgroup g ON g.id = s.group_id
  JOIN registry_taxonomyversion v ON v.id = g.version_id WHERE v.code = '2023'
), n AS (SELECT count(*) AS n FROM subgroups)
INSERT INTO registry_product (ref, status, created_at, updated_at, producer_id, name, subgroup_id, description)
SELECT 'G' || substr(p.ref, 2), 'published', now(), now(), p.id, 'Sản phẩm tổng hợp ' || substr(p.ref, 2), s.id, ''
FROM registry_producer p, n
JOIN LATERAL (SELECT 1 + floor(random() * n.n)::int AS idx) pick ON true
JOIN subgroups s ON s.idx = pick.idx
WHERE p.ref BETWEEN %(first_ref)s AND %(last_ref)s
"""

EVALUATIONS_SQL = """
INSERT INTO registry_evaluation (product_id, rule_set_id, score_a, score_b, score_c, council_level,
  decision_number, decision_date, valid_until)
SELECT pr.id, rs.id, round((18 + random() * 22)::numeric, 2), round((10 + random() * 15)::numeric, 2),
       round((15 + random() * 20)::numeric, 2), 'province', '', d.day, d.day + interval '36 months'
FROM registry_product pr
JOIN registry_ruleset rs ON rs.code = '148/2023'
CROSS JOIN LATERAL (SELECT date '2023-03-01' + floor(random() * 1300)::int AS day) d
WHERE pr.ref BETWEEN %(first_ref)s AND %(last_ref)s
"""

SITES_SQL = f"""
WITH r AS (
  SELECT g, 1 + floor(random() * %(n_centres)s)::int AS idx, 1 - random() AS u1, random() AS u2,
         floor(random() * 6)::int AS kind
  FROM generate_series(1, %(count)s) AS g
)
INSERT INTO registry_tourismsite (status, created_at, updated_at, kind, name, description, address, location,
  open_weekdays, opening_note, services, visit_minutes, phone, website, commune_id, opening_time, closing_time)
SELECT 'published', now(), now(),
       (ARRAY['orchard', 'ecotourism', 'homestay', 'showroom', 'craft_village', 'heritage'])[r.kind + 1],
       'G điểm du lịch ' || r.g, '', '',
       {SPREAD_POINT},
       '{{}}', '', '{{}}', 60 + 30 * (r.g %% 4), '', '', c.id, time '07:30', time '17:30'
{SPREAD_FROM}
"""

ROAD_VERTICES_SQL = """
INSERT INTO roads_roadvertex (id, geom)
SELECT i * %(n)s + j + 1,
       ST_SetSRID(ST_MakePoint(%(x0)s + (%(x1)s - %(x0)s) * j / (%(n)s - 1.0),
                               %(y0)s + (%(y1)s - %(y0)s) * i / (%(n)s - 1.0)), 4326)
FROM generate_series(0, %(n)s - 1) i, generate_series(0, %(n)s - 1) j
"""

# Every tenth grid line is a main road (60 km/h); the others are local roads (30 km/h).
ROAD_EDGES_SQL = """
WITH pairs AS (
  SELECT i * %(n)s + j + 1 AS a, i * %(n)s + j + 2 AS b, (i %% 10 = 0) AS main FROM generate_series(0, %(n)s - 1) i,
    generate_series(0, %(n)s - 2) j
  UNION ALL
  SELECT i * %(n)s + j + 1, (i + 1) * %(n)s + j + 1, (j %% 10 = 0) FROM generate_series(0, %(n)s - 2) i,
    generate_series(0, %(n)s - 1) j
), e AS (
  SELECT pairs.*, ST_MakeLine(va.geom, vb.geom) AS geom,
         CASE WHEN main THEN 60.0 ELSE 30.0 END AS speed
  FROM pairs JOIN roads_roadvertex va ON va.id = a JOIN roads_roadvertex vb ON vb.id = b
)
INSERT INTO roads_roadedge (osm_id, name, road_class, source_id, target_id, length_m, speed_kmh, cost_s,
  reverse_cost_s, geom)
SELECT NULL, '', CASE WHEN main THEN 'primary' ELSE 'residential' END, a, b, ST_Length(geom::geography), speed,
       ST_Length(geom::geography) / speed * 3.6, ST_Length(geom::geography) / speed * 3.6, geom
FROM e
"""


def parse_size(text):
    return SIZES.get(text) or int(text.replace("_", ""))


def delete_generated(cur):
    """Remove the rows an earlier run generated (refs starting with "G"); the road grid stays."""
    cur.execute("DELETE FROM registry_evaluation WHERE product_id IN "
                "(SELECT id FROM registry_product WHERE ref LIKE 'G%%')")
    cur.execute("DELETE FROM registry_product WHERE ref LIKE 'G%%'")
    cur.execute("DELETE FROM registry_producer WHERE ref LIKE 'G%%'")
    cur.execute("DELETE FROM registry_tourismsite WHERE name LIKE 'G điểm du lịch %%'")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="10k", help="producers: 10k, 100k, 1M or a number")
    parser.add_argument("--sites-per-producer", type=float, default=0.05)
    parser.add_argument("--road-grid", type=int, default=160, help="grid side; 160 gives 50,880 edges; 0 = none")
    parser.add_argument("--seed", type=float, default=0.42, help="PostgreSQL setseed() value in [-1, 1]")
    parser.add_argument("--no-progress", action="store_true")
    parser.add_argument("--delete", action="store_true", help="only delete the generated rows (not the road grid)")
    args = parser.parse_args(argv)
    size = parse_size(args.size)

    import django
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from tqdm import tqdm

    from gis_app.places.models import AdminUnit

    if not AdminUnit.objects.filter(level="commune").exists():
        call_command("load_demo", "--no-progress")
    bar = tqdm(total=size * 3 + int(size * args.sites_per_producer), unit="row", disable=args.no_progress,
               desc="generate")
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT setseed(%s)", [args.seed])
        delete_generated(cur)
        if args.delete:
            bar.close()
            print("generated rows deleted")
            return
        cur.execute(CENTRES_SQL, {"province": settings.OCOP_PROGRAMME_AREA})  # the area's outline (74)
        cur.execute("SELECT count(*) FROM bench_centres")
        n_centres = cur.fetchone()[0]
        for first in range(1, size + 1, BATCH):
            last = min(first + BATCH - 1, size)
            refs = {"first_ref": f"G{first:07d}", "last_ref": f"G{last:07d}"}
            cur.execute(PRODUCERS_SQL, {"n_centres": n_centres, "first": first, "last": last})
            cur.execute(PRODUCTS_SQL, refs)
            cur.execute(EVALUATIONS_SQL, refs)
            bar.update(3 * (last - first + 1))
        sites = int(size * args.sites_per_producer)
        cur.execute(SITES_SQL, {"n_centres": n_centres, "count": sites})
        bar.update(sites)
        if args.road_grid:
            x0, y0, x1, y1 = PROVINCE_BBOX
            cur.execute("DELETE FROM roads_roadedge")
            cur.execute("DELETE FROM roads_roadvertex")
            grid = {"n": args.road_grid, "x0": x0, "y0": y0, "x1": x1, "y1": y1}
            cur.execute(ROAD_VERTICES_SQL, grid)
            cur.execute(ROAD_EDGES_SQL, grid)
            cur.execute("SELECT setval(pg_get_serial_sequence('roads_roadvertex', 'id'), "
                        "(SELECT max(id) FROM roads_roadvertex))")
    bar.close()
    with connection.cursor() as cur:
        for table in ("registry_producer", "registry_product", "registry_evaluation", "registry_tourismsite",
                      "roads_roadvertex", "roads_roadedge"):
            cur.execute(f"VACUUM ANALYZE {table}")  # constants above; VACUUM: a previous size's deleted rows would slow scans
        cur.execute("SELECT (SELECT count(*) FROM registry_producer), (SELECT count(*) FROM registry_product), "
                    "(SELECT count(*) FROM registry_tourismsite), (SELECT count(*) FROM roads_roadedge)")
        producers, products, sites, edges = cur.fetchone()
    print(f"producers {producers}, products {products}, sites {sites}, road edges {edges}")


if __name__ == "__main__":
    main()
