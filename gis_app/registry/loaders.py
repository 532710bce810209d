"""Load the registry's reference data (taxonomy, rule sets) and the demo registry from fixtures/."""
import csv
import datetime
import json
from decimal import Decimal

from django.conf import settings
from django.contrib.gis.gdal import DataSource
from django.contrib.gis.geos import MultiPolygon, Point
from django.utils import timezone

from gis_app.core.importing import as_time
from gis_app.places.models import AdminUnit

from .models import (CraftVillage, Evaluation, PlanTarget, Producer, Product, ProductGroup, ProductSubgroup,
                     RecognitionRule, RuleSet, TaxonomyVersion, TourismSite)


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def load_reference(fixtures, importer):
    """Taxonomy versions, groups, sub-groups (with their equivalences) and rule sets."""
    for n, row in importer.rows("taxonomy_versions.csv", read_csv(fixtures / "taxonomy_versions.csv")):
        TaxonomyVersion.objects.update_or_create(code=row["code"], defaults={
            "title": row["title"], "legal_document": row["legal_document"],
            "effective_from": datetime.date.fromisoformat(row["effective_from"]), "source": row["source"]})
    for n, row in importer.rows("product_groups.csv", read_csv(fixtures / "product_groups.csv")):
        ProductGroup.objects.update_or_create(code=row["code"], defaults={
            "version": TaxonomyVersion.objects.get(code=row["version"]),
            "name_vi": row["name_vi"], "name_en": row["name_en"]})
    rows = read_csv(fixtures / "product_subgroups.csv")
    for n, row in importer.rows("product_subgroups.csv", rows):
        ProductSubgroup.objects.update_or_create(code=row["code"], defaults={
            "group": ProductGroup.objects.get(code=row["group"]), "name_vi": row["name_vi"],
            "name_en": row["name_en"], "no_equivalent": row["no_equivalent"] == "1", "source": row["source"]})
    for row in rows:  # the relation is symmetrical: rows listing equivalents (or none, explicitly) define it
        if row["equivalents"] or row["no_equivalent"] == "1":
            sub = ProductSubgroup.objects.get(code=row["code"])
            sub.equivalents.set(ProductSubgroup.objects.filter(code__in=row["equivalents"].split(";")))
    for n, row in importer.rows("rule_sets.csv", read_csv(fixtures / "rule_sets.csv")):
        RuleSet.objects.update_or_create(code=row["code"], defaults={
            "legal_document": row["legal_document"],
            "taxonomy": TaxonomyVersion.objects.get(code=row["taxonomy"]),
            "weight_a": int(row["weight_a"]), "weight_b": int(row["weight_b"]), "weight_c": int(row["weight_c"]),
            "validity_months": int(row["validity_months"]),
            "effective_from": datetime.date.fromisoformat(row["effective_from"]),
            "effective_to": datetime.date.fromisoformat(row["effective_to"]) if row["effective_to"] else None})
    for n, row in importer.rows("recognition_rules.csv", read_csv(fixtures / "recognition_rules.csv")):
        RecognitionRule.objects.update_or_create(
            rule_set=RuleSet.objects.get(code=row["rule_set"]), stars=int(row["stars"]),
            valid_from=datetime.date.fromisoformat(row["valid_from"]),
            defaults={"valid_to": datetime.date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
                      "council_level": row["council_level"], "issuing_authority": row["issuing_authority"],
                      "decision_marker": row["decision_marker"], "source": row["source"]})


def date_shift(fixtures, today=None):
    """How far demo dates move so that they read as if written on the load day."""
    reference = datetime.date.fromisoformat(json.loads((fixtures / "demo.json").read_text())["reference_date"])
    return (today or timezone.localdate()) - reference


def load_demo_registry(fixtures, importer, today=None):
    """Producers, products, evaluations, craft villages and tourism sites of the demo province."""
    shift = date_shift(fixtures, today)
    # Codes of pre-2025 communes were reused after the reform: pick the units the registry is kept in.
    communes = {u.code: u for u in AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE)
                .valid_on(settings.OCOP_UNITS_AS_OF)}
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
    for n, row in importer.rows("evaluations.csv", read_csv(fixtures / "evaluations.csv")):
        product, rule_set = products.get(row["product_ref"]), rule_sets.get(row["rule_set"])
        decision_date = datetime.date.fromisoformat(row["decision_date"]) + shift
        obj = Evaluation.objects.filter(product=product, rule_set=rule_set,
                                        decision_number=row["decision_number"]).first() or Evaluation(
            product=product, rule_set=rule_set, decision_number=row["decision_number"])
        obj.score_a, obj.score_b, obj.score_c = (Decimal(row[f"score_{p}"]) for p in "abc")
        obj.subgroup = subgroups.get(row["subgroup_code"])
        # Blank level and authority are taken from the recognition rule for the date and stars.
        obj.council_level, obj.issuing_authority = row["council_level"], row["issuing_authority"]
        obj.decision_date, obj.valid_until = decision_date, None
        obj.revoked_on = datetime.date.fromisoformat(row["revoked_on"]) + shift if row["revoked_on"] else None
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
    """Yearly OCOP plan targets of the districts (units in force on the registry's unit date)."""
    units = {u.code: u for u in AdminUnit.objects.valid_on(settings.OCOP_UNITS_AS_OF)}
    groups = {g.code: g for g in ProductGroup.objects.all()}
    for n, row in importer.rows("plan_targets.csv", read_csv(fixtures / "plan_targets.csv")):
        unit, group = units.get(row["unit_code"]), groups.get(row["group"]) if row["group"] else None
        stars = int(row["stars"]) if row["stars"] else None
        obj = (PlanTarget.objects.filter(unit=unit, year=int(row["year"]), group=group, stars=stars).first()
               or PlanTarget(unit=unit, year=int(row["year"]), group=group, stars=stars))
        obj.target, obj.source = int(row["target"]), row["source"]
        importer.save("plan_targets.csv", n, obj)
