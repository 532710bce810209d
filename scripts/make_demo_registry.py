"""Regenerate the demo registry: producers, products, evaluations, craft villages, tourism sites.

Producers and their products are invented (plausible for each district, after
public reports of the province's OCOP products); places of the programme
(Tương Bình Hiệp, Lái Thiêu, An Sơn, Bạch Đằng, Núi Cậu …) use the approximate
coordinates in shared/data/places.md. Reproducible: a fixed seed.

Dates are written as of REFERENCE_DATE; the loader shifts them to the load day
so that "expires within 90 days" always has something to show.

    python scripts/make_demo_registry.py

Since issue 23 the fixtures also hold edits this script does not make: decisions from 22/05/2026 are filed
under 26/2026 with its product sets (2026.Bnn); re-apply them after regenerating.
"""
import csv
import datetime
import json
import random
from pathlib import Path

from shapely.geometry import Point, Polygon, mapping, shape

FIX = Path(__file__).resolve().parent.parent / "fixtures"
REFERENCE_DATE = datetime.date(2026, 11, 29)
rng = random.Random(2019)

# Lacquerware village of Tương Bình Hiệp (demo outline around the old village centre).
TBH_VILLAGE = Polygon([(106.6265, 11.0035), (106.6365, 11.0030), (106.6390, 11.0100), (106.6330, 11.0140),
                       (106.6255, 11.0110), (106.6265, 11.0035)])

