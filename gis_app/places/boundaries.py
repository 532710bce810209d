"""Load official unit boundaries from a GIS file (SHP, zipped SHP, GPKG, GeoJSON), all or nothing.

Units are matched by official code among the units in force on the file's first
day (code plus validity identify a unit; a new unit may carry an old part's code).
The file is read by the importer's GIS readers; VN-2000 TM-3 coordinates go through
its explicit VN-2000 pipeline (`gis_app.core.vn2000`). The new boundaries are
written inside a transaction, checked there in PostGIS against the other units, the
province outline and the records filed under the units, and rolled back on a dry run
or on any problem, so nothing is written unless everything is right.
"""
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.gis.geos import GEOSException, MultiPolygon
from django.db import connection, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from gis_app.core import geojson
from gis_app.core.importing import ImportFailed
from gis_app.core.readers import read_table
from gis_app.core.text import nfc, strip_accents
from gis_app.core.validity import in_force_sql
from gis_app.places.locating import Locator

from .dates import registry_units_on
from .models import AdminUnit
from .resolution import COMMUNE_UNITS, unit_of_record_sql

OVERLAP_TOLERANCE_M2 = 1_000  # digitising noise between neighbours; more is a real overlap
GAP_TOLERANCE_M2 = 10_000  # 1 ha


@dataclass
class Problem:
    unit: str  # "25771 Tương Bình Hiệp", or the row when the code is unknown
    message: str

    def __str__(self):
        return f"{self.unit}: {self.message}"


@dataclass
class Report:
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    units: list = field(default_factory=list)  # [(AdminUnit, new GEOS geometry)]
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def preview(self) -> dict[str, dict]:
        """GeoJSON of the old and new boundaries of the matched units (for the admin's map)."""
        def collection(pairs):
            return geojson.collection(geojson.feature(geom, {"code": unit.code, "name": unit.name})
                                      for unit, geom in pairs)
        return {"old": collection([(u, u.geom) for u, _ in self.units]), "new": collection(self.units)}


def _label(unit):
    return f"{unit.code} {unit.name}"


