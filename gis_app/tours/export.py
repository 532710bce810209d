"""GPX and KML files of a tour, written by GDAL's ogr2ogr (GPX waypoints + track, KML placemarks).

The tour goes to a GeoPackage with two layers (stops as points, the route as a
track), then GDAL converts that: the GPX driver needs one geometry type per layer.
"""
import json
import subprocess
import tempfile
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

FORMATS = {"gpx": ("GPX", "application/gpx+xml"), "kml": ("KML", "application/vnd.google-earth.kml+xml")}


class ExportError(Exception):
    pass


def _feature_collection(features):
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def _ogr2ogr(*args):
    done = subprocess.run(["ogr2ogr", *map(str, args)], capture_output=True, text=True)
    if done.returncode != 0:
        raise ExportError(done.stderr.strip() or "ogr2ogr failed")


def export_tour(tour, fmt, stops):
    """(bytes, content type) of `tour` in `fmt` ("gpx" or "kml") with `stops` (those the caller may see)."""
    driver, content_type = FORMATS[fmt]
    stops = [{"type": "Feature", "geometry": json.loads(stop.location.geojson),
              "properties": {"name": _stop_name(stop), "desc": _stop_description(stop)}}
             for stop in stops]
    route = [{"type": "Feature", "geometry": {"type": "MultiLineString", "coordinates": [tour.route.coords]},
              "properties": {"name": tour.name, "desc": tour.description}}]
    with tempfile.TemporaryDirectory(prefix="tour-export-") as tmp:
        tmp = Path(tmp)
        (tmp / "stops.geojson").write_text(_feature_collection(stops), encoding="utf-8")
        (tmp / "route.geojson").write_text(_feature_collection(route), encoding="utf-8")
        staging = tmp / "tour.gpkg"
        _ogr2ogr("-f", "GPKG", staging, tmp / "stops.geojson", "-nln", "waypoints", "-nlt", "POINT")
        _ogr2ogr("-f", "GPKG", "-update", staging, tmp / "route.geojson", "-nln", "tracks",
                 "-nlt", "MULTILINESTRING")
        out = tmp / f"tour.{fmt}"
        _ogr2ogr("-f", driver, out, staging)
        return out.read_bytes(), content_type


def _stop_name(stop):
    if getattr(stop, "public", True):
        return stop.name
    return _("%(name)s (not public)") % {"name": stop.name}


def _stop_description(stop):
    arrival = timezone.localtime(stop.arrival).strftime("%H:%M") if stop.arrival else ""
    return f"{stop.position}. {arrival} ({stop.visit_minutes} min)" + (f" — {stop.warnings}" if stop.warnings else "")
