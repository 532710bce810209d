"""Regenerate fixtures/admin_units.geojson and fixtures/unit_successions.csv (demo boundaries).

Official codes, names and centre points of Bình Dương's 91 pre-2025 communes and
of the units that replaced them come from the offline PyPI package
`vietnamadminunits` (MIT). No open polygon set was at hand, so boundaries are
*demo shapes*: Voronoi cells of the commune centres, clipped to an outline made
from the communes' published bounding boxes. Districts and provinces are unions
of their communes, so the hierarchy nests exactly.

    pip install vietnamadminunits==<any> shapely && python scripts/make_demo_units.py
"""
import csv
import json
import sqlite3
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.geometry import MultiPoint, MultiPolygon, Point, box, mapping
from shapely.ops import unary_union

import vietnamadminunits

DATA = Path(vietnamadminunits.__file__).parent / "data"
OUT = Path(__file__).resolve().parent.parent / "fixtures"
OLD_FROM, REFORM = "1997-01-01", "2025-07-01"
PROVINCE_KEY = "tinhbinhduong"


def bounds(text):
    (a, b), (c, d) = [map(float, part.split(",")) for part in text.split("–")]
    return box(b, a, d, c)


def multipolygon(geom):
    geom = shapely.set_precision(geom, 1e-6).buffer(0)
    parts = [geom] if geom.geom_type == "Polygon" else [g for g in geom.geoms if g.geom_type == "Polygon"]
    return MultiPolygon(parts)


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
    features, district_parts = [], defaultdict(list)
    districts = {}
    for i, r in enumerate(rows):
        geom = multipolygon(by_centre[i])
        district_parts[r["districtCode"]].append(geom)
        districts[r["districtCode"]] = r
        features.append(feature(r["wardCode"], "commune", r["wardType"].lower(), r["wardShort"] if False else r["ward"].split(" ", 1)[1] if r["wardType"] == "Xã" else r["wardShort"], r["districtCode"], OLD_FROM, REFORM, geom))
    for code, r in districts.items():
        geom = multipolygon(unary_union(district_parts[code]))
        features.append(feature(code, "district", r["districtType"].lower(), r["districtShort"], "74", OLD_FROM, REFORM, geom))
    province = multipolygon(unary_union([multipolygon(by_centre[i]) for i in range(len(rows))]))
    features.append(feature("74", "province", "tỉnh", "Bình Dương", "", OLD_FROM, REFORM, province))

    # Units since the 2025 reform: each old cell goes to its (main) successor.
    conv = json.load(open(DATA / "converter_2025.json"))
    whole = conv["DICT_PROVINCE_WARD_NO_DIVIDED"]["thanhphohochiminh"]
    divided = {k: v for k, v in conv["DICT_PROVINCE_WARD_DIVIDED"].get("thanhphohochiminh", {}).items()
               if k.startswith(PROVINCE_KEY)}
    old_by_key = {f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": (i, r) for i, r in enumerate(rows)}
    new_rows = {r["wardKey"]: r for r in db.execute("select * from admin_units where provinceCode='79'")}
    successions, new_parts = [], defaultdict(list)
    for new_key, olds in whole.items():
        for old_key in olds:
            if old_key not in old_by_key:
                continue
            i, r = old_by_key[old_key]
            main = True
            if old_key in divided:
                main = any(d["newWardKey"] == new_key and d["isDefaultNewWard"] for d in divided[old_key])
            successions.append((r["wardCode"], new_rows[new_key]["wardCode"], main))
            if main:
                new_parts[new_key].append(multipolygon(by_centre[i]))
    for new_key, parts in new_parts.items():
        r = new_rows[new_key]
        geom = multipolygon(unary_union(parts))
        features.append(feature(r["wardCode"], "commune", r["wardType"].lower(), r["wardShort"], "79", REFORM, "", geom))
    hcm = multipolygon(unary_union([multipolygon(unary_union(p)) for p in new_parts.values()]))
    features.append(feature("79", "province", "thành phố", "Hồ Chí Minh (phần tỉnh Bình Dương cũ, dữ liệu demo)", "", REFORM, "", hcm))

    OUT.mkdir(exist_ok=True)
    with open(OUT / "admin_units.geojson", "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "name": "admin_units", "features": features}, f, ensure_ascii=False)
    with open(OUT / "unit_successions.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["old_code", "new_code", "is_main_successor", "effective"])
        for old, new, main in sorted(successions):
            w.writerow([old, new, "1" if main else "0", REFORM])
    print(f"{len(features)} units, {len(successions)} successions")


def feature(code, level, kind, name, parent, valid_from, valid_to, geom):
    geom = shapely.set_precision(geom, 1e-5)
    return {"type": "Feature", "properties": {"code": code, "level": level, "kind": kind, "name": name,
            "parent_code": parent, "valid_from": valid_from, "valid_to": valid_to}, "geometry": mapping(geom)}


if __name__ == "__main__":
    main()
