"""Queries behind the pages: the programme dashboard (aggregated in SQL) and a site's page."""
import datetime

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS

from gis_app.places.models import AdminUnit
from gis_app.registry.models import Evaluation, Status
from gis_app.registry.rules import MIN_RECOGNISED_STARS
from gis_app.tours.models import Tour

# Best stars of each published product among its evaluations valid on %(day)s.
CURRENT_STARS = """
    SELECT p.id, p.subgroup_id, p.producer_id,
           MAX(e.stars) FILTER (WHERE e.decision_date <= %(day)s AND e.valid_until >= %(day)s) AS stars
      FROM registry_product p LEFT JOIN registry_evaluation e ON e.product_id = p.id
     WHERE p.status = %(published)s
     GROUP BY p.id
"""

PRODUCTS_BY_GROUP = f"""
    WITH current AS ({CURRENT_STARS})
    SELECT v.code, g.code, CASE WHEN %(english)s THEN g.name_en ELSE g.name_vi END, COUNT(c.id)
      FROM registry_productgroup g
      JOIN registry_taxonomyversion v ON v.id = g.version_id
      LEFT JOIN registry_productsubgroup s ON s.group_id = g.id
      LEFT JOIN current c ON c.subgroup_id = s.id
     GROUP BY v.code, v.effective_from, g.code, g.name_en, g.name_vi
     ORDER BY v.effective_from, COUNT(c.id) DESC, g.code
"""

PRODUCTS_BY_STARS = f"""
    WITH current AS ({CURRENT_STARS})
    SELECT stars, COUNT(*) FROM current GROUP BY stars ORDER BY stars DESC NULLS LAST
"""

# Units are found from the producer's location (the programme's pre-2025 units, GiST index on geom), not from
# the commune key, which may point at a post-2025 unit of the same code.
UNITS_ON = "{alias}.valid_from <= %(units_day)s AND ({alias}.valid_to IS NULL OR {alias}.valid_to > %(units_day)s)"

PRODUCTS_BY_DISTRICT = f"""
    WITH current AS ({CURRENT_STARS})
    SELECT d.code, d.name, COUNT(c.id), COUNT(c.id) FILTER (WHERE c.stars >= %(recognised)s)
      FROM places_adminunit d
      LEFT JOIN registry_producer pr ON ST_Covers(d.geom, pr.location::geometry)
      LEFT JOIN current c ON c.producer_id = pr.id
     WHERE d.level = 'district' AND {UNITS_ON.format(alias="d")}
     GROUP BY d.code, d.name
     ORDER BY COUNT(c.id) DESC, d.name
"""

COMMUNES_WITHOUT_RATED = f"""
    WITH current AS ({CURRENT_STARS})
    SELECT m.id, m.code, m.name, d.name
      FROM places_adminunit m LEFT JOIN places_adminunit d ON d.id = m.parent_id
     WHERE m.level = 'commune' AND {UNITS_ON.format(alias="m")}
       AND NOT EXISTS (SELECT 1 FROM current c JOIN registry_producer pr ON pr.id = c.producer_id
                        WHERE ST_Covers(m.geom, pr.location::geometry) AND c.stars >= %(recognised)s)
     ORDER BY d.name, m.name
"""


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _params(day, english):
    return {"day": day, "published": Status.PUBLISHED, "recognised": MIN_RECOGNISED_STARS,
            "units_day": settings.OCOP_UNITS_AS_OF, "english": english}


def chart(rows):
    """Bars for a horizontal bar chart: rows of (label, count) with their width in percent of the largest.

    The width is a string so that templates never localise it ("45,5" is not an SVG number)."""
    largest = max([count for _, count in rows] or [0]) or 1
    return [{"label": label, "count": count, "percent": f"{100 * count / largest:.1f}"} for label, count in rows]


def expiring_evaluations(day, days):
    """Evaluations whose recognition ends within `days` days from `day`, soonest first, with admin links."""
    evaluations = (Evaluation.objects.filter(valid_until__gte=day, valid_until__lte=day + datetime.timedelta(days=days))
                   .select_related("product__producer__commune").order_by("valid_until", "product__name"))
    return [{
        "evaluation": evaluation,
        "days_left": (evaluation.valid_until - day).days,
        "evaluation_url": reverse("admin:registry_evaluation_change", args=[evaluation.pk]),
        "product_url": reverse("admin:registry_product_change", args=[evaluation.product_id]),
    } for evaluation in evaluations]


def dashboard(days, day=None, english=False):
    """Everything the dashboard shows: counts by group, stars and district, expiring and unrated communes."""
    day = day or timezone.localdate()
    params = _params(day, english)
    by_group = _rows(PRODUCTS_BY_GROUP, params)
    by_stars = _rows(PRODUCTS_BY_STARS, params)
    by_district = _rows(PRODUCTS_BY_DISTRICT, params)
    unrated = _rows(COMMUNES_WITHOUT_RATED, params)
    return {
        "today": day,
        "days": days,
        "total_products": sum(count for *_, count in by_stars),
        "by_group": [{"version": v, "code": code, "name": name, "count": n} for v, code, name, n in by_group],
        "group_chart": chart([(f"{name} ({v})", n) for v, _, name, n in by_group]),
        "by_stars": [{"stars": stars, "count": n} for stars, n in by_stars],
        "stars_chart": chart([("★" * stars if stars else None, n) for stars, n in by_stars]),
        "by_district": [{"code": code, "name": name, "count": n, "recognised": r} for code, name, n, r in by_district],
        "district_chart": chart([(name, n) for _, name, n, _ in by_district]),
        "expiring": expiring_evaluations(day, days),
        "unrated_communes": [{"code": code, "name": name, "district": district, "url":
                              reverse("admin:places_adminunit_change", args=[pk])}
                             for pk, code, name, district in unrated],
        "commune_count": AdminUnit.objects.valid_on(settings.OCOP_UNITS_AS_OF)
                                          .filter(level=AdminUnit.Level.COMMUNE).count(),
        "recognised_stars": MIN_RECOGNISED_STARS,
    }


def tours_passing(site):
    """Published tours that stop at `site`, as [{"name", "url"}]."""
    tours = Tour.objects.filter(status=Tour.Status.PUBLISHED, stops__site=site).distinct().order_by("name")
    return [{"name": tour.name, "url": reverse("tours:tour", args=[tour.pk])} for tour in tours]


def site_details(site):
    """What a site's page shows beside the site itself: photos, products sold, directions, tours."""
    lon, lat = site.location.x, site.location.y
    labels = dict(site.Service.choices)
    products = (site.products.published().with_current_stars()
                .select_related("producer", "subgroup__group").order_by("name"))
    return {
        "photos": list(site.photos.all()),
        "services": [labels.get(code, code) for code in site.services],
        "weekdays": weekday_names(site.open_weekdays),
        "products": products,
        "directions_url": f"https://www.google.com/maps/dir/?api=1&destination={lat:.6f},{lon:.6f}",
        "geo_url": f"geo:{lat:.6f},{lon:.6f}?q={lat:.6f},{lon:.6f}",
        "osm_url": f"https://www.openstreetmap.org/directions?to={lat:.6f}%2C{lon:.6f}",
        "tours": tours_passing(site),
    }


def weekday_names(days):
    """Localised weekday names of 0 (Monday) … 6 (Sunday), or an empty list meaning every day."""
    return [str(WEEKDAYS[day]) for day in sorted(days or []) if day in WEEKDAYS]

