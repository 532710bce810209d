"""manage.py export_layer LAYER OUTPUT [--format F] [--bbox …] [--filter name=value …]"""
from django.core.management.base import BaseCommand, CommandError

from gis_app.core.errors import InputError
from layers.catalogue import all_layers, get_layer
from layers.exports import FORMATS, export_layer
from layers.query import layer_queryset


class Command(BaseCommand):
    help = "Export a public layer (with its filters) to GeoJSON, CSV, KML, GeoPackage or a zipped shapefile."

    def add_arguments(self, parser):
        parser.add_argument("layer", help="one of: " + ", ".join(layer.id for layer in all_layers()))
        parser.add_argument("output", help="output file; its suffix gives the format unless --format is set")
        parser.add_argument("--format", choices=list(FORMATS), help="output format")
        parser.add_argument("--bbox", help="minLon,minLat,maxLon,maxLat")
        parser.add_argument("--filter", action="append", default=[], metavar="NAME=VALUE",
                            help="a filter declared by the layer (repeatable)")

    def handle(self, *args, **options):
        output = options["output"]
        suffix = options["format"] or next((s for s in sorted(FORMATS, key=len, reverse=True)
                                            if output.lower().endswith("." + s)), None)
        if suffix is None:
            raise CommandError(f"Cannot tell the format of {output}; use --format ({', '.join(FORMATS)}).")
        params = dict(item.split("=", 1) for item in options["filter"] if "=" in item)
        if options["bbox"]:
            params["bbox"] = options["bbox"]
        try:
            layer = get_layer(options["layer"])
            queryset = layer_queryset(layer, params)
        except InputError as error:
            raise CommandError(f"{error.field}: {error.detail}")
        count = queryset.count()
        export_layer(layer, queryset, suffix, output)
        self.stdout.write(f"{count} features of {layer.id} written to {output}")
