"""The API's revoke (`POST /api/v1/evaluations/{id}/revoke/`) records its revocation decision, as the admin does.

The api layer cannot import this app (layers: pyproject.toml): `DecisionsConfig.ready()` attaches
`revocation_decision` to `gis_app.api.hooks` ("evaluation_revoked"). It runs in the revoke's transaction after the
evaluation's revocation fields are saved; a refusal (`InputError`, naming the request's field) rolls all back.

The request names the reason (`reason`: a `RevocationReason` code of the rule set in force on `revoked_on`) and,
if it is not the granting body or the body that took over from it on that day, the issuer (`issuer`: its key).
The decision is found by issuer, year and number (a batch: several revocations share it) or made; then the same
`Decision.full_clean()` and `DecisionItem.full_clean()` as in the admin (authority, successor, reason's rule set).
"""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from gis_app.core.errors import InputError
from gis_app.registry.models import RuleSet

from .models import Decision, DecisionItem, Issuer, RevocationReason, _day

# A refusal of the decision's fields names the request's field it came from.
REQUEST_FIELD = {"number": "revocation_number", "date": "revoked_on", "reason_detail": "revocation_reason",
                 "__all__": "evaluation"}
SUBJECT = "Về việc thu hồi Giấy chứng nhận sản phẩm OCOP"


def _text(data, name):
    value = data.get(name) if hasattr(data, "get") else None
    if value is not None and not isinstance(value, str):
        raise InputError(name, gettext("“%(field)s” must be text.") % {"field": name})
    return (value or "").strip()


def _listed(day):
    reasons = RevocationReason.objects.filter(rule_set__in=RuleSet.objects.in_force_on(day))
    return "; ".join(f"{r.code} ({r.name})" for r in reasons) or "—"


def _refuse(error):
    for field, messages in error.message_dict.items():
        raise InputError(REQUEST_FIELD.get(field, field), messages[0])
    raise InputError(None, "; ".join(error.messages))


def revocation_decision(*, user, evaluation, data):
    day, number = evaluation.revoked_on, evaluation.revocation_number
    context = {"product": evaluation.product.name, "date": _day(day), "listed": _listed(day)}
    code = _text(data, "reason")
    if not code:
        raise InputError("reason", gettext(
            "Give the reason for the revocation (“reason”), one of those listed by the rule set in force on "
            "%(date)s: %(listed)s.") % context)
    reason = RevocationReason.objects.filter(code=code).select_related("rule_set").first()
    if reason is None:
        raise InputError("reason", gettext(
            "“%(code)s” is not a listed reason for revocation; on %(date)s the rule set lists: %(listed)s.") % {
            **context, "code": code[:40]})
    granted = (DecisionItem.objects.filter(evaluation=evaluation, kind=Decision.Kind.RECOGNITION)
               .select_related("decision__issuer").first())
    if granted is None:
        raise InputError("evaluation", gettext(
            "%(product)s: record the decision that recognised it before the one revoking it.") % context)
    key = _text(data, "issuer")
    if key:
        issuer = Issuer.objects.filter(key=key).first()
        if issuer is None:
            raise InputError("issuer", gettext("“%(key)s” is not an issuer: give the key of one (Admin › "
                                               "issuers).") % {"key": key[:64]})
    else:
        issuer = next((i for i in granted.decision.issuer.successors() if i.covers(day)), None)
        if issuer is None:
            raise InputError("issuer", gettext(
                "No body of the line of %(granting)s signs on %(date)s: name the issuer of the revocation.") % {
                **context, "granting": granted.decision.issuer.name})
    decision = Decision.objects.filter(issuer=issuer, date__year=day.year, number=number).first()
    if decision is not None:
        if decision.kind != Decision.Kind.REVOCATION or decision.date != day:
            raise InputError("revocation_number", gettext(
                "%(issuer)s's decision %(decision)s (%(kind)s) already has this number in %(year)d.") % {
                "issuer": issuer.name, "decision": decision, "kind": decision.get_kind_display(), "year": day.year})
        if decision.reason_id != reason.pk:
            raise InputError("reason", gettext(
                "Decision %(decision)s revokes for “%(theirs)s”, not “%(given)s”.") % {
                "decision": decision, "theirs": decision.reason.name, "given": reason.name})
    else:
        decision = Decision(number=number, date=day, issuer=issuer, kind=Decision.Kind.REVOCATION,
                            subject=_text(data, "subject") or SUBJECT, reason=reason,
                            reason_detail=evaluation.revocation_reason)
    try:
        decision.full_clean()
        decision._history_user = user
        decision.save()
        item = DecisionItem(decision=decision, evaluation=evaluation)
        item.full_clean()
        item.save()
    except ValidationError as error:
        _refuse(error)
    return {"revocation_decision": {"id": decision.pk, "number": decision.number, "date": decision.date.isoformat(),
                                    "issuer": issuer.key, "reason": reason.code}}
