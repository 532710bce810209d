"""What each person may do with a dossier, and doing it: the one place pages, admin and tests go through.

Producer accounts write their own producer's dossiers while they are drafts (or returned); the commune officer
of the producer's commune pre-checks them (1489/2025: dossiers go through the commune); provincial officers
open rounds, assign dossiers and record the council's decision; council members score the dossiers of their
rounds.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gis_app.accounts.models import Role
from gis_app.accounts.rules import AREA_OFFICERS, MODERATORS, role_of
from gis_app.criteria.models import CouncilMethod, CriteriaSheet, Option, SheetNode
from gis_app.criteria.scoring import combine, evaluate
from gis_app.registry.models import Product, RuleSet, Stage, Status

from .models import Answer, Dossier, ScoreLine, ScoreSheet

State = Dossier.State


class Refused(ValidationError):
    """A request the rule refuses: `field` names what is wrong, the message says why (translated)."""

    def __init__(self, field, message, status=400):
        super().__init__({field: message})
        self.field, self.text, self.status = field, message, status


def forbidden(message):
    return Refused("__all__", message, status=403)


# --- who sees and who may act ---------------------------------------------------------------------------------


def producer_of(user):
    return user.profile.producer if role_of(user) == Role.PRODUCER else None


def is_province(user):
    return role_of(user) in MODERATORS


def in_officer_area(user, dossier):
    unit = user.profile.unit if role_of(user) in AREA_OFFICERS else None
    commune = dossier.producer.commune
    return unit is not None and commune is not None and unit.pk in (commune.pk, commune.parent_id)


def visible_dossiers(user):
    """The dossiers `user` may open: own (producer), their area's once submitted (area officers), all
    (provincial officers), those of their rounds (council members)."""
    role, dossiers = role_of(user), Dossier.objects.select_related("producer__commune", "product", "sheet", "round")
    if role is None and not (user.is_authenticated and user.council_rounds.exists()):
        return dossiers.none()
    if is_province(user):
        return dossiers
    query = Q(round__members=user) if user.is_authenticated else Q(pk__in=[])
    if role == Role.PRODUCER:
        query |= Q(producer_id=user.profile.producer_id)
    elif role in AREA_OFFICERS:
        unit = user.profile.unit
        query |= (Q(producer__commune=unit) | Q(producer__commune__parent=unit)) & ~Q(state=State.DRAFT)
    return dossiers.filter(query).distinct()


def may_edit(user, dossier):
    return dossier.editable and producer_of(user) is not None and producer_of(user).pk == dossier.producer_id


def may_check(user, dossier):
    return dossier.state == State.SUBMITTED and (is_province(user) or in_officer_area(user, dossier))


def member_sheet(user, dossier):
    """`user`'s score sheet for `dossier` if they sit on its round's council, else None."""
    if dossier.round_id is None or not dossier.round.members.filter(pk=user.pk).exists():
        return None
    return ScoreSheet.objects.filter(dossier=dossier, member=user).first()


# --- the producer: Form 01, Form 02, attachments, submission --------------------------------------------------


def rule_set_on(day):
    return RuleSet.objects.in_force_on(day).order_by("-effective_from").first()


def sheets_open_today():
    """The criteria sheets of the rule set in force today (a dossier is filed under it)."""
    rule_set = rule_set_on(timezone.localdate())
    return CriteriaSheet.objects.filter(rule_set=rule_set).select_related("subgroup", "rule_set")


@transaction.atomic
def register(user, *, sheet, product, product_name, kind, representative, phone, description, capacity):
    """Form 01: a dossier for one of the producer's products, or for a new product registered here."""
    producer = producer_of(user)
    if producer is None:
        raise forbidden(_("Only a producer account registers a product and files its dossier."))
    if sheet not in sheets_open_today():
        raise Refused("sheet", _("Choose a product set of the rule set in force today."))
    if product is None:
        if not product_name.strip():
            raise Refused("product_name", _("Give the product's name, or choose one of your products."))
        product = Product(producer=producer, name=product_name.strip(), subgroup=sheet.subgroup,
                          description=description, status=Status.SUBMITTED, stage=Stage.AWAITING_EVALUATION,
                          stage_since=timezone.localdate())
        product.full_clean()
        product.save()
    elif product.producer_id != producer.pk:
        raise Refused("product", _("A producer account files dossiers only for its own products."))
    return Dossier.objects.create(producer=producer, product=product, sheet=sheet, kind=kind,
                                  representative=representative, phone=phone, description=description,
                                  capacity=capacity)


