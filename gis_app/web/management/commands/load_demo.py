"""Load the demo province: units, successions, reference data and the demo registry (idempotent)."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gis_app.catalogue.loaders import load_catalogue
from gis_app.core.dates import date_argument
from gis_app.core.importing import Importer, ImportFailed
from gis_app.criteria.loader import SheetRefused, load_directory
from gis_app.decisions.loaders import load_demo_decisions, load_issuers
from gis_app.places.loaders import DEMO_SHAPES, load_successions, load_unit_history, load_units
from gis_app.places.models import AdminUnit
from gis_app.registry.loaders import load_demo_registry, load_reference
from gis_app.registry.models import CraftVillage, Evaluation, Producer, Product, TourismSite
from gis_app.roads.osm_import import RoadImportError, import_osm
from gis_app.tours.loaders import load_themes


class Command(BaseCommand):
    help = "Load (or refresh) the demo data of Bình Dương from fixtures/. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", type=Path, default=Path(settings.BASE_DIR) / "fixtures")
        parser.add_argument("--reference-only", action="store_true",
                            help="load only the taxonomy and rule sets (for a real deployment)")
        parser.add_argument("--today", type=date_argument, default=None,
                            help="day the demo dates are shifted to, dd/mm/yyyy or yyyy-mm-dd (default: today)")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, fixtures, reference_only, today, no_progress, **options):
        importer = Importer(progress=not no_progress)
        try:
            with transaction.atomic():
                steps = [("reference data", lambda: load_reference(fixtures, importer)),
                         ("criteria sheets", lambda: load_directory(fixtures / "criteria")),
                         ("tour themes", lambda: load_themes(fixtures, importer))]
                # Issuers name units: after the demo's units, or (reference only) those a deployment loaded before.
                issuers = ("issuers and revocation reasons", lambda: load_issuers(fixtures, importer))
                if reference_only:
                    steps.append(issuers)
                else:
                    steps += [
                        ("administrative units", lambda: load_units(fixtures / "admin_units.geojson", importer,
                                                                          shape_source=DEMO_SHAPES)),
                        ("unit successions", lambda: load_successions(fixtures / "unit_successions.csv", importer)),
                        ("unit history", lambda: load_unit_history(fixtures / "unit_history.csv", importer)),
                        issuers,
                        ("registry", lambda: load_demo_registry(fixtures, importer, today)),
                        ("decisions", lambda: load_demo_decisions(fixtures, importer)),
                        ("road network", lambda: import_osm(fixtures / "roads.osm", log=lambda m: None)),
                        ("catalogue", lambda: load_catalogue(fixtures, importer, today)),
                    ]
                for n, (label, step) in enumerate(steps, start=1):
                    self.stderr.write(f"[{n}/{len(steps)}] {label}")
                    step()
                importer.finish()
        except ImportFailed as failed:
            raise CommandError(f"Nothing was loaded; {len(failed.problems)} problem(s):\n{failed}")
        except SheetRefused as failed:
            raise CommandError(f"Nothing was loaded; the criteria sheets are refused:\n{failed}")
        except RoadImportError as failed:
            raise CommandError(f"Nothing was loaded; the road network could not be imported: {failed}")
        counts = {model._meta.verbose_name_plural: model.objects.count()
                  for model in (AdminUnit, Producer, Product, Evaluation, CraftVillage, TourismSite)}
        self.stdout.write("Loaded: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