# district -> list of (commune, legal form, producer, [(product, 2023 sub-group, 2019 sub-group, stars)])
E, C, G, H = "enterprise", "cooperative", "coop_group", "household"
PRODUCERS = {
    "Thủ Dầu Một": [
        ("Tương Bình Hiệp", H, "Cơ sở sơn mài Hồng Lam", [("Tranh sơn mài phong cảnh Bình Dương", "CRAFT.SOUVENIR", "SOUV.CRAFT", 4), ("Bình sơn mài khảm trứng", "CRAFT.SOUVENIR", "SOUV.CRAFT", 3)]),
        ("Tương Bình Hiệp", H, "Xưởng sơn mài Hoàng Phúc", [("Hộp sơn mài đựng trà", "CRAFT.SOUVENIR", "SOUV.CRAFT", 3)]),
        ("Tương Bình Hiệp", E, "Công ty TNHH Mỹ nghệ Sơn mài Tương Bình Hiệp", [("Bộ khay sơn mài cẩn ốc", "CRAFT.SOUVENIR", "SOUV.CRAFT", 4)]),
        ("Tương Bình Hiệp", H, "Cơ sở sơn mài Duy Tân", [("Tranh sơn mài hoa sen", "CRAFT.SOUVENIR", None, 3)]),
        ("Tương Bình Hiệp", G, "Tổ hợp tác sơn mài Hiệp An", [("Đĩa sơn mài trang trí", "CRAFT.SOUVENIR", "SOUV.DECOR", 3)]),
        ("Chánh Nghĩa", E, "Công ty TNHH Gốm Chánh Nghĩa", [("Gốm men lam Chánh Nghĩa", "CRAFT.SOUVENIR", "SOUV.CRAFT", 4)]),
        ("Phú Cường", E, "Công ty CP Thực phẩm Phú Cường", [("Bánh bò bông thốt nốt", "FOOD.PROC", None, 3)]),
        ("Định Hòa", H, "Hộ kinh doanh Lan Định Hòa", [("Lan hồ điệp chậu", "ORNA.FLOWER", None, 3)]),
    ],
    "Thuận An": [
        ("Lái Thiêu", C, "HTX Vườn trái cây Lái Thiêu", [("Măng cụt Lái Thiêu", "FOOD.FRESH", "FOOD.FRESH", 4), ("Dịch vụ tham quan vườn trái cây Lái Thiêu", "TOUR.COMMUNITY", "TOUR.SERVICE", 4)]),
        ("Lái Thiêu", E, "Công ty TNHH Gốm sứ Phúc An Lái Thiêu", [("Bộ ấm chén gốm Lái Thiêu", "CRAFT.SOUVENIR", "SOUV.CRAFT", 5)]),
        ("An Sơn", C, "HTX Du lịch sinh thái An Sơn", [("Dịch vụ du lịch sinh thái vườn An Sơn", "TOUR.COMMUNITY", None, 3)]),
        ("An Sơn", H, "Vườn sầu riêng Út Chiến", [("Sầu riêng Ri6 An Sơn", "FOOD.FRESH", None, 3)]),
        ("Bình Nhâm", H, "Hộ kinh doanh Bòn bon Bình Nhâm", [("Bòn bon Lái Thiêu", "FOOD.FRESH", "FOOD.FRESH", 3)]),
        ("An Thạnh", E, "Công ty TNHH Nước giải khát An Thạnh", [("Nước măng cụt đóng chai", "BEV.SOFT", None, 3)]),
        ("Hưng Định", E, "Công ty TNHH May mặc Hưng Định", [("Áo bà ba lụa", "CRAFT.TEXTILE", "TEXT.GARMENT", 3)]),
    ],
    "Dĩ An": [
        ("Dĩ An", E, "Công ty CP Chế biến Thực phẩm Dĩ An", [("Lạp xưởng tươi", "FOOD.PROC", "FOOD.PROC", 3), ("Chả lụa Dĩ An", "FOOD.PROC", None, 3)]),
        ("Tân Đông Hiệp", E, "Công ty TNHH Bún khô Tân Đông Hiệp", [("Bún gạo khô", "FOOD.PROC", None, 3)]),
        ("Đông Hòa", H, "Cơ sở Trà thảo mộc Đông Hòa", [("Trà thảo mộc giảm cân", "HERB.MED", "HERB.MED", 3)]),
        ("Bình An", E, "Công ty TNHH Dệt Bình An", [("Khăn choàng lụa tơ tằm", "CRAFT.TEXTILE", "TEXT.FABRIC", 4)]),
        ("Tân Bình", E, "Công ty TNHH Mỹ phẩm Thiên Nhiên Tân Bình", [("Dầu gội bồ kết", "HERB.COSM", "HERB.COSM", 3)]),
        ("An Bình", H, "Hộ kinh doanh Cá cảnh An Bình", [("Cá Koi Bình Dương", "ORNA.ANIMAL", None, 3)]),
        ("Tân Đông Hiệp", E, "Công ty TNHH Nội thất Gỗ Tân Đông Hiệp", [("Bàn ghế gỗ nguyên khối", "CRAFT.SOUVENIR", "SOUV.WOOD", 3)]),
    ],
    "Tân Uyên": [
        ("Bạch Đằng", C, "HTX Bưởi Bạch Đằng", [("Bưởi da xanh cù lao Bạch Đằng", "FOOD.FRESH", "FOOD.FRESH", 4), ("Rượu bưởi Bạch Đằng", "BEV.ALC", None, 3)]),
        ("Bạch Đằng", H, "Vườn bưởi Tư Thuận", [("Bưởi đường lá cam", "FOOD.FRESH", None, 3)]),
        ("Bạch Đằng", C, "HTX Du lịch cù lao Bạch Đằng", [("Dịch vụ du lịch cộng đồng cù lao Bạch Đằng", "TOUR.COMMUNITY", None, 3)]),
        ("Uyên Hưng", E, "Công ty TNHH Mật ong Uyên Hưng", [("Mật ong hoa cà phê", "FOOD.RAW", "FOOD.RAW", 4)]),
        ("Tân Phước Khánh", E, "Công ty TNHH Gia vị Tân Phước Khánh", [("Muối tiêu chanh", "FOOD.SPICE", None, 3)]),
        ("Khánh Bình", E, "Công ty TNHH Cà phê Khánh Bình", [("Cà phê rang xay nguyên chất", "FOOD.COFFEE", "FOOD.COFFEE", 3)]),
        ("Thạnh Hội", H, "Hộ kinh doanh Mai vàng Thạnh Hội", [("Mai vàng bonsai", "ORNA.PLANT", None, 4)]),
    ],
    "Bến Cát": [
        ("Phú An", G, "Tổ hợp tác mây tre Phú An", [("Giỏ mây tre đan", "CRAFT.SOUVENIR", "SOUV.CRAFT", 3)]),
        ("Phú An", H, "Cơ sở đan lát tre Tư Hạnh", [("Đèn tre trang trí", "CRAFT.SOUVENIR", None, 3)]),
        ("Mỹ Phước", E, "Công ty TNHH Rượu nếp Mỹ Phước", [("Rượu nếp than Bến Cát", "BEV.ALC", "BEV.ALC", 4)]),
        ("Thới Hòa", C, "HTX Nông nghiệp công nghệ cao Thới Hòa", [("Xà lách thủy canh", "FOOD.FRESH", None, 3)]),
        ("Chánh Phú Hòa", H, "Hộ kinh doanh Muối ớt Chánh Phú Hòa", [("Muối tiêu hột", "FOOD.SPICE", "FOOD.SPICE", 3)]),
        ("An Tây", C, "HTX Nông nghiệp An Tây", [("Bưởi đường An Tây", "FOOD.FRESH", None, 3)]),
        ("Hòa Lợi", E, "Công ty TNHH Thảo dược Hòa Lợi", [("Cao đinh lăng", "HERB.MED", None, 4)]),
    ],
    "Bàu Bàng": [
        ("Lai Uyên", C, "HTX Dưa lưới Lai Uyên", [("Dưa lưới nhà màng", "FOOD.FRESH", None, 4)]),
        ("Lai Hưng", E, "Công ty TNHH Nấm Lai Hưng", [("Nấm mối sấy khô", "FOOD.RAW", None, 3)]),
        ("Trừ Văn Thố", C, "HTX Cao su Trừ Văn Thố", [("Gối cao su thiên nhiên", "CRAFT.SOUVENIR", "SOUV.DECOR", 3)]),
        ("Long Nguyên", H, "Hộ kinh doanh Tiêu Long Nguyên", [("Tiêu đen Bàu Bàng", "FOOD.SPICE", "FOOD.SPICE", 3)]),
        ("Cây Trường II", G, "Tổ hợp tác Chuối Cây Trường", [("Chuối sấy dẻo", "FOOD.PROC", None, 3)]),
        ("Hưng Hòa", E, "Công ty TNHH Nước yến Hưng Hòa", [("Nước yến sào", "BEV.SOFT", "BEV.SOFT", 4)]),
        ("Tân Hưng", H, "Hộ kinh doanh Trà lá Tân Hưng", [("Trà mãng cầu xiêm", "FOOD.TEA", None, 3)]),
    ],
    "Bắc Tân Uyên": [
        ("Đất Cuốc", E, "Công ty TNHH Mật ong Đất Cuốc", [("Mật ong rừng Chiến khu Đ", "FOOD.RAW", "FOOD.RAW", 4), ("Phấn hoa ong", "HERB.OTHER", None, 3)]),
        ("Tân Thành", C, "HTX Nấm mối Tân Thành", [("Nấm mối muối", "FOOD.PROC", None, 3)]),
        ("Hiếu Liêm", C, "HTX Du lịch sinh thái Hiếu Liêm", [("Dịch vụ homestay ven sông Đồng Nai", "TOUR.COMMUNITY", None, 3)]),
        ("Thường Tân", H, "Hộ kinh doanh Cá sông Thường Tân", [("Khô cá lóc", "FOOD.PROC", "FOOD.PROC", 3)]),
        ("Tân Mỹ", E, "Công ty TNHH Dược liệu Tân Mỹ", [("Trà túi lọc cà gai leo", "HERB.MED", None, 3)]),
        ("Bình Mỹ", C, "HTX Sầu riêng Bình Mỹ", [("Sầu riêng Monthong", "FOOD.FRESH", None, 4)]),
        ("Lạc An", H, "Hộ kinh doanh Dừa Lạc An", [("Nước dừa đóng hộp", "BEV.SOFT", None, 3)]),
    ],
    "Phú Giáo": [
        ("Phước Vĩnh", C, "HTX Chuối Phú Giáo", [("Chuối già Nam Mỹ", "FOOD.FRESH", "FOOD.FRESH", 4)]),
        ("An Bình", C, "HTX Nông nghiệp An Bình", [("Hạt điều rang muối", "FOOD.PROC", "FOOD.PROC", 3), ("Bơ sáp", "FOOD.FRESH", None, 3)]),
        ("Vĩnh Hòa", H, "Hộ kinh doanh Măng Vĩnh Hòa", [("Măng le sấy", "FOOD.RAW", None, 3)]),
        ("Phước Hòa", E, "Công ty TNHH Thực phẩm Phước Hòa", [("Bánh tráng phơi sương", "FOOD.PROC", None, 3)]),
        ("Tân Long", G, "Tổ hợp tác Dệt thổ cẩm Tân Long", [("Túi thổ cẩm", "CRAFT.TEXTILE", "TEXT.FABRIC", 3)]),
        ("An Linh", H, "Hộ kinh doanh Xà bông thảo mộc An Linh", [("Xà bông sả chanh", "HERB.COSM", None, 3)]),
        ("Tam Lập", C, "HTX Cà phê Tam Lập", [("Cà phê Robusta Phú Giáo", "FOOD.COFFEE", None, 3)]),
    ],
    "Dầu Tiếng": [
        ("Dầu Tiếng", E, "Công ty TNHH Điều Dầu Tiếng", [("Hạt điều vỏ lụa", "FOOD.PROC", "FOOD.PROC", 4)]),
        ("Minh Hòa", C, "HTX Nông nghiệp Minh Hòa", [("Mít Thái siêu sớm", "FOOD.FRESH", None, 3)]),
        ("Định An", H, "Hộ kinh doanh Cá lòng hồ Dầu Tiếng", [("Cá thác lác chả", "FOOD.PROC", None, 3)]),
        ("Thanh Tuyền", E, "Công ty TNHH Gỗ Thanh Tuyền", [("Bàn trà gỗ cao su", "CRAFT.SOUVENIR", "SOUV.WOOD", 3)]),
        ("Long Hòa", C, "HTX Dược liệu Long Hòa", [("Nghệ đen sấy khô", "HERB.OTHER", "HERB.OTHER", 3)]),
        ("Định Thành", C, "HTX Du lịch Núi Cậu", [("Dịch vụ du lịch Núi Cậu - lòng hồ Dầu Tiếng", "TOUR.COMMUNITY", None, 4)]),
        ("Minh Tân", H, "Hộ kinh doanh Rượu men lá Minh Tân", [("Rượu men lá", "BEV.ALC", None, 3)]),
    ],
}

