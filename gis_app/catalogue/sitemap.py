"""/sitemap.xml: every public page (sitemaps.org protocol 0.9), built with ElementTree (escaping done for us)."""
from xml.etree import ElementTree as ET

from django.urls import reverse

from gis_app.registry.models import TourismSite
from gis_app.tours.models import Tour

from . import queries

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def public_pages():
    """(path, last modified or None) of every public page."""
    yield "/", None
    yield reverse("catalogue:products"), None
    yield reverse("events:events"), None
    yield "/tours/", None
    for pk, updated in queries.public_products().order_by("pk").values_list("pk", "updated_at"):
        yield reverse("catalogue:product", args=[pk]), updated
    for pk, updated in queries.public_producers().order_by("pk").values_list("pk", "updated_at"):
        yield reverse("catalogue:producer", args=[pk]), updated
    for pk, updated in TourismSite.objects.published().order_by("pk").values_list("pk", "updated_at"):
        yield reverse("web:site-detail", args=[pk]), updated
    for pk in Tour.objects.filter(status=Tour.Status.PUBLISHED).order_by("pk").values_list("pk", flat=True):
        yield reverse("tours:tour", args=[pk]), None


def xml(request):
    urlset = ET.Element("urlset", xmlns=NS)
    for path, updated in public_pages():
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = queries.absolute(request, path)
        if updated is not None:
            ET.SubElement(url, "lastmod").text = updated.date().isoformat()
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(urlset, encoding="utf-8", xml_declaration=False)
