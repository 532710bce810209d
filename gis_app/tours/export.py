"""GPX and KML files of a tour, written by GDAL's ogr2ogr (GPX waypoints + track, KML placemarks).

The tour goes to a GeoPackage with two layers (stops as points, the route as a
track), then GDAL converts that: the GPX driver needs one geometry type per layer.
"""
import subprocess
import tempfile
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from gis_app.core import geojson

from .formatting import duration

FORMATS = {"gpx": ("GPX", "application/gpx+xml"), "kml": ("KML", "application/vnd.google-earth.kml+xml")}


class ExportError(Exception):
    pass


def _feature_collection(features):
    return geojson.text(features)


def _ogr2ogr(*args):
    done = subprocess.run(["ogr2ogr", *map(str, args)], capture_output=True, text=True)
    if done.returncode != 0:
        raise ExportError(done.stderr.strip() or "ogr2ogr failed")


def export_tour(tour, fmt, stops):
    """(bytes, content type) of `tour` in `fmt` ("gpx" or "kml") with `stops` (those the caller may see)."""
    driver, content_type = FORMATS[fmt]
    stops = list(stops)
    several_days = len({stop.day for stop in stops}) > 1
    features = [geojson.feature(stop.location,
                                {"name": _stop_name(stop), "desc": _stop_description(stop, several_days)})
                for stop in stops]
    # The nights of a tour of several days, as waypoints of their own (lodging the caller may see).
    features += [geojson.feature(stop.overnight.location, {
                     "name": _("Night %(day)s: %(name)s") % {"day": stop.day, "name": stop.overnight.name},
                     "desc": _("Night after stop %(position)s") % {"position": stop.position}})
                 for stop in stops if getattr(stop, "overnight_shown", stop.overnight_id)]
    route = [geojson.feature({"type": "MultiLineString", "coordinates": [tour.route.coords]},
                             {"name": tour.name, "desc": tour.description})]
    with tempfile.TemporaryDirectory(prefix="tour-export-") as tmp:
        tmp = Path(tmp)
        (tmp / "stops.geojson").write_text(_feature_collection(features), encoding="utf-8")
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


def _stop_description(stop, several_days=False):
    arrival = timezone.localtime(stop.arrival).strftime("%H:%M") if stop.arrival else ""
    day = (_("Day %(day)s") % {"day": stop.day} + " · ") if several_days else ""
    text = f"{day}{stop.position}. {arrival} ({duration(stop.visit_minutes * 60)})"
    return text + (f" — {stop.warnings}" if stop.warnings else "")
