"""Regenerate fixtures/admin_units.geojson, fixtures/unit_successions.csv and fixtures/unit_history.csv.

Official codes, names, kinds and centre points of Bình Dương's 91 pre-2025
communes and of the 36 units that replaced them, and the old → new conversion
(including the 16 old wards divided between two new units), come from the
offline PyPI package `vietnamadminunits` (MIT, pinned in requirements.txt).

No open polygon set was at hand, so the boundaries are *demo shapes*:
- old communes: Voronoi cells of the commune centres, clipped to an outline made
  from the communes' published bounding boxes (unchanged since the first demo,
  so demo producers stay in their communes);
- districts and the province: exact unions of their communes;
- a divided old ward is cut by a straight line perpendicular to the line joining
  its two new units (the centre of the new unit's undivided parts, else the
  official centre point); the line sits on the bisector of those two points,
  moved where needed so that each side keeps between 20 % and 80 % of the ward;
- new units: exact unions of their parts (whole old wards and pieces of divided
  ones). Old boundaries and cut lines are noded together on one 1e-5° grid and
  both generations are unions of the same faces, so shared edges are identical and
  they tile the same territory without gaps or slivers.
The area share of each old → new link is computed from these shapes (the
package does not carry it) and is therefore demo data too.

    .venv/bin/python scripts/make_demo_units.py
"""
import csv
import json
import sqlite3
from collections import defaultdict
from pathlib import Path

import shapely
import vietnamadminunits
from shapely.geometry import MultiPoint, MultiPolygon, Point, Polygon, box, mapping

DATA = Path(vietnamadminunits.__file__).parent / "data"
OUT = Path(__file__).resolve().parent.parent / "fixtures"
OLD_FROM, REFORM = "1997-01-01", "2025-07-01"
PROVINCE_KEY, NEW_PROVINCE_KEY = "tinhbinhduong", "thanhphohochiminh"
GRID = 1e-5  # every shape lives on this grid (about 1 m), so that shared edges match exactly
MIN_SHARE, MAX_SHARE = 0.2, 0.8

# Kind and name of units over time (dated rows citing the decision); dates are the days the decisions took
# effect, as reported publicly (Bến Cát: 01/5/2024; Tân Uyên: 10/4/2023; Tân Bình: 01/02/2021). Others should
# still be checked against the decision texts.
UNIT_HISTORY = [
    # code, from, to, kind, name, decision
    ("718", OLD_FROM, "2012-05-02", "thị xã", "Thủ Dầu Một", ""),
    ("718", "2012-05-02", REFORM, "thành phố", "Thủ Dầu Một", "Nghị quyết 11/NQ-CP ngày 02/5/2012"),
    ("724", OLD_FROM, "2011-01-13", "huyện", "Dĩ An", ""),
    ("724", "2011-01-13", "2020-02-01", "thị xã", "Dĩ An", "Nghị quyết 04/NQ-CP ngày 13/01/2011"),
    ("724", "2020-02-01", REFORM, "thành phố", "Dĩ An", "Nghị quyết 857/NQ-UBTVQH14 ngày 10/01/2020"),
    ("725", OLD_FROM, "2011-01-13", "huyện", "Thuận An", ""),
    ("725", "2011-01-13", "2020-02-01", "thị xã", "Thuận An", "Nghị quyết 04/NQ-CP ngày 13/01/2011"),
    ("725", "2020-02-01", REFORM, "thành phố", "Thuận An", "Nghị quyết 857/NQ-UBTVQH14 ngày 10/01/2020"),
    ("721", OLD_FROM, "2013-12-29", "huyện", "Bến Cát", ""),
    ("721", "2013-12-29", "2024-05-01", "thị xã", "Bến Cát", "Nghị quyết 136/NQ-CP ngày 29/12/2013"),
    ("721", "2024-05-01", REFORM, "thành phố", "Bến Cát", "Nghị quyết 1012/NQ-UBTVQH15 ngày 19/3/2024"),
    ("723", OLD_FROM, "2013-12-29", "huyện", "Tân Uyên", ""),
    ("723", "2013-12-29", "2023-04-10", "thị xã", "Tân Uyên", "Nghị quyết 136/NQ-CP ngày 29/12/2013"),
    ("723", "2023-04-10", REFORM, "thành phố", "Tân Uyên", "Nghị quyết 725/NQ-UBTVQH15 ngày 13/02/2023"),
    # Communes whose kind changed (the same resolutions): xã → phường / thị trấn.
    ("25840", OLD_FROM, "2024-05-01", "xã", "An Điền", ""),
    ("25840", "2024-05-01", REFORM, "phường", "An Điền", "Nghị quyết 1012/NQ-UBTVQH15 ngày 19/3/2024"),
    ("25843", OLD_FROM, "2024-05-01", "xã", "An Tây", ""),
    ("25843", "2024-05-01", REFORM, "phường", "An Tây", "Nghị quyết 1012/NQ-UBTVQH15 ngày 19/3/2024"),
    ("25900", OLD_FROM, "2021-02-01", "xã", "Tân Bình", ""),
    ("25900", "2021-02-01", REFORM, "thị trấn", "Tân Bình", "Nghị quyết 1110/NQ-UBTVQH14 ngày 09/12/2020"),
]