def _criterion_and_option(sheet, criterion_id, option_id):
    criterion = SheetNode.objects.filter(pk=criterion_id, sheet=sheet, kind=SheetNode.Kind.CRITERION).first()
    if criterion is None:
        raise Refused("criterion", _("This criterion is not on the dossier's sheet."))
    option = Option.objects.filter(pk=option_id, criterion=criterion).first()
    if option is None:
        raise Refused("option", _("This option is not one of criterion %(code)s's.") % {"code": criterion.code})
    return criterion, option


def answer(user, dossier, criterion_id, option_id):
    """Record (or change) the producer's self-assessment of one criterion; returns the progress."""
    if not may_edit(user, dossier):
        raise forbidden(_("Only the producer's account changes its dossier, and only before it is submitted."))
    criterion, option = _criterion_and_option(dossier.sheet, criterion_id, option_id)
    Answer.objects.update_or_create(dossier=dossier, criterion=criterion, defaults={"option": option})
    return self_assessment(dossier)


def self_assessment(dossier):
    """The SheetResult of the producer's answers (progress, parts, total and the stars they would give)."""
    return evaluate(dossier.sheet, {a.criterion_id: a.option.points
                                    for a in dossier.answers.select_related("option")})


@transaction.atomic
def submit(user, dossier):
    if not may_edit(user, dossier):
        raise forbidden(_("Only the producer's account submits its dossier, and only once."))
    result = self_assessment(dossier)
    if result.answered < result.criteria:
        raise Refused("answers", _("Answer every criterion before submitting (%(done)d of %(total)d answered).")
                      % {"done": result.answered, "total": result.criteria})
    dossier.state, dossier.submitted_at, dossier.return_reason = State.SUBMITTED, timezone.now(), ""
    dossier.save()
    return dossier


# --- the commune: pre-check -----------------------------------------------------------------------------------


@transaction.atomic
def pre_check(user, dossier, forward, reasons=""):
    """Forward the dossier to the province, or return it to the producer with the reasons."""
    if not may_check(user, dossier):
        raise forbidden(_("Only the officer of the producer's commune pre-checks a submitted dossier."))
    if not forward and not reasons.strip():
        raise Refused("reasons", _("Say why the dossier is returned."))
    dossier.state = State.FORWARDED if forward else State.RETURNED
    dossier.return_reason = "" if forward else reasons.strip()
    dossier.checked_by, dossier.checked_at = user, timezone.now()
    dossier.save()
    return dossier


# --- the province: rounds, assignment, decision ---------------------------------------------------------------


@transaction.atomic
def assign(user, round_, dossiers):
    """Put checked dossiers of the round's rule set into the round; every member gets a sheet for each."""
    if not is_province(user):
        raise forbidden(_("Only provincial officers assign dossiers to a round."))
    if round_.closed:
        raise Refused("round", _("This round is closed."))
    for dossier in dossiers:
        if dossier.state != State.FORWARDED:
            raise Refused("dossiers", _("“%(dossier)s” has not been checked and forwarded by its commune.")
                          % {"dossier": dossier})
        if dossier.sheet.rule_set_id != round_.rule_set_id:
            raise Refused("dossiers", _("“%(dossier)s” was filed under %(theirs)s, the round scores under %(ours)s.")
                          % {"dossier": dossier, "theirs": dossier.sheet.rule_set, "ours": round_.rule_set})
        dossier.round, dossier.state = round_, State.IN_ROUND
        dossier.save()
        for member in round_.members.all():
            ScoreSheet.objects.get_or_create(dossier=dossier, member=member)


