"""Queries behind the pages: the programme dashboard (aggregated in SQL) and a site's page."""
import datetime

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS

from gis_app.api.aggregates import group_counts
from gis_app.places.dates import report_day
from gis_app.places.models import REFORM_2025, AdminUnit
from gis_app.registry.models import Evaluation, Stage, Status, TaxonomyVersion
from gis_app.registry.recognition import is_decision_in_force
from gis_app.registry.rules import MIN_RECOGNISED_STARS
from gis_app.tours.models import Tour

# The OCOP products on %(day)s (published, a recognition decision in force: gis_app/registry/recognition.py) and
# their stars; expired, revoked and candidate products are not among them.
CURRENT_STARS = """
    SELECT * FROM (
        SELECT p.id, p.subgroup_id, p.producer_id, ocop_current_stars(p.id, %(day)s) AS stars
          FROM registry_product p
         WHERE p.status = %(published)s
    ) c WHERE c.stars IS NOT NULL
"""

# Published products per stage of the programme cycle, with the pilot products among them.
PIPELINE = """
    SELECT stage, COUNT(*), COUNT(*) FILTER (WHERE pilot) FROM registry_product WHERE status = %(published)s
     GROUP BY stage
"""

# Per unit (district or commune), year, group and stars of the plan: the target (3 stars or more when no stars
# are given; every group when none is) and the products recognised that year (published decisions taken in the
# year, not revoked; the group matched by the evaluation's sub-group or its equivalent), by the producer's location.
TARGETS = """
    SELECT u.code, u.name, t.year, t.stars, SUM(t.target)::int,
           CASE WHEN %(english)s THEN g.name_en ELSE g.name_vi END,
           (SELECT COUNT(DISTINCT e.product_id) FROM registry_evaluation e
              JOIN registry_product p ON p.id = e.product_id AND p.status = %(published)s
              JOIN registry_producer pr ON pr.id = p.producer_id
             WHERE e.status = %(published)s AND e.valid_until IS NOT NULL AND e.stars >= %(recognised)s
               AND EXTRACT(YEAR FROM e.decision_date) = t.year
               AND (t.stars IS NULL OR e.stars = t.stars)
               AND e.revoked_on IS NULL
               AND (t.group_id IS NULL OR e.subgroup_id IN (
                    SELECT s.id FROM registry_productsubgroup s WHERE s.group_id = t.group_id
                    UNION SELECT eq.from_productsubgroup_id FROM registry_productsubgroup_equivalents eq
                      JOIN registry_productsubgroup s ON s.id = eq.to_productsubgroup_id AND s.group_id = t.group_id))
               AND ST_Covers(u.geom, pr.location::geometry))
      FROM registry_plantarget t JOIN places_adminunit u ON u.id = t.unit_id
      LEFT JOIN registry_productgroup g ON g.id = t.group_id
     GROUP BY u.code, u.name, u.geom, t.year, t.stars, t.group_id, g.name_en, g.name_vi
     ORDER BY t.year DESC, u.name, g.name_vi NULLS FIRST, t.stars NULLS FIRST
"""

PRODUCTS_BY_STARS = f"""
    WITH current AS ({CURRENT_STARS})
    SELECT stars, COUNT(*) FROM current GROUP BY stars ORDER BY stars DESC NULLS LAST
"""

# Units are found from the producer's location (the units in force on the page's unit day: today's by default,
# the pre-2025 ones on request; GiST index on geom), not from the commune key, which points at a pre-2025 unit.
UNITS_ON = "{alias}.valid_from <= %(units_day)s AND ({alias}.valid_to IS NULL OR {alias}.valid_to > %(units_day)s)"