SITES = [  # name, kind, lat, lon, commune, hours, visit minutes, services, description
    ("Vườn trái cây Lái Thiêu", "orchard", 10.905, 106.700, "Lái Thiêu", ("07:00", "18:00"), 120, ["parking", "food", "fruit_picking"], "Măng cụt, sầu riêng, bòn bon; mùa trái cây tháng 5–8."),
    ("Khu du lịch sinh thái vườn An Sơn", "ecotourism", 10.930, 106.667, "An Sơn", ("07:30", "17:30"), 150, ["parking", "food", "guide", "fruit_picking"], "Vườn trái cây ven sông Sài Gòn."),
    ("Vườn bưởi cù lao Bạch Đằng", "orchard", 11.040, 106.800, "Bạch Đằng", ("07:00", "17:00"), 120, ["parking", "food", "fruit_picking", "shop"], "Hơn 400 ha bưởi trên cù lao sông Đồng Nai."),
    ("Khu du lịch lòng hồ Dầu Tiếng", "ecotourism", 11.345, 106.385, "Định Thành", ("06:00", "18:00"), 180, ["parking", "food", "lodging"], "Hồ chứa 270 km², cảnh quan sông nước."),
    ("Núi Cậu", "ecotourism", 11.317, 106.400, "Định Thành", ("06:00", "17:00"), 120, ["parking", "toilets"], "Núi và hồ, điểm hành hương."),
    ("Làng nghề sơn mài Tương Bình Hiệp", "craft_village", 11.008, 106.632, "Tương Bình Hiệp", ("08:00", "17:00"), 90, ["workshop", "shop", "guide"], "Làng sơn mài truyền thống."),
    ("Điểm trưng bày sản phẩm OCOP Bình Dương", "showroom", 10.981, 106.655, "Phú Cường", ("08:00", "20:00"), 45, ["shop", "parking", "toilets"], "Trưng bày và bán sản phẩm OCOP của tỉnh."),
    ("Khu di tích Chiến khu Đ", "heritage", 11.094, 106.835, "Đất Cuốc", ("07:30", "16:30"), 90, ["parking", "guide", "toilets"], "Căn cứ kháng chiến lịch sử."),
    ("Vườn tre Phú An", "ecotourism", 11.115, 106.562, "Phú An", ("08:00", "17:00"), 90, ["parking", "guide", "workshop"], "Vườn tre và làng nghề đan lát."),
    ("Homestay vườn măng cụt Lái Thiêu", "homestay", 10.912, 106.694, "Lái Thiêu", ("00:00", "23:59"), 600, ["lodging", "food", "fruit_picking"], "Nhà vườn cho khách lưu trú."),
    ("Khu du lịch Đại Nam", "ecotourism", 11.048, 106.629, "Hiệp An", ("08:00", "18:00"), 240, ["parking", "food", "toilets", "shop"], "Khu du lịch lớn (quần thể văn hóa, vườn thú)."),
    ("Lò gốm cổ Chánh Nghĩa", "heritage", 10.966, 106.662, "Chánh Nghĩa", ("08:00", "16:30"), 60, ["guide", "shop"], "Lò gốm cổ của Thủ Dầu Một."),
]


