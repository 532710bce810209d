"""Sample published tours over the demo's sites and producers (opt-in, after load_demo; idempotent by name).

Each tour is computed the way the planner's API saves one (tours.stops.resolve_stops → planning.plan_on_roads
→ saving.save_plan), so its route, distance, times and overnights are the road network's, then published.
The suite's demo (tests/conftest.py) does not run this: its tests start with no tours.
"""
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gis_app.core.errors import InputError
from gis_app.registry.models import Producer, TourismSite
from gis_app.tours.models import Tour, TourTheme
from gis_app.tours.planning import plan_on_roads
from gis_app.tours.saving import save_plan
from gis_app.tours.stops import resolve_stops

# Stops: ("site", name in fixtures/tourism_sites.geojson) or ("producer", ref in fixtures/producers.csv).
# optimize=False keeps the order given (end "fixed"); otherwise the planner chooses it from the first stop.
DEMO_TOURS = [
    {
        "name": "Miệt vườn Lái Thiêu",
        "themes": ["orchards", "ocop-food"],
        "description": "Một ngày miệt vườn Lái Thiêu: hái trái trong vườn, ghé hợp tác xã trái cây, "
                       "vườn sầu riêng và cơ sở bòn bon, mua đặc sản OCOP mang về (tour mẫu của dữ liệu demo).",
        "stops": [("site", "Vườn trái cây Lái Thiêu"), ("producer", "P009"), ("producer", "P012"),
                  ("producer", "P013")],
        "optimize": True,
    },
    {
        "name": "Làng nghề sơn mài Tương Bình Hiệp",
        "themes": ["craft-villages", "heritage"],
        "description": "Một ngày làng nghề: xem nghệ nhân sơn mài Tương Bình Hiệp làm việc tại xưởng, "
                       "thăm lò gốm cổ Chánh Nghĩa và điểm trưng bày sản phẩm OCOP (tour mẫu của dữ liệu demo).",
        "stops": [("site", "Làng nghề sơn mài Tương Bình Hiệp"), ("producer", "P001"), ("producer", "P003"),
                  ("site", "Lò gốm cổ Chánh Nghĩa"), ("producer", "P006"),
                  ("site", "Điểm trưng bày sản phẩm OCOP Bình Dương")],
        "optimize": True,
    },
    {
        "name": "Hai ngày Chiến khu Đ – cù lao Bạch Đằng – miệt vườn Lái Thiêu",
        "themes": ["heritage", "orchards", "eco-agri"],
        "description": "Ngày thứ nhất: khu di tích Chiến khu Đ, vườn bưởi cù lao Bạch Đằng, khu du lịch Đại Nam; "
                       "nghỉ đêm tại homestay miệt vườn. Ngày thứ hai: vườn trái cây Lái Thiêu, lò gốm cổ "
                       "Chánh Nghĩa (tour mẫu của dữ liệu demo).",
        "stops": [("site", "Khu di tích Chiến khu Đ"), ("site", "Vườn bưởi cù lao Bạch Đằng"), ("producer", "P023"),
                  ("site", "Khu du lịch Đại Nam"), ("site", "Vườn trái cây Lái Thiêu"),
                  ("site", "Lò gốm cổ Chánh Nghĩa")],
        "optimize": False,
    },
    {
        "name": "Lòng hồ Dầu Tiếng – Núi Cậu",
        "themes": ["eco-agri", "ocop-food"],
        "description": "Một ngày sinh thái phía bắc: lòng hồ Dầu Tiếng, leo Núi Cậu, ghé cơ sở rượu men lá Minh Tân "
                       "và mua hạt điều Dầu Tiếng (tour mẫu của dữ liệu demo).",
        "stops": [("site", "Khu du lịch lòng hồ Dầu Tiếng"), ("site", "Núi Cậu"), ("producer", "P064"),
                  ("producer", "P058")],
        "optimize": True,
    },
]


def _items(spec):
    """The planner's stop items ({"site": id} | {"producer": id}) for spec, or the name of a missing stop."""
    items = []
    for kind, key in spec["stops"]:
        if kind == "site":
            pk = TourismSite.objects.published().filter(name=key).values_list("pk", flat=True).first()
        else:
            pk = Producer.objects.published().filter(ref=key).values_list("pk", flat=True).first()
        if pk is None:
            return None, f"{kind} {key}"
        items.append({kind: pk})
    return items, None


class Command(BaseCommand):
    help = "Add the sample published tours to the demo (after load_demo). Safe to run again: tours already " \
           "there (same name) are left as they are."

    def handle(self, *args, **options):
        created = kept = skipped = 0
        with transaction.atomic():
            for spec in DEMO_TOURS:
                if Tour.objects.filter(name=spec["name"]).exists():
                    kept += 1
                    self.stdout.write(f"= {spec['name']}: already there")
                    continue
                items, missing = _items(spec)
                if missing:
                    skipped += 1
                    self.stdout.write(f"- {spec['name']}: skipped, no published {missing} in the demo")
                    continue
                themes = list(TourTheme.objects.filter(code__in=spec["themes"]))
                if len(themes) != len(spec["themes"]):
                    raise CommandError(f"Tour themes {spec['themes']} are not all loaded: run load_demo first.")
                try:
                    plan = plan_on_roads(resolve_stops(items), end="open" if spec["optimize"] else "fixed",
                                         optimize=spec["optimize"])
                except InputError as error:
                    raise CommandError(f"{spec['name']}: {error.field}: {error.detail}") from error
                tour = save_plan(plan, spec["name"], spec["description"], themes=themes)
                tour.status = Tour.Status.PUBLISHED
                tour.save(update_fields=["status", "updated_at"])
                created += 1
                nights = [o["name"] for o in plan.overnights.values() if o]
                self.stdout.write(
                    f"+ {tour.name}: {len(plan.stops)} stops, {plan.distance_m / 1000:.1f} km, "
                    f"{plan.drive_seconds / 60:.0f} min driving, {plan.day_count} day(s)"
                    + (f", night at {', '.join(nights)}" if nights else ""))
        self.stdout.write(f"Demo tours: {created} created, {kept} already there, {skipped} skipped.")
