"""Load criteria sheets from CSV or XLSX files: all or nothing, with the rows that are wrong."""
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gis_app.criteria.loader import SheetRefused, load


class Command(BaseCommand):
    help = "Load criteria sheets (CSV or XLSX, one row per part, section, criterion, option …); refuses with row numbers."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")

    def handle(self, *args, files, **options):
        try:
            with transaction.atomic():
                sheets = [sheet for path in files for sheet in load(path)]
        except SheetRefused as refused:
            raise CommandError(f"Nothing was loaded; {len(refused.problems)} problem(s):\n{refused}")
        except OSError as error:
            raise CommandError(f"Nothing was loaded: {error}")
        for sheet in sheets:
            self.stdout.write(f"{sheet.code}: {sheet.nodes.count()} rows ({sheet.get_provenance_display()})")
