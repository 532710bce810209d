"""Load the registry's reference data (taxonomy, rule sets) and the demo registry from fixtures/."""
import csv
import datetime
import json
from decimal import Decimal

from django.contrib.gis.gdal import DataSource
from django.contrib.gis.geos import MultiPolygon, Point
from django.utils import timezone

from gis_app.core.importing import as_time
from gis_app.places.dates import registry_units_on
from gis_app.places.models import AdminUnit

from .demo_dates import legal_boundaries, shift_keeping_side
from .models import (
    CraftVillage,
    Evaluation,
    PlanTarget,
    Producer,
    Product,
    ProductGroup,
    ProductGroupRename,
    ProductSector,
    ProductSubgroup,
    RecognitionRule,
    RoundDeadline,
    RuleSet,
    RuleSetAmendment,
    StarBand,
    TaxonomyVersion,
    TourismSite,
)


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def optional_date(text):
    return datetime.date.fromisoformat(text) if text else None


def load_reference(fixtures, importer):
    """Taxonomy versions, sectors, groups, sub-groups/product sets (with their equivalences), rule sets with their
    amendments, star bands, round deadlines and recognition rules. The files are the whole reference: rows of
    equivalence and recognition rules no longer in them are removed (a correction is a data change)."""
    for _line, row in importer.rows("taxonomy_versions.csv", read_csv(fixtures / "taxonomy_versions.csv")):
        TaxonomyVersion.objects.update_or_create(code=row["code"], defaults={
            "title": row["title"], "legal_document": row["legal_document"],
            "effective_from": datetime.date.fromisoformat(row["effective_from"]), "source": row["source"]})
    for _line, row in importer.rows("product_sectors.csv", read_csv(fixtures / "product_sectors.csv")):
        ProductSector.objects.update_or_create(code=row["code"], defaults={
            "version": TaxonomyVersion.objects.get(code=row["version"]), "name_vi": row["name_vi"],
            "name_en": row["name_en"], "source": row["source"]})
    for _line, row in importer.rows("product_groups.csv", read_csv(fixtures / "product_groups.csv")):
        ProductGroup.objects.update_or_create(code=row["code"], defaults={
            "version": TaxonomyVersion.objects.get(code=row["version"]),
            "sector": ProductSector.objects.get(code=row["sector"]) if row.get("sector") else None,
            "name_vi": row["name_vi"], "name_en": row["name_en"], "source": row.get("source", "")})
    for _line, row in importer.rows("product_group_renames.csv", read_csv(fixtures / "product_group_renames.csv")):
        ProductGroupRename.objects.update_or_create(
            group=ProductGroup.objects.get(code=row["group"]), valid_from=datetime.date.fromisoformat(row["valid_from"]),
            defaults={"name_vi": row["name_vi"], "name_en": row["name_en"], "source": row["source"]})
    rows = read_csv(fixtures / "product_subgroups.csv")
    for _line, row in importer.rows("product_subgroups.csv", rows):
        no_equivalent_in = [code for code in row["no_equivalent_in"].split(";") if code]
        ProductSubgroup.objects.update_or_create(code=row["code"], defaults={
            "group": ProductGroup.objects.get(code=row["group"]), "name_vi": row["name_vi"],
            "name_en": row["name_en"], "no_equivalent": bool(no_equivalent_in), "no_equivalent_in": no_equivalent_in,
            "number": int(row["number"]) if row["number"] else None, "managing_agency": row["managing_agency"],
            "samples_required": {"1": True, "0": False}.get(row["samples_required"]), "source": row["source"]})
    # The relation is symmetrical and may be listed on either side: gather both directions, then set each.
    pairs = {row["code"]: set() for row in rows}
    for row in rows:
        for other in filter(None, row["equivalents"].split(";")):
            pairs[row["code"]].add(other)
            pairs.setdefault(other, set()).add(row["code"])
    subgroups = {s.code: s for s in ProductSubgroup.objects.filter(code__in=pairs)}
    for code, others in pairs.items():
        subgroups[code].equivalents.set([subgroups[o] for o in others])
    for _line, row in importer.rows("rule_sets.csv", read_csv(fixtures / "rule_sets.csv")):
        RuleSet.objects.update_or_create(code=row["code"], defaults={
            "legal_document": row["legal_document"], "title": row["title"],
            "taxonomy": TaxonomyVersion.objects.get(code=row["taxonomy"]),
            "weight_a": int(row["weight_a"]), "weight_b": int(row["weight_b"]), "weight_c": int(row["weight_c"]),
            "validity_months": int(row["validity_months"]),
            "max_extension_days": int(row["max_extension_days"]) if row["max_extension_days"] else None,
            "effective_from": datetime.date.fromisoformat(row["effective_from"]),
            "effective_to": optional_date(row["effective_to"]),
            "decision_form": row["decision_form"], "source": row["source"],
            "renewal_validity_from": row.get("renewal_validity_from") or RuleSet.RenewalFrom.DECISION_DATE,
            "renewal_source": row.get("renewal_source", "")})
    rule_sets = {r.code: r for r in RuleSet.objects.all()}
    for _line, row in importer.rows("rule_set_amendments.csv", read_csv(fixtures / "rule_set_amendments.csv")):
        RuleSetAmendment.objects.update_or_create(
            rule_set=rule_sets[row["rule_set"]], legal_document=row["legal_document"], defaults={
                "effective_from": datetime.date.fromisoformat(row["effective_from"]), "summary": row["summary"],
                "source": row["source"]})
    for _line, row in importer.rows("star_bands.csv", read_csv(fixtures / "star_bands.csv")):
        StarBand.objects.update_or_create(rule_set=rule_sets[row["rule_set"]], stars=int(row["stars"]), defaults={
            "min_total": int(row["min_total"]), "source": row["source"]})
    for _line, row in importer.rows("round_deadlines.csv", read_csv(fixtures / "round_deadlines.csv")):
        RoundDeadline.objects.update_or_create(
            rule_set=rule_sets[row["rule_set"]], council_level=row["council_level"], month=int(row["month"]),
            day=int(row["day"]), defaults={"source": row["source"]})
    kept = []
    for _line, row in importer.rows("recognition_rules.csv", read_csv(fixtures / "recognition_rules.csv")):
        rule, _ = RecognitionRule.objects.update_or_create(
            rule_set=rule_sets[row["rule_set"]], stars=int(row["stars"]),
            valid_from=datetime.date.fromisoformat(row["valid_from"]),
            defaults={"valid_to": optional_date(row["valid_to"]),
                      "council_level": row["council_level"], "issuing_authority": row["issuing_authority"],
                      "decision_marker": row["decision_marker"], "source": row["source"]})
        kept.append(rule.pk)
    RecognitionRule.objects.exclude(pk__in=kept).delete()


