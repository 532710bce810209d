"""Write fixtures/roads.osm: a coarse, hand-made OSM XML of Bình Dương's main roads (demo data).

The main roads follow the rough waypoints of /work/shared/data/places.md,
densified to a node every ~500 m; roads meet at shared junction nodes (OSM
topology). Short link roads join every demo tourism site and two producers in
three to the nearest main-road node, so that routes and catchments reach them.
Run again after editing the waypoints:  .venv/bin/python scripts/make_demo_roads.py
"""
import csv
import json
import math
from pathlib import Path
from xml.sax.saxutils import quoteattr

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SPACING_M = 500

# Junctions shared by several roads (lat, lon).
J = {
    "vinh_phu": (10.880, 106.706),
    "lai_thieu": (10.907, 106.703),
    "tdm": (10.980, 106.665),
    "ql13_744": (11.000, 106.658),
    "my_phuoc": (11.155, 106.604),
    "bau_bang": (11.268, 106.629),
    "di_an": (10.907, 106.769),
    "binh_chuan": (10.975, 106.735),
    "tan_phuoc_khanh": (11.000, 106.740),
    "uyen_hung": (11.061, 106.794),
    "tdm_741": (10.995, 106.675),
    "j_741_mptv": (11.030, 106.687),
    "tan_van": (10.910, 106.810),
    "tdm_east": (11.010, 106.700),
    "tbh": (11.018, 106.633),
    "phu_an": (11.115, 106.560),
}

# (name, highway, extra tags, waypoints); waypoints are junction keys or (lat, lon).
ROADS = [
    ("Quốc lộ 13", "trunk", {"ref": "QL13", "maxspeed": "60"},
     ["vinh_phu", "lai_thieu", "tdm", "ql13_744", "my_phuoc", "bau_bang", (11.450, 106.640)]),
    ("Đường tỉnh 743", "secondary", {"ref": "ĐT743"}, ["di_an", "binh_chuan", "tan_phuoc_khanh"]),
    ("Đường tỉnh 747", "secondary", {"ref": "ĐT747"}, ["tan_phuoc_khanh", "uyen_hung", (11.170, 106.830)]),
    ("Đường tỉnh 741", "primary", {"ref": "ĐT741"},
     ["tdm", "tdm_741", "j_741_mptv", (11.085, 106.705), (11.295, 106.795)]),
    ("Đường tỉnh 744", "secondary", {"ref": "ĐT744"},
     ["ql13_744", "tbh", "phu_an", (11.265, 106.362), (11.300, 106.380)]),
    ("Đường tỉnh 746", "tertiary", {"ref": "ĐT746"},
     [(11.050, 106.780), "uyen_hung", (11.100, 106.845), (11.150, 106.880)]),
    ("Đường Mỹ Phước – Tân Vạn", "primary", {"ref": "ĐT742", "maxspeed": "70"},
     ["tan_van", "binh_chuan", "tdm_east", "j_741_mptv", "my_phuoc"]),
    ("Đường Dĩ An – Tân Vạn", "tertiary", {}, ["di_an", "tan_van"]),
    ("Đường Thuận Giao", "tertiary", {}, ["lai_thieu", (10.945, 106.715), "binh_chuan"]),
    # A one-way shortcut through the centre of Thủ Dầu Một (north-eastbound only).
    ("Đường Yersin (một chiều)", "tertiary", {"oneway": "yes"}, ["tdm", (10.997, 106.683), "tdm_east"]),
]


def distance_m(a, b):
    """Equirectangular distance between (lat, lon) pairs: enough for spacing nodes."""
    lat = math.radians((a[0] + b[0]) / 2)
    dx = math.radians(b[1] - a[1]) * math.cos(lat) * 6371000
    dy = math.radians(b[0] - a[0]) * 6371000
    return math.hypot(dx, dy)


class OsmWriter:
    def __init__(self):
        self.nodes = {}  # (lat, lon) rounded -> id
        self.ways = []

    def node(self, lat, lon):
        key = (round(lat, 6), round(lon, 6))
        if key not in self.nodes:
            self.nodes[key] = len(self.nodes) + 1
        return self.nodes[key]

    def way(self, points, tags):
        self.ways.append(([self.node(*p) for p in points], tags))

    def write(self, path):
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<osm version="0.6" generator="OCOP-GIS scripts/make_demo_roads.py (demo data)">']
        lats = [k[0] for k in self.nodes]
        lons = [k[1] for k in self.nodes]
        lines.append(f' <bounds minlat="{min(lats)}" minlon="{min(lons)}" maxlat="{max(lats)}" maxlon="{max(lons)}"/>')
        for (lat, lon), nid in sorted(self.nodes.items(), key=lambda item: item[1]):
            lines.append(f' <node id="{nid}" version="1" lat="{lat}" lon="{lon}"/>')
        for wid, (refs, tags) in enumerate(self.ways, start=1):
            lines.append(f' <way id="{wid}" version="1">')
            lines += [f'  <nd ref="{ref}"/>' for ref in refs]
            lines += [f"  <tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in tags.items()]
            lines.append(" </way>")
        lines.append("</osm>")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def densify(points):
    out = [points[0]]
    for a, b in zip(points, points[1:]):
        steps = max(1, round(distance_m(a, b) / SPACING_M))
        out += [(a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps) for i in range(1, steps + 1)]
    return out


def main():
    osm = OsmWriter()
    main_points = []
    for name, highway, extra, waypoints in ROADS:
        points = densify([J[w] if isinstance(w, str) else w for w in waypoints])
        osm.way(points, {"highway": highway, "name": name, **extra})
        main_points += points

    def link(lat, lon, name, highway):
        nearest = min(main_points, key=lambda p: distance_m(p, (lat, lon)))
        if distance_m(nearest, (lat, lon)) < 30:
            return
        # A bend halfway makes the link look drawn, and gives the snap a second segment.
        mid = ((lat + nearest[0]) / 2 + 0.0004, (lon + nearest[1]) / 2 - 0.0004)
        osm.way([(lat, lon), mid, nearest], {"highway": highway, "name": name})

    sites = json.loads((FIXTURES / "tourism_sites.geojson").read_text(encoding="utf-8"))["features"]
    for feature in sites:
        lon, lat = feature["geometry"]["coordinates"][:2]
        link(lat, lon, "Đường vào " + feature["properties"]["name"], "unclassified")
    with open(FIXTURES / "producers.csv", encoding="utf-8") as handle:
        for n, row in enumerate(csv.DictReader(handle)):
            if n % 3 != 2:  # two in three producers get a lane; the rest stay off the network
                link(float(row["lat"]), float(row["lon"]), "Hẻm " + row["ref"], "residential")
    osm.write(FIXTURES / "roads.osm")
    print(f"fixtures/roads.osm: {len(osm.nodes)} nodes, {len(osm.ways)} ways")


if __name__ == "__main__":
    main()
