"""Load the issuers and revocation reasons (reference data) and group the demo's evaluations into decisions.

An evaluation records its decision as number and date; the issuer follows from who recognises its stars on that
date (the registry's recognition rules) and where its producer is: a district committee for a 3-star result under
148/2023 until 30/06/2025, the province's committee otherwise. Evaluations with the same number, issuer and date
are one decision. A revocation comes from the granting issuer's successor valid on the revocation date.
"""
import csv
import datetime

from gis_app.places.models import AdminUnit
from gis_app.registry.models import Evaluation, RuleSet

from .models import AUTHORITY_OF_LEVEL, Decision, DecisionItem, Issuer, RevocationReason

LEVEL_OF_AUTHORITY = {authority: level for level, authority in AUTHORITY_OF_LEVEL.items()}


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _date(text):
    return datetime.date.fromisoformat(text) if text else None


def load_issuers(fixtures, importer):
    """fixtures/issuers.csv (a unit code names the unit in force on the issuer's first day) and
    fixtures/revocation_reasons.csv."""
    rows = read_csv(fixtures / "issuers.csv")
    issuers = {}
    for n, row in importer.rows("issuers.csv", rows):
        start = _date(row["valid_from"])
        units = AdminUnit.objects.filter(code=row["unit_code"]) if row["unit_code"] else AdminUnit.objects.none()
        unit = units.valid_on(start).first() or units.order_by("valid_from").first()
        obj = Issuer.objects.filter(key=row["key"]).first() or Issuer(key=row["key"])
        obj.code, obj.level, obj.unit = row["code"], row["level"], unit
        obj.name_vi, obj.name_en, obj.legal_basis = row["name_vi"], row["name_en"], row["legal_basis"]
        obj.valid_from, obj.valid_to, obj.successor = start, _date(row["valid_to"]), None
        if importer.save("issuers.csv", n, obj, exclude=["successor"]):
            issuers[obj.key] = obj
    for row in rows:  # successors once every row exists
        if row["key"] in issuers:
            Issuer.objects.filter(pk=issuers[row["key"]].pk).update(successor=issuers.get(row["successor"]))
    rule_sets = {r.code: r for r in RuleSet.objects.all()}
    for n, row in importer.rows("revocation_reasons.csv", read_csv(fixtures / "revocation_reasons.csv")):
        obj = RevocationReason.objects.filter(code=row["code"]).first() or RevocationReason(code=row["code"])
        obj.rule_set = rule_sets.get(row["rule_set"])
        obj.name_vi, obj.name_en, obj.source = row["name_vi"], row["name_en"], row["source"]
        importer.save("revocation_reasons.csv", n, obj)


def issuer_for(evaluation, day=None):
    """The issuer that recognises `evaluation` on `day` (default its decision date): the level of the
    authority its recognition rule names, valid on the day, whose unit holds the producer (None if none)."""
    day = day or evaluation.decision_date
    level = LEVEL_OF_AUTHORITY.get(evaluation.issuing_authority)
    if level is None:
        return None
    candidates = Issuer.objects.valid_on(day).filter(level=level)
    location = evaluation.product.producer.location if evaluation.product.producer_id else None
    if level != Issuer.Level.MINISTRY and location is not None:
        candidates = candidates.filter(unit__geom__covers=location)
    return candidates.order_by("pk").first()


DEMO_MARK = "(dữ liệu minh họa)"


def subject(kind, day):
    if kind == Decision.Kind.REVOCATION:
        return f"Về việc thu hồi Giấy chứng nhận sản phẩm OCOP {DEMO_MARK}"
    return f"Về việc công nhận kết quả đánh giá, phân hạng sản phẩm OCOP năm {day.year} {DEMO_MARK}"


def load_demo_decisions(fixtures, importer):
    """The demo's recognition decisions, then its revocations, as Decision rows with their batches."""
    reasons = {row["product_ref"]: row.get("revocation_reason_code", "")
               for row in read_csv(fixtures / "evaluations.csv") if row["revocation_number"]}
    recognised = (Evaluation.objects.decisions().exclude(decision_number="")
                  .select_related("product__producer", "rule_set").order_by("decision_date", "pk"))
    decisions = {}
    for n, evaluation in importer.rows("evaluations.csv (decisions)", list(recognised)):
        issuer = issuer_for(evaluation)
        if issuer is None:
            importer.report("evaluations.csv (decisions)", n, (
                f"{evaluation.product.ref}: no issuer of level {evaluation.issuing_authority} valid on "
                f"{evaluation.decision_date:%d/%m/%Y} covers its producer"), "issuer")
            continue
        decision = _decision(decisions, importer, n, evaluation.decision_number, evaluation.decision_date, issuer,
                             Decision.Kind.RECOGNITION)
        if decision is not None:
            _item(importer, n, decision, evaluation)
    revoked = (Evaluation.objects.decisions().filter(revoked_on__isnull=False).exclude(revocation_number="")
               .select_related("product__producer", "rule_set"))
    for n, evaluation in importer.rows("evaluations.csv (revocations)", list(revoked)):
        granted = DecisionItem.objects.filter(evaluation=evaluation, kind=Decision.Kind.RECOGNITION).first()
        issuer = granted and next((i for i in granted.decision.issuer.successors() if i.covers(evaluation.revoked_on)),
                                  None)
        if issuer is None:
            importer.report("evaluations.csv (revocations)", n,
                            f"{evaluation.product.ref}: no successor of the granting issuer on {evaluation.revoked_on}",
                            "issuer")
            continue
        reason = RevocationReason.objects.filter(code=reasons.get(evaluation.product.ref, "")).first()
        decision = _decision(decisions, importer, n, evaluation.revocation_number, evaluation.revoked_on, issuer,
                             Decision.Kind.REVOCATION, reason=reason, detail=evaluation.revocation_reason)
        if decision is not None:
            _item(importer, n, decision, evaluation)
    # A demo decision left without products by a renumbering of the fixtures is no decision any more.
    Decision.objects.filter(items__isnull=True, subject__endswith=DEMO_MARK).delete()


def _decision(decisions, importer, n, number, day, issuer, kind, reason=None, detail=""):
    key = (number, issuer.pk, day)
    if key not in decisions:
        obj = (Decision.objects.filter(number=number, issuer=issuer, date__year=day.year).first()
               or Decision(number=number, issuer=issuer))
        obj.date, obj.kind, obj.subject = day, kind, subject(kind, day)
        obj.reason, obj.reason_detail = reason, detail
        decisions[key] = obj if importer.save("decisions", n, obj) else None
    return decisions[key]


def _item(importer, n, decision, evaluation):
    item = (DecisionItem.objects.filter(evaluation=evaluation, kind=decision.kind).first()
            or DecisionItem(evaluation=evaluation))
    item.decision = decision
    importer.save("decision items", n, item)
