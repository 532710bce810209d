"""Import producers, products or tourism sites from CSV, XLSX, GeoJSON, GeoPackage or zipped Shapefile."""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from gis_app.core.importing import ImportFailed
from gis_app.core.readers import open_table
from gis_app.imports.kinds import KINDS
from gis_app.imports.mapping import parse_mapping
from gis_app.imports.models import ImportRun
from gis_app.imports.report import report_lines
from gis_app.imports.runs import store
from gis_app.imports.service import Options, run_import


class Command(BaseCommand):
    help = ("Import producers, products or tourism sites from a file. Nothing is written if any row is bad "
            "or if likely duplicates are found (unless --accept-duplicates).")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", choices=sorted(KINDS), required=True)
        parser.add_argument("--mapping", default="",
                            help="source column=field pairs separated by commas, e.g. 'Tên cơ sở=name,Kinh độ=lon'")
        parser.add_argument("--crs", choices=["wgs84", "vn2000"], default="wgs84",
                            help="coordinates in the file: WGS84 lon/lat or VN-2000 TM-3 easting/northing")
        parser.add_argument("--central-meridian", type=float, default=105.75,
                            help="VN-2000 TM-3 central meridian in degrees (Bình Dương: 105.75 = 105°45′)")
        parser.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
        parser.add_argument("--accept-duplicates", action="store_true",
                            help="create rows even if they look like records already in the registry")
        parser.add_argument("--language", choices=["vi", "en"], default="vi", help="language of the report")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument("--user", default="",
                            help="import as this user: rows outside what their role and area allow are refused")

    def handle(self, *args, **opts):
        path = opts["file"]
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        with translation.override(opts["language"]):
            try:
                table = open_table(path)  # streamed: limits checked first, rows read batch by batch
            except ImportFailed as failed:
                raise CommandError("\n".join(str(problem) for problem in failed.problems))
            user = None
            if opts["user"]:
                user = get_user_model().objects.filter(username=opts["user"]).first()
                if user is None:
                    raise CommandError(f"{opts['user']}: no such user")
            options = Options(user=user, kind=opts["kind"], mapping=parse_mapping(opts["mapping"]), crs=opts["crs"],
                              central_meridian=opts["central_meridian"], commit=not opts["dry_run"],
                              accept_duplicates=opts["accept_duplicates"], progress=not opts["no_progress"])
            run = ImportRun(user=user, kind=options.kind, file_name=path.name, crs=options.crs,
                            central_meridian=options.central_meridian, mapping=options.mapping)
            try:
                report = run_import(table, options, after_write=lambda done: store(run, done, table.columns))
            except ImportFailed as failed:  # found while streaming (a malformed line, too many vertices)
                raise CommandError("\n".join(str(problem) for problem in failed.problems))
            lines = report_lines(report)
        self.stdout.write("\n".join(lines))
        if report.problems or (options.commit and not report.committed):
            raise CommandError(lines[-1])