# By the level just under the province on the unit day: districts before 1 July 2025, wards and communes since.
PRODUCTS_BY_UNIT = f"""
    WITH current AS ({CURRENT_STARS})
    SELECT d.code, d.name, COUNT(c.id), COUNT(c.id) FILTER (WHERE c.stars >= %(recognised)s)
      FROM places_adminunit d
      LEFT JOIN registry_producer pr ON ST_Covers(d.geom, pr.location::geometry)
      LEFT JOIN current c ON c.producer_id = pr.id
     WHERE d.level = %(unit_level)s AND {UNITS_ON.format(alias="d")}
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


def _params(day, english, units_on):
    has_districts = AdminUnit.objects.valid_on(units_on).filter(level=AdminUnit.Level.DISTRICT).exists()
    return {"day": day, "published": Status.PUBLISHED, "recognised": MIN_RECOGNISED_STARS, "units_day": units_on,
            "unit_level": AdminUnit.Level.DISTRICT if has_districts else AdminUnit.Level.COMMUNE,
            "english": english}


def chart(rows):
    """Bars for a horizontal bar chart: rows of (label, count) with their width in percent of the largest.

    The width is a string so that templates never localise it ("45,5" is not an SVG number)."""
    largest = max([count for _, count in rows] or [0]) or 1
    return [{"label": label, "count": count, "percent": f"{100 * count / largest:.1f}"} for label, count in rows]


def expiring_evaluations(day, days):
    """Evaluations whose recognition ends within `days` days from `day`, soonest first, with admin links."""
    evaluations = (Evaluation.objects.filter(is_decision_in_force(day),
                                             valid_until__lte=day + datetime.timedelta(days=days))
                   .select_related("product__producer__commune").order_by("valid_until", "product__name"))
    return [{
        "evaluation": evaluation,
        "days_left": (evaluation.valid_until - day).days,
        "evaluation_url": reverse("admin:registry_evaluation_change", args=[evaluation.pk]),
        "product_url": reverse("admin:registry_product_change", args=[evaluation.product_id]),
    } for evaluation in evaluations]


def dashboard(days, day=None, english=False, units_on=None):
    """Everything the dashboard shows: counts by group, stars and unit, expiring recognitions and the communes
    without a rated product, the units being those in force on `units_on` (today by default; #24)."""
    day = day or timezone.localdate()
    units_on = units_on or report_day()
    params = _params(day, english, units_on)
    # Groups of the latest classification, products of the other one through the 2019↔2023 mapping, and a line
    # for those without an equivalent (the same counts as /api/v1/aggregates/groups/).
    latest = TaxonomyVersion.objects.order_by("-effective_from").first()
    by_group = [(latest.code, g["code"], g["name"], g["products"])
                for g in group_counts(latest.code, None, day)] if latest else []
    by_stars = _rows(PRODUCTS_BY_STARS, params)
    by_unit = _rows(PRODUCTS_BY_UNIT, params)
    unrated = _rows(COMMUNES_WITHOUT_RATED, params)
    pipeline = {stage: (n, pilots) for stage, n, pilots in _rows(PIPELINE, params)}
    return {
        "pipeline": [{"stage": stage, "label": label, "count": pipeline.get(stage, (0, 0))[0],
                      "pilots": pipeline.get(stage, (0, 0))[1]} for stage, label in Stage.choices],
        "targets": targets_by_year(_rows(TARGETS, params)),
        "today": day,
        "days": days,
        "total_products": sum(count for *_, count in by_stars),
        "by_group": [{"version": v, "code": code, "name": name, "count": n} for v, code, name, n in by_group],
        "group_chart": chart([(name, n) for v, _, name, n in by_group]),
        "by_stars": [{"stars": stars, "count": n} for stars, n in by_stars],
        "stars_chart": chart([("★" * stars if stars else None, n) for stars, n in by_stars]),
        "by_unit": [{"code": code, "name": name, "count": n, "recognised": r} for code, name, n, r in by_unit],
        "unit_chart": chart([(name, n) for _, name, n, _ in by_unit]),
        "unit_level": params["unit_level"],
        "units_on": units_on,
        # the other generation of units, one click away
        "other_units_on": (REFORM_2025 - datetime.timedelta(days=1)) if units_on >= REFORM_2025 else None,
        "expiring": expiring_evaluations(day, days),
        "unrated_communes": [{"code": code, "name": name, "district": district, "url":
                              reverse("admin:places_adminunit_change", args=[pk])}
                             for pk, code, name, district in unrated],
        "commune_count": AdminUnit.objects.valid_on(units_on).filter(level=AdminUnit.Level.COMMUNE).count(),
        "recognised_stars": MIN_RECOGNISED_STARS,
    }


def targets_by_year(rows):
    """[{"year", "rows": [{"code", "name", "stars", "target", "actual", "met"}]}], latest year first."""
    years = {}
    for code, name, year, stars, target, group, actual in rows:
        years.setdefault(year, []).append({"code": code, "name": name, "stars": stars, "group": group,
                                           "target": target, "actual": actual, "met": actual >= target})
    return [{"year": year, "rows": rows} for year, rows in years.items()]


def tours_passing(site):
    """Published tours that stop at `site`, as [{"name", "url"}]."""
    tours = Tour.objects.published().filter(stops__site=site).distinct().order_by("name")
    return [{"name": tour.name, "url": reverse("tours:tour", args=[tour.pk])} for tour in tours]


def site_details(site):
    """What a site's page shows beside the site itself: photos, products sold, directions, tours."""
    lon, lat = site.location.x, site.location.y
    labels = dict(site.Service.choices)
    products = (site.products.published().with_current_stars()
                .select_related("producer", "subgroup__group").prefetch_related("evaluations").order_by("name"))
    return {
        "photos": list(site.gallery.shown()),  # gis_app/photos, served under MEDIA_URL by their visibility rule
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

