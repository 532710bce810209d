"""Helpers every public page shares (the catalogue, events, tours, the home page): here in core so that the
feature apps need not import the catalogue, a page app above them."""
from django.conf import settings
from django.contrib.gis.geos import Point
from django.http import HttpRequest


def absolute(request: HttpRequest, path: str) -> str:
    """The public address of `path`: OCOP_PUBLIC_URL when set (printed labels outlive a host name), else the
    request's own."""
    base = getattr(settings, "OCOP_PUBLIC_URL", "")
    return base.rstrip("/") + path if base else request.build_absolute_uri(path)


def lon_lat(point: Point | None) -> list[float] | None:
    return [round(point.x, 6), round(point.y, 6)] if point is not None else None
