"""manage.py load_units --all-hcmc: every commune-level unit of Hồ Chí Minh City today (168 wards, communes and
the special zone), codes, kinds and names from the offline package `vietnamadminunits`, idempotently.

Units already loaded (the 36 of the former Bình Dương) keep their boundaries; the others get an empty boundary
said in `shape_source`, unless --shapes gives a GeoJSON file with a `code` property per feature. The
programme's area stays OCOP_PROGRAMME_AREA (former Bình Dương by default): loading the city does not widen it.
"""
import sqlite3
from pathlib import Path

from django.contrib.gis.gdal import DataSource
from django.contrib.gis.geos import MultiPolygon
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gis_app.places.models import REFORM_2025, AdminUnit

CITY_CODE = "79"
NO_SHAPE = "Chưa có ranh giới (đơn vị nạp từ gói vietnamadminunits, không kèm ranh giới)"


def package_units(province_code=CITY_CODE):
    """[(code, kind, name)] of the province's commune-level units today, from the package's own database."""
    import vietnamadminunits

    db = sqlite3.connect(Path(vietnamadminunits.__file__).parent / "data" / "dataset.db")
    try:
        rows = db.execute("SELECT wardCode, wardType, wardShort FROM admin_units WHERE provinceCode = ? "
                          "ORDER BY wardCode", [province_code]).fetchall()
        province = db.execute("SELECT DISTINCT provinceShort FROM admin_units WHERE provinceCode = ?",
                              [province_code]).fetchone()
    finally:
        db.close()
    return province[0] if province else None, [(code, kind.lower(), name) for code, kind, name in rows]


def read_shapes(path):
    shapes = {}
    for feature in DataSource(str(path))[0]:
        geom = feature.geom.geos
        geom.srid = 4326
        shapes[str(feature.get("code"))] = MultiPolygon(geom, srid=4326) if geom.geom_type == "Polygon" else geom
    return shapes


@transaction.atomic
def load_city_units(shapes=None):
    """Create or update the city and its commune-level units valid from 01/07/2025; returns (created, updated)."""
    shapes = shapes or {}
    province_name, rows = package_units()
    if not rows:
        raise CommandError("vietnamadminunits has no units for province 79")
    city = AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE, code=CITY_CODE, valid_from=REFORM_2025).first()
    if city is None:
        city = AdminUnit(code=CITY_CODE, level=AdminUnit.Level.PROVINCE, kind="thành phố", name=province_name,
                         valid_from=REFORM_2025, geom=shapes.get(CITY_CODE) or MultiPolygon(srid=4326),
                         shape_source="" if CITY_CODE in shapes else NO_SHAPE)
        city.save()
    created = updated = 0
    for code, kind, name in rows:
        unit = AdminUnit.objects.filter(code=code, valid_from=REFORM_2025, level=AdminUnit.Level.COMMUNE).first()
        if unit is None:
            unit = AdminUnit(code=code, valid_from=REFORM_2025, level=AdminUnit.Level.COMMUNE,
                             geom=MultiPolygon(srid=4326), shape_source=NO_SHAPE)
            created += 1
        else:
            updated += 1
        unit.kind, unit.name, unit.parent = kind, name, city
        if code in shapes:
            unit.geom, unit.shape_source = shapes[code], ""
        unit.save()
    return created, updated


class Command(BaseCommand):
    help = ("Load units from the offline package vietnamadminunits. --all-hcmc: every commune-level unit of "
            "Hồ Chí Minh City today (names, codes, parent), without boundaries unless --shapes is given. "
            "Safe to run again; the programme's area (OCOP_PROGRAMME_AREA) is not changed.")

    def add_arguments(self, parser):
        parser.add_argument("--all-hcmc", action="store_true", help="all of Hồ Chí Minh City's wards and communes")
        parser.add_argument("--shapes", default=None, help="GeoJSON (or any GDAL file) of boundaries with a `code`")

    def handle(self, *args, **options):
        if not options["all_hcmc"]:
            raise CommandError("Say what to load: --all-hcmc.")
        shapes = read_shapes(options["shapes"]) if options["shapes"] else None
        created, updated = load_city_units(shapes)
        self.stdout.write(f"{created} unit(s) created, {updated} updated ({created + updated} in Hồ Chí Minh City).")
