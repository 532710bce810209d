"""For crawlers: /sitemap.xml, every public page (sitemaps.org protocol 0.9, built with ElementTree, escaping done
for us), and /robots.txt (RFC 9309), which keeps them off the staff pages and the data services."""
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
    yield reverse("tours:catalogue"), None
    for pk, updated in queries.public_products().order_by("pk").values_list("pk", "updated_at"):
        yield reverse("catalogue:product", args=[pk]), updated
    for pk, updated in queries.public_producers().order_by("pk").values_list("pk", "updated_at"):
        yield reverse("catalogue:producer", args=[pk]), updated
    for pk, updated in TourismSite.objects.published().order_by("pk").values_list("pk", "updated_at"):
        yield reverse("web:site-detail", args=[pk]), updated
    for pk in Tour.objects.published().order_by("pk").values_list("pk", flat=True):
        yield reverse("tours:tour", args=[pk]), None


def xml(request):
    urlset = ET.Element("urlset", xmlns=NS)
    for path, updated in public_pages():
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = queries.absolute(request, path)
        if updated is not None:
            ET.SubElement(url, "lastmod").text = updated.date().isoformat()
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(urlset, encoding="utf-8", xml_declaration=False)


# Paths crawlers stay off (RFC 9309 prefixes): what needs a login (admin, accounts, staff pages, jobs, the
# tour editor) and the data services, read by programs through their documented APIs (docs/partners.md),
# whose answers no search engine needs and whose exports are costly. Everything else is public: pages, /static/.
ROBOTS_DISALLOWED = ("/admin/", "/accounts/", "/dashboard/", "/dossiers/", "/rounds/", "/supply/", "/jobs/",
                     "/tours/*/edit/", "/tours/plan/", "/i18n/", "/api/", "/ogc/", "/tiles/", "/export/")


def robots_txt(request):
    """The text of /robots.txt: every agent, the disallowed prefixes, the sitemap's absolute URL."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED), "Allow: /", "",
             f"Sitemap: {queries.absolute(request, reverse('catalogue:sitemap'))}", ""]
    return "\n".join(lines)