def load_units():
    units = json.load(open(FIX / "admin_units.geojson", encoding="utf-8"))["features"]
    districts = {f["properties"]["code"]: f["properties"]["name"] for f in units
                 if f["properties"]["level"] == "district"}
    communes = {}
    for f in units:
        p = f["properties"]
        if p["level"] == "commune" and p["valid_to"]:
            communes[districts[p["parent_code"]], p["name"]] = (p["code"], shape(f["geometry"]))
    return communes


def point_in(area, centre, spread, avoid=None):
    for _ in range(1000):
        pt = Point(centre.x + rng.uniform(-spread, spread), centre.y + rng.uniform(-spread, spread))
        if area.contains(pt) and (avoid is None or not avoid.buffer(0.0005).contains(pt)):
            return pt
    raise RuntimeError("no point found")


def total_for(stars, weights):
    low, high = {3: (50, 69), 4: (70, 89), 5: (90, 98)}[stars]
    total = rng.uniform(low + 0.5, high - 0.5)
    return [round(total * w / 100, 2) for w in weights]


def village_around(centre, radius=0.004):
    """A small irregular hexagon (demo outline) around `centre`."""
    import math
    return Polygon([(centre.x + radius * (1 + 0.15 * (k % 2)) * math.cos(k * math.pi / 3),
                     centre.y + radius * (1 + 0.15 * (k % 2)) * math.sin(k * math.pi / 3)) for k in range(6)])