def score(user, dossier, criterion_id, option_id):
    sheet = member_sheet(user, dossier)
    if sheet is None:
        raise forbidden(_("Only the members of the round's council score this dossier."))
    if sheet.closed_at:
        raise Refused("sheet", _("A closed score sheet cannot be changed."))
    criterion, option = _criterion_and_option(dossier.sheet, criterion_id, option_id)
    ScoreLine.objects.update_or_create(sheet=sheet, criterion=criterion, defaults={"option": option})
    return evaluate(dossier.sheet, sheet.points())


@transaction.atomic
def close_sheet(user, dossier):
    sheet = member_sheet(user, dossier)
    if sheet is None:
        raise forbidden(_("Only the members of the round's council score this dossier."))
    result = evaluate(dossier.sheet, sheet.points())
    if result.answered < result.criteria:
        raise Refused("scores", _("Score every criterion before closing your sheet (%(done)d of %(total)d).")
                      % {"done": result.answered, "total": result.criteria})
    sheet.closed_at = timezone.now()
    sheet.save()
    if not dossier.score_sheets.filter(closed_at__isnull=True).exists():
        council = council_result(dossier)
        dossier.state, dossier.council_total, dossier.council_stars = State.SCORED, council.total, council.stars
        dossier.save()
    return sheet


def council_method(rule_set):
    return CouncilMethod.objects.filter(rule_set=rule_set).first()


def council_result(dossier, eliminated=()):
    """The council's SheetResult: the members' closed sheets combined by the rule set's method."""
    method = council_method(dossier.sheet.rule_set)
    sheets = [s.points() for s in dossier.score_sheets.filter(closed_at__isnull=False)]
    if method is None or not sheets:
        return None
    return evaluate(dossier.sheet, combine(dossier.sheet, sheets, method.method), eliminated)


@transaction.atomic
def decide(user, dossier, stars, reason="", eliminated=()):
    """Record the council's conclusion: the sheet's stars, or fewer (or none) with the reason."""
    if not is_province(user):
        raise forbidden(_("Only provincial officers record the council's decision."))
    if dossier.state != State.SCORED:
        raise Refused("state", _("The council decides once every member has closed their sheet."))
    council = council_result(dossier, eliminated)
    if stars is not None and (council.stars is None or stars > council.stars):
        raise Refused("stars", _("The council cannot rate higher than its sheet gives (%(stars)s).") % {
            "stars": council.stars if council.stars is not None else _("not rated")})
    if stars != council.stars and not reason.strip():
        raise Refused("reason", _("Say why the council rates lower than its sheet gives."))
    dossier.eliminated_by.set(eliminated)
    dossier.council_total, dossier.council_stars = council.total, council.stars
    dossier.decided_stars, dossier.decision_reason = stars, reason.strip()
    dossier.decided_by, dossier.decided_at, dossier.state = user, timezone.now(), State.DECIDED
    dossier.save()
    return dossier


def pipeline():
    """Per round (None: not yet in one): dossiers received, checked, scored and decided, counted by state."""
    from django.db.models import Count

    columns = {"received": [State.SUBMITTED], "returned": [State.RETURNED],
               "checked": [State.FORWARDED, State.IN_ROUND], "scored": [State.SCORED], "decided": [State.DECIDED]}
    rows = {}
    for row in (Dossier.objects.exclude(state=State.DRAFT).values("round_id", "state")
                .annotate(n=Count("pk")).order_by()):
        counts = rows.setdefault(row["round_id"], dict.fromkeys(columns, 0))
        for column, states in columns.items():
            if row["state"] in states:
                counts[column] += row["n"]
    return rows