def date_shift(fixtures, today=None):
    """How far demo dates move so that they read as if written on the load day."""
    reference = datetime.date.fromisoformat(json.loads((fixtures / "demo.json").read_text())["reference_date"])
    return (today or timezone.localdate()) - reference


def load_demo_registry(fixtures, importer, today=None):
    """Producers, products, evaluations, craft villages and tourism sites of the demo province."""
    shift = date_shift(fixtures, today)
    # Codes of pre-2025 communes were reused after the reform: pick the units the registry is kept in.
    communes = {u.code: u for u in AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE)
                .valid_on(registry_units_on())}
    producers = {}
    for n, row in importer.rows("producers.csv", read_csv(fixtures / "producers.csv")):
        obj = Producer.objects.filter(ref=row["ref"]).first() or Producer(ref=row["ref"])
        for name in ("legal_form", "name", "address", "representative", "public_phone", "public_email",
                     "private_phone", "private_email", "status"):
            setattr(obj, name, row[name])
        obj.commune = communes.get(row["commune_code"])
        obj.location = Point(float(row["lon"]), float(row["lat"]), srid=4326)
        if importer.save("producers.csv", n, obj):
            producers[obj.ref] = obj
    subgroups = {s.code: s for s in ProductSubgroup.objects.all()}
    products = {}
    for n, row in importer.rows("products.csv", read_csv(fixtures / "products.csv")):
        obj = Product.objects.filter(ref=row["ref"]).first() or Product(ref=row["ref"])
        obj.producer = producers.get(row["producer_ref"])
        obj.subgroup = subgroups.get(row["subgroup_code"])
        obj.name, obj.description, obj.status = row["name"], row["description"], row["status"]
        obj.stage, obj.pilot = row["stage"], row["pilot"] == "1"
        if importer.save("products.csv", n, obj):
            products[obj.ref] = obj
    rule_sets = {r.code: r for r in RuleSet.objects.all()}
    boundaries = legal_boundaries()
    for n, row in importer.rows("evaluations.csv", read_csv(fixtures / "evaluations.csv")):
        product, rule_set = products.get(row["product_ref"]), rule_sets.get(row["rule_set"])
        # Never across a legal boundary: the decision stays under the rule set and authority it was written for.
        decision_date = shift_keeping_side(datetime.date.fromisoformat(row["decision_date"]), shift, boundaries)
        # The row's evaluation: by its decision number, or (the demo's decisions renumbered into batches, issue 23)
        # the product's only one under that rule set, so that loading again never doubles the evaluations.
        same = Evaluation.objects.filter(product=product, rule_set=rule_set)
        obj = (same.filter(decision_number=row["decision_number"]).first()
               or (same.first() if same.count() == 1 else None)
               or Evaluation(product=product, rule_set=rule_set))
        obj.decision_number = row["decision_number"]
        obj.score_a, obj.score_b, obj.score_c = (Decimal(row[f"score_{p}"]) for p in "abc")
        obj.subgroup = subgroups.get(row["subgroup_code"])
        # Blank level and authority are taken from the recognition rule for the date and stars.
        obj.council_level, obj.issuing_authority = row["council_level"], row["issuing_authority"]
        obj.decision_date, obj.valid_until = decision_date, None
        revoked_on = shift_keeping_side(optional_date(row["revoked_on"]), shift, boundaries)
        obj.revoked_on = max(revoked_on, decision_date) if revoked_on else None
        obj.revocation_number, obj.revocation_reason = row["revocation_number"], row["revocation_reason"]
        importer.save("evaluations.csv", n, obj)
    load_plan_targets(fixtures, importer)
    for product in Product.objects.filter(ref__in=products):  # stage dates: those of the demo's decisions
        if product.stage != "rated" and product.stage_since is None:
            Product.objects.filter(pk=product.pk).update(stage_since=timezone.localdate() - datetime.timedelta(days=60))
    layer = DataSource(str(fixtures / "craft_villages.geojson"))[0]
    for n, feat in importer.rows("craft_villages.geojson", list(layer)):
        obj = CraftVillage.objects.filter(name=feat.get("name")).first() or CraftVillage(name=feat.get("name"))
        obj.craft, obj.recognition_year = feat.get("craft"), feat.get("recognition_year")
        obj.description, obj.status = feat.get("description"), feat.get("status")
        obj.commune = communes.get(feat.get("commune_code"))
        area = feat.geom.geos
        obj.area = MultiPolygon(area, srid=4326) if area.geom_type == "Polygon" else area
        importer.save("craft_villages.geojson", n, obj)
    layer = DataSource(str(fixtures / "tourism_sites.geojson"))[0]
    for n, feat in importer.rows("tourism_sites.geojson", list(layer)):
        obj = TourismSite.objects.filter(name=feat.get("name")).first() or TourismSite(name=feat.get("name"))
        obj.kind, obj.description, obj.status = feat.get("kind"), feat.get("description"), feat.get("status")
        obj.opening_time = as_time(feat.get("opening_time"))
        obj.closing_time = as_time(feat.get("closing_time"))
        obj.visit_minutes = feat.get("visit_minutes")
        obj.services = [s for s in feat.get("services").split(";") if s]
        obj.location = Point(feat.geom.x, feat.geom.y, srid=4326)
        importer.save("tourism_sites.geojson", n, obj)


def load_plan_targets(fixtures, importer):
    """Yearly OCOP plan targets per unit: a code names the unit in force on the row's `unit_on` (a day; default the
    registry's unit date), since today's units reuse the codes of old ones (25747: phường Phú Cường until
    30/06/2025, phường Thủ Dầu Một since)."""
    units_by_day = {}
    groups = {g.code: g for g in ProductGroup.objects.all()}
    for n, row in importer.rows("plan_targets.csv", read_csv(fixtures / "plan_targets.csv")):
        day = datetime.date.fromisoformat(row["unit_on"]) if row.get("unit_on") else registry_units_on()
        if day not in units_by_day:
            units_by_day[day] = {u.code: u for u in AdminUnit.objects.valid_on(day)}
        unit = units_by_day[day].get(row["unit_code"])
        group = groups.get(row["group"]) if row["group"] else None
        stars = int(row["stars"]) if row["stars"] else None
        obj = (PlanTarget.objects.filter(unit=unit, year=int(row["year"]), group=group, stars=stars).first()
               or PlanTarget(unit=unit, year=int(row["year"]), group=group, stars=stars))
        obj.target, obj.source = int(row["target"]), row["source"]
        importer.save("plan_targets.csv", n, obj)