def main():
    communes = load_units()
    phu_an_village = village_around(communes["Bến Cát", "Phú An"][1].representative_point())
    villages = {("Thủ Dầu Một", "Tương Bình Hiệp", "sơn mài"): TBH_VILLAGE, ("Bến Cát", "Phú An", "tre"): phu_an_village}
    producers, products, evaluations = [], [], []
    n_expiring = 0
    for district, entries in PRODUCERS.items():
        for commune_name, form, name, items in entries:
            code, area = communes[district, commune_name]
            village = next((v for (d, c, craft), v in villages.items()
                            if (d, c) == (district, commune_name) and craft in name.lower()), None)
            if village is not None:
                pt = point_in(village, village.centroid, 0.005)
            else:
                pt = point_in(area, area.representative_point(), 0.02, avoid=TBH_VILLAGE)
            ref = f"P{len(producers) + 1:03d}"
            phone = f"09{rng.randint(10000000, 99999999)}"
            slug = "".join(ch for ch in ref.lower())
            private = form == H
            producers.append({
                "ref": ref, "legal_form": form, "name": name,
                "address": f"{rng.randint(1, 300)} đường số {rng.randint(1, 30)}, {commune_name}, {district}",
                "commune_code": code, "lon": round(pt.x, 6), "lat": round(pt.y, 6),
                "representative": "", "public_phone": "" if private else phone,
                "public_email": "" if private else f"lienhe.{slug}@example.vn",
                "private_phone": phone if private else "", "private_email": f"{slug}@example.vn" if private else "",
                "status": "published",
            })
            for product, sub23, sub19, stars in items:
                pref = f"SP{len(products) + 1:03d}"
                rated_148 = sub19 is None or stars == 5 or rng.random() < 0.6
                products.append({"ref": pref, "producer_ref": ref, "name": product,
                                 "subgroup_code": f"2023.{sub23}" if rated_148 else f"2019.{sub19}",
                                 "description": f"Sản phẩm OCOP {stars} sao của {name} (dữ liệu demo).",
                                 "status": "published"})
                if sub19 is not None:  # first rated under 1048/2019
                    day = datetime.date(2020, 6, 1) + datetime.timedelta(days=rng.randint(0, 900))
                    s19 = stars
                    a, b, c = total_for(s19, (35, 25, 40))
                    evaluations.append(evaluation(pref, "1048/2019", a, b, c, s19, day, len(evaluations)))
                if rated_148:
                    if n_expiring < 6 and stars < 5 and rng.random() < 0.4:
                        day = REFERENCE_DATE - datetime.timedelta(days=3 * 365 + 1 - rng.randint(5, 80))
                        n_expiring += 1
                    else:
                        day = datetime.date(2024, 3, 1) + datetime.timedelta(days=rng.randint(0, 950))
                    a, b, c = total_for(stars, (40, 25, 35))
                    evaluations.append(evaluation(pref, "148/2023", a, b, c, stars, day, len(evaluations)))
    write_csv("producers.csv", producers)
    write_csv("products.csv", products)
    write_csv("evaluations.csv", evaluations)

    villages = [
        {"type": "Feature", "properties": {"name": "Làng nghề sơn mài Tương Bình Hiệp", "craft": "Sơn mài",
         "recognition_year": 2006, "commune_code": communes["Thủ Dầu Một", "Tương Bình Hiệp"][0], "status": "published",
         "description": "Làng nghề sơn mài truyền thống hơn 200 năm (ranh giới demo)."},
         "geometry": mapping(TBH_VILLAGE)},
        {"type": "Feature", "properties": {"name": "Làng nghề mây tre đan Phú An", "craft": "Mây tre đan",
         "recognition_year": 2011, "commune_code": communes["Bến Cát", "Phú An"][0], "status": "published",
         "description": "Làng nghề đan lát tre (ranh giới demo)."}, "geometry": mapping(phu_an_village)},
    ]
    dump_geojson("craft_villages.geojson", villages)
    sites = []
    for name, kind, lat, lon, _commune, (opens, closes), minutes, services, desc in SITES:
        if name == "Vườn tre Phú An":
            lon, lat = round(phu_an_village.centroid.x, 5), round(phu_an_village.centroid.y, 5)
        sites.append({"type": "Feature", "properties": {
            "name": name, "kind": kind, "opening_time": opens,
            "closing_time": closes, "open_weekdays": "", "visit_minutes": minutes, "services": ";".join(services),
            "description": desc, "status": "published"}, "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    dump_geojson("tourism_sites.geojson", sites)
    print(f"{len(producers)} producers, {len(products)} products, {len(evaluations)} evaluations, "
          f"{n_expiring} expiring soon, {len(sites)} sites")


def evaluation(product_ref, rule_set, a, b, c, stars, day, n):
    level = {3: "district", 4: "province", 5: "central"}[stars]
    return {"product_ref": product_ref, "rule_set": rule_set, "score_a": a, "score_b": b, "score_c": c,
            "council_level": level, "decision_number": f"{1000 + n}/QĐ-UBND", "decision_date": day.isoformat()}


def write_csv(name, rows):
    with open(FIX / name, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def dump_geojson(name, features):
    with open(FIX / name, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