def grid(geom):
    return shapely.set_precision(geom, GRID)


def bounds(text):
    (a, b), (c, d) = [map(float, part.split(",")) for part in text.split("–")]
    return box(b, a, d, c)


def multipolygon(geom):
    geom = shapely.set_precision(geom, 1e-6).buffer(0)
    parts = [geom] if geom.geom_type == "Polygon" else [g for g in geom.geoms if g.geom_type == "Polygon"]
    return MultiPolygon(parts)


def polygons(geom, on_grid=True):
    """Only the areal parts of `geom`, as a MultiPolygon (on the grid unless told otherwise)."""
    geom = grid(geom) if on_grid else geom
    if geom.geom_type == "Polygon":
        return MultiPolygon([geom])
    return MultiPolygon([g for g in getattr(geom, "geoms", []) if g.geom_type == "Polygon" and not g.is_empty])


def union(geoms, on_grid=True):
    if not on_grid:
        return polygons(shapely.union_all(list(geoms)), on_grid=False)
    return polygons(shapely.union_all(list(geoms), grid_size=GRID))


def cut(ward, seed_a, seed_b):
    """Split `ward` by a line perpendicular to seed_a→seed_b; returns (part nearer a, part nearer b)."""
    dx, dy = seed_b.x - seed_a.x, seed_b.y - seed_a.y
    norm = (dx * dx + dy * dy) ** 0.5
    ux, uy = dx / norm, dy / norm
    along = [x * ux + y * uy for x, y in ward.exterior.coords] if ward.geom_type == "Polygon" else [
        x * ux + y * uy for g in ward.geoms for x, y in g.exterior.coords]
    low, high = min(along), max(along)

    def side_a(t):
        far = 10.0  # degrees: the half-plane reaches well past the ward
        px, py = -uy, ux
        base = ward.centroid  # the line's point on the axis through the ward, at abscissa t
        shift = t - (base.x * ux + base.y * uy)
        cx, cy = base.x + shift * ux, base.y + shift * uy
        half = Polygon([(cx + px * far, cy + py * far), (cx - px * far, cy - py * far),
                        (cx - px * far - ux * far, cy - py * far - uy * far),
                        (cx + px * far - ux * far, cy + py * far - uy * far)])
        # Not on the grid: the cut's end points must stay exactly on the neighbours' edges (a rounded end
        # point would open a sliver along a long edge), so they keep full precision in the fixture.
        return shapely.intersection(ward, half)

    def share(t):
        return side_a(t).area / ward.area

    t = ((seed_a.x + seed_b.x) / 2) * ux + ((seed_a.y + seed_b.y) / 2) * uy
    t = min(max(t, low), high)
    target = min(max(share(t), MIN_SHARE), MAX_SHARE)
    if abs(share(t) - target) > 1e-9:
        lo, hi = low, high  # share grows with t: bisect for the clamped share
        for _ in range(60):
            t = (lo + hi) / 2
            if share(t) < target:
                lo = t
            else:
                hi = t
    part_a = polygons(side_a(t), on_grid=False)
    part_b = polygons(shapely.difference(ward, part_a), on_grid=False)
    return part_a, part_b