@dataclass
class BoundaryImport:
    path: str
    name: str | None = None  # uploaded file name (chooses the reader); default the path's name
    code_column: str = "code"
    name_column: str | None = None  # when given, the units' names are updated too
    level: str = AdminUnit.Level.COMMUNE  # type: ignore[assignment]  # a TextChoices member is a str
    valid_from: datetime.date | None = None  # the file's first day: units in force that day are matched
    valid_to: datetime.date | None = None  # when given, must be the matched units' end
    crs: str = "auto"  # "auto" (the file's declared CRS), "wgs84" or "vn2000" (for a file declaring none)
    central_meridian: float | None = None
    overlap_tolerance_m2: float = OVERLAP_TOLERANCE_M2
    gap_tolerance_m2: float = GAP_TOLERANCE_M2
    progress: Callable[[int, int, str], Any] | None = None  # callable(step, total, label)

    STEPS = 5

    def step(self, n: int, label: str) -> None:
        if self.progress:
            self.progress(n, self.STEPS, label)

    def run(self, dry_run: bool = True) -> Report:
        report = Report()
        day = self.valid_from or registry_units_on()
        self.step(1, _("reading the file"))
        try:
            table = read_table(self.path, self.name)
        except ImportFailed as failed:
            report.problems += [Problem(self.name or str(self.path), p.message) for p in failed.problems]
            return report
        report.notes += table.notes
        if self.code_column not in table.columns:
            report.problems.append(Problem(table.source, _("No column “%(column)s” (columns: %(columns)s).")
                                           % {"column": self.code_column, "columns": ", ".join(table.columns)}))
            return report
        if table.geometries is None:
            report.problems.append(Problem(table.source, _("The file has no geometries.")))
            return report
        self.step(2, _("checking codes and polygons"))
        try:
            self.check_rows(table, day, report)
        except ImportFailed as failed:  # a layer that only looks like VN-2000, without the user's choice
            report.problems += [Problem(table.source, p.message) for p in failed.problems]
            return report
        if report.units:
            with transaction.atomic():
                self.write(report)
                self.check_in_database(report, day)
                if dry_run or report.problems:
                    transaction.set_rollback(True)
                else:
                    report.written = True
        self.step(5, _("done"))
        return report

    def reprojector(self, table):
        from gis_app.core import vn2000
        from gis_app.core.readers.crs import confirmed

        projection = confirmed(table, self.crs, self.central_meridian or vn2000.BINH_DUONG_MERIDIAN)
        if projection:
            meridian, scale = projection
            return Locator(crs="vn2000", central_meridian=meridian, scale=scale).reproject
        if self.crs == "vn2000":
            return Locator(crs="vn2000", central_meridian=self.central_meridian or vn2000.BINH_DUONG_MERIDIAN,
                           scale=vn2000.TM3_SCALE).reproject
        return None

    def check_rows(self, table, day, report):
        units = {u.code: u for u in AdminUnit.objects.filter(level=self.level).valid_on(day)}
        province = AdminUnit.objects.programme_province().valid_on(day).first()  # 74 before 01/07/2025, 79 since
        outline = province.geom.buffer(0.05) if province else None  # about 5 km of slack
        reproject = self.reprojector(table)
        seen: dict[str, int] = {}
        for number, row, ogr in zip(table.numbers, table.rows, table.geometries):
            code = str(row.get(self.code_column) or "").strip()
            if code.endswith(".0"):
                code = code[:-2]
            unit = units.get(code)
            where = _label(unit) if unit else _("row %(row)s, code “%(code)s”") % {"row": number, "code": code}
            if unit is None:
                report.problems.append(Problem(where, _("Unknown code: no %(level)s with this code is in force on "
                                                        "%(day)s.") % {"level": AdminUnit.Level(self.level).label,
                                                                       "day": day.strftime("%d/%m/%Y")}))
            elif code in seen:
                report.problems.append(Problem(where, _("The code appears twice (rows %(a)s and %(b)s).")
                                               % {"a": seen[code], "b": number}))
                continue
            elif self.valid_to and unit.valid_to != self.valid_to:
                report.problems.append(Problem(where, _("This unit is valid until %(end)s, not %(given)s.") % {
                    "end": unit.valid_to.strftime("%d/%m/%Y") if unit.valid_to else "—",
                    "given": self.valid_to.strftime("%d/%m/%Y")}))
            seen[code] = number
            if ogr is None:
                report.problems.append(Problem(where, _("No geometry.")))
                continue
            try:
                geom = ogr.geos
                if reproject is not None:
                    geom = reproject(geom)
                geom.srid = 4326
            except (GEOSException, ValueError) as error:
                report.problems.append(Problem(where, _("Unreadable geometry: %(error)s") % {"error": error}))
                continue
            if geom.geom_type not in ("Polygon", "MultiPolygon"):
                report.problems.append(Problem(where, _("Geometry type %(type)s: a unit needs a polygon.")
                                               % {"type": geom.geom_type}))
                continue
            x0, y0, x1, y1 = geom.extent
            if max(abs(x0), abs(x1)) > 180 or max(abs(y0), abs(y1)) > 90:
                report.problems.append(Problem(where, _(
                    "Coordinates like %(x).0f, %(y).0f are projected metres, not degrees: the file declares no or the "
                    "wrong coordinate system; declare it, or choose VN-2000.") % {"x": x0, "y": y0}))
                continue
            if outline is not None and not outline.intersects(geom):
                report.problems.append(Problem(where, _(
                    "The polygon lies outside the province (near %(lon).4f, %(lat).4f): wrong coordinate system?")
                    % {"lon": geom.centroid.x, "lat": geom.centroid.y}))
                continue
            if not geom.valid:
                report.problems.append(Problem(where, _("Invalid polygon: %(reason)s") % {"reason": geom.valid_reason}))
                continue
            if unit is not None:
                geom = MultiPolygon(geom, srid=4326) if geom.geom_type == "Polygon" else geom
                name = row.get(self.name_column) if self.name_column else None
                report.units.append((unit, geom, name))
        if report.problems:
            report.units = []  # nothing is checked further nor written when a row is wrong
        else:
            report.units = [(u, g) if n is None else (self._renamed(u, n), g) for u, g, n in report.units]

    @staticmethod
    def _renamed(unit, name):
        unit.new_name = nfc(str(name)).strip()  # written with the geometry; the unit object keeps its old name
        return unit

    def write(self, report):
        for unit, geom in report.units:
            renamed = getattr(unit, "new_name", None)
            AdminUnit.objects.filter(pk=unit.pk).update(geom=geom, **(
                {"name": renamed, "name_ascii": strip_accents(renamed)} if renamed else {}))
        # Parents stay exact unions of their children (districts of communes).
        parents = {unit.parent_id for unit, _ in report.units if unit.parent_id}
        parent_level = AdminUnit.Level.DISTRICT if self.level == AdminUnit.Level.COMMUNE else None
        if parents and parent_level:
            with connection.cursor() as cursor:
                cursor.execute("""
                    UPDATE places_adminunit d SET geom = ST_Multi(ST_CollectionExtract(
                        (SELECT ST_UnaryUnion(ST_Collect(c.geom)) FROM places_adminunit c WHERE c.parent_id = d.id), 3))
                    WHERE d.id = ANY(%s) AND d.level = %s""", [list(parents), parent_level])

    def check_in_database(self, report, day):
        self.step(3, _("checking overlaps between units"))
        ids = [unit.pk for unit, _ in report.units]
        labels = {unit.pk: _label(unit) for unit, _ in report.units}
        params = {"ids": ids, "level": self.level, "day": day}
        def in_force(a, level="%(level)s"):
            return f"{a}.level = {level} AND {in_force_sql(a, 'day', AdminUnit.VALIDITY)}"
        with connection.cursor() as cursor:
            cursor.execute(f"""
                SELECT a.id, b.code || ' ' || b.name, ST_Area(ST_Intersection(a.geom, b.geom)::geography)
                FROM places_adminunit a JOIN places_adminunit b
                  ON a.geom && b.geom AND a.id <> b.id AND ST_Intersects(a.geom, b.geom)
                WHERE a.id = ANY(%(ids)s) AND (b.id <> ALL(%(ids)s) OR a.id < b.id)
                  AND {in_force("b")}
                  AND ST_Area(ST_Intersection(a.geom, b.geom)::geography) > %(tolerance)s
                ORDER BY 1, 2""", params | {"tolerance": self.overlap_tolerance_m2})
            for unit_id, other, area in cursor.fetchall():
                report.problems.append(Problem(labels[unit_id], _(
                    "Overlaps %(other)s by %(area)s m² (tolerance %(tolerance)s m²).") % {
                    "other": other, "area": number_format(area, 0, force_grouping=True),
                    "tolerance": number_format(self.overlap_tolerance_m2, 0, force_grouping=True)}))

            self.step(4, _("checking gaps against the province outline and the records"))
            cursor.execute(f"""
                WITH outline AS (
                    SELECT p.geom FROM places_adminunit p WHERE {in_force("p", "'province'")} LIMIT 1),
                covered AS (SELECT ST_UnaryUnion(ST_Collect(u.geom)) AS geom FROM places_adminunit u
                            WHERE {in_force("u")}),
                gaps AS (SELECT (ST_Dump(ST_Difference(outline.geom, covered.geom))).geom AS geom FROM outline, covered)
                SELECT ST_Area(geom::geography), ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom))
                FROM gaps WHERE ST_Area(geom::geography) > %(tolerance)s ORDER BY 1 DESC""",
                           params | {"tolerance": self.gap_tolerance_m2})
            for area, lon, lat in cursor.fetchall():
                report.problems.append(Problem(_("province outline"), _(
                    "A gap of %(ha)s ha near %(lon).4f, %(lat).4f is covered by no unit.") % {
                    "ha": number_format(area / 10_000, 1, force_grouping=True),
                    "lon": lon, "lat": lat}))

            # Records whose unit of that day (filed commune, or its successor) would no longer contain them.
            outside = {"registry_producer": _("The producer “%(name)s” filed under this unit would fall outside it."),
                       "registry_tourismsite": _("The tourism site “%(name)s” filed under this unit would fall "
                                                 "outside it.")}
            for table, message in outside.items():
                unit_sql = unit_of_record_sql("r.commune_id", "r.location::geometry")
                cursor.execute(f"""
                    SELECT r.name, x.unit_id FROM {table} r
                    LEFT JOIN {COMMUNE_UNITS} m ON m.commune_id = r.commune_id
                    CROSS JOIN LATERAL (SELECT {unit_sql} AS unit_id) x
                    JOIN places_adminunit u ON u.id = x.unit_id
                    WHERE x.unit_id = ANY(%(ids)s) AND NOT ST_Covers(u.geom, r.location::geometry)
                    ORDER BY 2, 1""", params | {"unit_level": self.level, "unit_day": day})
                for name, unit_id in cursor.fetchall():
                    report.problems.append(Problem(labels[unit_id], message % {"name": name}))

