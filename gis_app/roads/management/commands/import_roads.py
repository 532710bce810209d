"""manage.py import_roads PATH.osm — replace the routing network with the roads of an OSM XML file."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gis_app.roads.osm_import import MAPCONFIG, RoadImportError, import_osm


class Command(BaseCommand):
    help = ("Import roads from an OpenStreetMap XML file (.osm) with osm2pgrouting; travel times from maxspeed "
            "tags or road-class speeds. Replaces the current network in one transaction.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--mapconfig", type=Path, default=MAPCONFIG,
                            help="osm2pgrouting configuration: road classes and their speeds")

    def handle(self, *args, path, mapconfig, **options):
        log = (lambda message: None) if options["verbosity"] == 0 else (lambda message: self.stderr.write(message))
        try:
            vertices, edges = import_osm(path, mapconfig=mapconfig, log=log)
        except RoadImportError as error:
            raise CommandError(str(error))
        self.stdout.write(f"Imported {edges} road edges between {vertices} vertices from {path}")
