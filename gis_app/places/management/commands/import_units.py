"""manage.py import_units FILE: load official unit boundaries (SHP, zipped SHP, GPKG, GeoJSON), all or nothing."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gis_app.core.dates import date_argument
from gis_app.places.boundaries import GAP_TOLERANCE_M2, OVERLAP_TOLERANCE_M2, BoundaryImport
from gis_app.places.models import AdminUnit


class Command(BaseCommand):
    help = ("Replace the boundaries of the units in force on --valid-from with those of an official file, matched "
            "by official code. Checks codes, polygons, overlaps, gaps against the province outline and the records "
            "filed under the units; writes nothing unless every check passes. --dry-run only reports.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--code-column", default="code", help="column holding the official unit code")
        parser.add_argument("--name-column", default=None, help="column holding the unit name (updates names)")
        parser.add_argument("--level", default=AdminUnit.Level.COMMUNE,
                            choices=[AdminUnit.Level.COMMUNE, AdminUnit.Level.DISTRICT])
        parser.add_argument("--valid-from", type=date_argument, default=None,
                            help="first day of the boundaries: units in force that day are matched "
                                 "(default: the registry's unit date)")
        parser.add_argument("--valid-to", type=date_argument, default=None,
                            help="when given, must be the matched units' end (first day no longer valid)")
        parser.add_argument("--crs", choices=["auto", "wgs84", "vn2000"], default="auto",
                            help="coordinates of a file declaring no CRS (a declared CRS is always used)")
        parser.add_argument("--central-meridian", type=float, default=None,
                            help="VN-2000 TM-3 central meridian for --crs vn2000 (default Bình Dương's 105.75)")
        parser.add_argument("--overlap-tolerance", type=float, default=OVERLAP_TOLERANCE_M2, help="m²")
        parser.add_argument("--gap-tolerance", type=float, default=GAP_TOLERANCE_M2, help="m²")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")

    def handle(self, *args, **options):
        job = BoundaryImport(
            path=options["file"], code_column=options["code_column"], name_column=options["name_column"],
            level=options["level"], valid_from=options["valid_from"], valid_to=options["valid_to"],
            crs=options["crs"], central_meridian=options["central_meridian"],
            overlap_tolerance_m2=options["overlap_tolerance"], gap_tolerance_m2=options["gap_tolerance"],
            progress=lambda n, total, label: self.stderr.write(f"[{n}/{total}] {label}"),
        )
        report = job.run(dry_run=options["dry_run"])
        for note in report.notes:
            self.stdout.write(f"  {note}")
        if report.problems:
            raise CommandError(_("Nothing was written; %(n)s problem(s):") % {"n": len(report.problems)} + "\n"
                               + "\n".join(f"  {p}" for p in report.problems))
        done = (_("%(n)s unit boundaries would be updated (dry run).") if options["dry_run"]
                else _("%(n)s unit boundaries updated."))
        self.stdout.write(done % {"n": len(report.units)})