def main():
    db = sqlite3.connect(DATA / "dataset.db")
    db.row_factory = sqlite3.Row
    rows = db.execute("select * from admin_units_legacy where provinceKey=? order by wardCode", (PROVINCE_KEY,)).fetchall()
    centres = [Point(r["wardLon"], r["wardLat"]) for r in rows]
    corners = [pt for r in rows for pt in bounds(r["wardBounds"]).exterior.coords]
    outline = MultiPoint(corners).convex_hull.intersection(bounds(rows[0]["provinceBounds"]))
    cells = shapely.voronoi_polygons(MultiPoint(centres), extend_to=outline.buffer(0.5))
    by_centre = {}
    for cell in cells.geoms:
        for i, c in enumerate(centres):
            if cell.contains(c):
                by_centre[i] = cell.intersection(outline)
    # The first demo's shapes, brought onto the common grid (they stay the same within a metre).
    raw = [polygons(multipolygon(by_centre[i])) for i in range(len(rows))]
    old_geom, taken = [], MultiPolygon()
    for g in raw:  # remove any overlap the rounding left between neighbours
        g = polygons(shapely.difference(g, taken, grid_size=GRID))
        old_geom.append(g)
        taken = union([taken, g])

    # Units since the 2025 reform.
    conv = json.load(open(DATA / "converter_2025.json"))
    whole = conv["DICT_PROVINCE_WARD_NO_DIVIDED"][NEW_PROVINCE_KEY]
    divided = {k: v for k, v in conv["DICT_PROVINCE_WARD_DIVIDED"][NEW_PROVINCE_KEY].items()
               if k.startswith(PROVINCE_KEY)}
    old_by_key = {f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": i for i, r in enumerate(rows)}
    new_rows = {r["wardKey"]: r for r in db.execute("select * from admin_units where provinceCode='79'")}
    parts = defaultdict(list)  # new key -> [(old index, piece)]
    for new_key, olds in whole.items():
        for old_key in olds:
            if old_key in old_by_key:
                parts[new_key].append((old_by_key[old_key], old_geom[old_by_key[old_key]], True))
    cores = {k: union(g for _, g, _ in v) for k, v in parts.items()}
    for old_key, targets in sorted(divided.items()):
        i = old_by_key[old_key]
        assert len(targets) == 2, old_key  # every divided ward of the province went to exactly two new units
        seeds = [cores[t["newWardKey"]].centroid if t["newWardKey"] in cores
                 else Point(t["newWardLon"], t["newWardLat"]) for t in targets]
        pieces = cut(old_geom[i], *seeds)
        for target, piece in zip(targets, pieces):
            assert not piece.is_empty, (old_key, target["newWardKey"])
            parts[target["newWardKey"]].append((i, piece, target["isDefaultNewWard"]))


    # One noded set of faces on the grid for both generations: every old boundary and every cut line, noded
    # together, so that a cut's end point is a vertex of the neighbour's edge too (no sliver either side).
    linework = [g.boundary for g in old_geom] + [piece.boundary for v in parts.values() for _, piece, _ in v]
    faces = list(shapely.polygonize(shapely.union_all(linework, grid_size=GRID).geoms).geoms)
    old_faces, piece_faces = defaultdict(list), defaultdict(list)
    for face in faces:
        inside = face.representative_point()
        owner = [i for i, g in enumerate(old_geom) if g.covers(inside)]
        if not owner:
            continue  # a hole of the outline
        old_faces[owner[0]].append(face)
        for new_key, entries in parts.items():
            for n, (i, piece, _) in enumerate(entries):
                if i == owner[0] and piece.covers(inside):
                    piece_faces[new_key, n].append(face)
    old_geom = [union(old_faces[i]) for i in range(len(rows))]
    parts = {k: [(i, union(piece_faces[k, n]), main) for n, (i, _, main) in enumerate(v)] for k, v in parts.items()}

    features, district_parts, districts = [], defaultdict(list), {}
    for i, r in enumerate(rows):
        district_parts[r["districtCode"]].append(old_geom[i])
        districts[r["districtCode"]] = r
        name = r["ward"].split(" ", 1)[1] if r["wardType"] == "Xã" else r["wardShort"]
        features.append(feature(r["wardCode"], "commune", r["wardType"].lower(), name, r["districtCode"],
                                OLD_FROM, REFORM, old_geom[i]))
    for code, r in districts.items():
        features.append(feature(code, "district", r["districtType"].lower(), r["districtShort"], "74", OLD_FROM,
                                REFORM, union(district_parts[code])))
    features.append(feature("74", "province", "tỉnh", "Bình Dương", "", OLD_FROM, REFORM, union(old_geom)))

    successions = []
    new_geoms = []
    for new_key in sorted(parts, key=lambda k: new_rows[k]["wardCode"]):
        r = new_rows[new_key]
        geom = union(g for _, g, _ in parts[new_key])
        new_geoms.append(geom)
        features.append(feature(r["wardCode"], "commune", r["wardType"].lower(), r["wardShort"], "79", REFORM, "",
                                geom))
        for i, piece, main in parts[new_key]:
            share = piece.area / old_geom[i].area
            successions.append((rows[i]["wardCode"], r["wardCode"], main, round(share, 4)))
    features.append(feature("79", "province", "thành phố", "Hồ Chí Minh (phần tỉnh Bình Dương cũ, dữ liệu demo)", "",
                            REFORM, "", union(new_geoms)))

    OUT.mkdir(exist_ok=True)
    with open(OUT / "admin_units.geojson", "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "name": "admin_units", "features": features}, f, ensure_ascii=False)
    with open(OUT / "unit_successions.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["old_code", "new_code", "is_main_successor", "area_share", "effective"])
        for old, new, main, share in sorted(successions):
            w.writerow([old, new, "1" if main else "0", f"{share:.4f}", REFORM])
    with open(OUT / "unit_history.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "unit_valid_from", "valid_from", "valid_to", "kind", "name", "decision"])
        for row in UNIT_HISTORY:
            w.writerow([row[0], OLD_FROM, *row[1:]])
    n_new = len(parts)
    print(f"{len(features)} units ({len(rows)} old communes, {n_new} new units), {len(successions)} successions, "
          f"{len(divided)} divided wards")


def feature(code, level, kind, name, parent, valid_from, valid_to, geom):
    return {"type": "Feature", "properties": {"code": code, "level": level, "kind": kind, "name": name,
            "parent_code": parent, "valid_from": valid_from, "valid_to": valid_to},
            "geometry": mapping(geom)}  # old shapes are on the grid already; cut points keep full precision


if __name__ == "__main__":
    main()
