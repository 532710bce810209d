"""The dossier and round pages: thin views over `workflow` (which says who may do what)."""
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gis_app.criteria.scoring import evaluate

from . import workflow
from .forms import AttachmentForm, RegistrationForm, RoundForm
from .models import Dossier, Round
from .sheet_view import sheet_rows

State = Dossier.State


def signed_in(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())  # the site login (settings.LOGIN_URL)
        return view(request, *args, **kwargs)
    return wrapper


def _dossier(request, pk):
    dossier = workflow.visible_dossiers(request.user).filter(pk=pk).first()
    if dossier is None:
        raise Http404(_("No dossier of yours has this number."))
    return dossier


def _refused_page(request, refused, dossier=None):
    return render(request, "dossiers/refused.html", {"message": refused.text, "field": refused.field,
                                                     "dossier": dossier}, status=refused.status)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@signed_in
@require_http_methods(["GET"])
def dossier_list(request):
    dossiers = workflow.visible_dossiers(request.user).order_by("-created_at")
    return render(request, "dossiers/list.html", {
        "dossiers": dossiers, "is_producer": workflow.producer_of(request.user) is not None,
        "is_province": workflow.is_province(request.user)})


@signed_in
@require_http_methods(["GET", "POST"])
def register(request):
    producer = workflow.producer_of(request.user)
    if producer is None:
        return _refused_page(request, workflow.forbidden(_("Only a producer account registers a product.")))
    form = RegistrationForm(request.POST or None, producer=producer)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                dossier = workflow.register(request.user, **form.cleaned_data)
                return redirect("dossiers:detail", dossier.pk)
            except workflow.Refused as refused:
                form.add_error(refused.field if refused.field in form.fields else None, refused.text)
            except ValidationError as invalid:  # the new product's own checks (gis_app/registry)
                for field, messages in invalid.message_dict.items():
                    form.add_error("product_name" if field == "name" else None, messages)
        status = 400
    return render(request, "dossiers/register.html", {"form": form, "producer": producer}, status=status)


@signed_in
@require_http_methods(["GET"])
def detail(request, pk):
    dossier = _dossier(request, pk)
    user = request.user
    result = workflow.self_assessment(dossier)
    chosen = {a.criterion_id: a.option_id for a in dossier.answers.all()}
    context = {
        "dossier": dossier, "result": result, "rows": sheet_rows(dossier.sheet, chosen),
        "may_edit": workflow.may_edit(user, dossier), "may_check": workflow.may_check(user, dossier),
        "member_sheet": workflow.member_sheet(user, dossier), "is_province": workflow.is_province(user),
        "attachment_form": AttachmentForm(), "attachments": dossier.attachments.all(),
        "percent": round(100 * result.answered / result.criteria) if result.criteria else 0,
        "history": dossier.history.order_by("-history_date")[:20],
    }
    if context["is_province"] and dossier.state in (State.IN_ROUND, State.SCORED, State.DECIDED):
        # each member's sheet, kept as closed
        context["member_sheets"] = [
            {"member": s.member, "closed_at": s.closed_at, "result": evaluate(dossier.sheet, s.points())}
            for s in dossier.score_sheets.select_related("member").order_by("member__username")]
    if context["is_province"] and dossier.state == State.SCORED:
        context["council"] = workflow.council_result(dossier)
        context["conditions"] = dossier.sheet.eliminating_conditions.all()
    return render(request, "dossiers/detail.html", context)


@signed_in
@require_POST
def answer(request, pk):
    """Autosave of one answer (JSON), or the form's own POST without scripts."""
    dossier = _dossier(request, pk)
    wants_json = "application/json" in request.headers.get("Accept", "")
    try:
        if wants_json:
            result = workflow.answer(request.user, dossier, _int(request.POST.get("criterion")),
                                     _int(request.POST.get("option")))
        else:
            with transaction.atomic():
                for criterion in dossier.sheet.criteria():
                    option = _int(request.POST.get(f"c{criterion.pk}"))
                    if option is not None:
                        result = workflow.answer(request.user, dossier, criterion.pk, option)
    except workflow.Refused as refused:
        if wants_json:
            return JsonResponse({"error": {"field": refused.field, "message": refused.text}}, status=refused.status)
        return _refused_page(request, refused, dossier)
    if not wants_json:
        return redirect("dossiers:detail", dossier.pk)
    return JsonResponse({"answered": result.answered, "criteria": result.criteria,
                         "percent": round(100 * result.answered / result.criteria) if result.criteria else 0,
                         "total": str(result.total), "saved": _("Saved")})


@signed_in
@require_POST
def attach(request, pk):
    dossier = _dossier(request, pk)
    if not workflow.may_edit(request.user, dossier):
        return _refused_page(request, workflow.forbidden(
            _("Only the producer's account adds documents, and only before the dossier is submitted.")), dossier)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        return _refused_page(request, workflow.Refused(field, " ".join(errors)), dossier)
    attachment = form.save(commit=False)
    attachment.dossier = dossier
    attachment.save()
    return redirect("dossiers:detail", dossier.pk)


@signed_in
@require_http_methods(["GET"])
def attachment(request, pk, attachment_pk):
    """A document of a dossier, to those who may open the dossier (the files are not under MEDIA_URL)."""
    document = get_object_or_404(_dossier(request, pk).attachments, pk=attachment_pk)
    return FileResponse(document.file.open("rb"), filename=document.file.name.rsplit("/", 1)[-1])


@signed_in
@require_POST
def submit(request, pk):
    dossier = _dossier(request, pk)
    try:
        workflow.submit(request.user, dossier)
    except workflow.Refused as refused:
        return _refused_page(request, refused, dossier)
    return redirect("dossiers:detail", dossier.pk)


@signed_in
@require_http_methods(["GET"])
def form02(request, pk):
    dossier = _dossier(request, pk)
    chosen = {a.criterion_id: a.option_id for a in dossier.answers.all()}
    return render(request, "dossiers/form02.html", {
        "dossier": dossier, "rows": sheet_rows(dossier.sheet, chosen), "result": workflow.self_assessment(dossier)})


@signed_in
@require_POST
def check(request, pk):
    dossier = _dossier(request, pk)
    try:
        workflow.pre_check(request.user, dossier, request.POST.get("action") == "forward",
                           request.POST.get("reasons", ""))
    except workflow.Refused as refused:
        return _refused_page(request, refused, dossier)
    return redirect("dossiers:detail", dossier.pk)


@signed_in
@require_http_methods(["GET", "POST"])
def score_sheet(request, pk):
    dossier = _dossier(request, pk)
    sheet = workflow.member_sheet(request.user, dossier)
    if sheet is None:
        return _refused_page(request, workflow.forbidden(
            _("Only the members of the round's council score this dossier.")), dossier)
    if request.method == "POST":
        try:
            with transaction.atomic():
                for criterion in dossier.sheet.criteria():
                    option = _int(request.POST.get(f"c{criterion.pk}"))
                    if option is not None:
                        workflow.score(request.user, dossier, criterion.pk, option)
                if request.POST.get("action") == "close":
                    workflow.close_sheet(request.user, dossier)
        except workflow.Refused as refused:
            return _refused_page(request, refused, dossier)
        return redirect("dossiers:score", dossier.pk)
    chosen = {line.criterion_id: line.option_id for line in sheet.lines.all()}
    return render(request, "dossiers/score.html", {
        "dossier": dossier, "sheet": sheet, "rows": sheet_rows(dossier.sheet, chosen),
        "result": evaluate(dossier.sheet, sheet.points())})


@signed_in
@require_POST
def decide(request, pk):
    dossier = _dossier(request, pk)
    stars = _int(request.POST.get("stars"))
    if stars is not None and not 1 <= stars <= 5:
        return _refused_page(request, workflow.Refused("stars", _("Stars are 1 to 5, or none.")), dossier)
    conditions = dossier.sheet.eliminating_conditions.filter(pk__in=[
        c for c in map(_int, request.POST.getlist("eliminated")) if c is not None])
    try:
        workflow.decide(request.user, dossier, stars if stars else None, request.POST.get("reason", ""),
                        list(conditions))
    except workflow.Refused as refused:
        return _refused_page(request, refused, dossier)
    return redirect("dossiers:detail", dossier.pk)


@signed_in
@require_http_methods(["GET", "POST"])
def rounds(request):
    if not workflow.is_province(request.user):
        return _refused_page(request, workflow.forbidden(_("Only provincial officers open evaluation rounds.")))
    form = RoundForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            round_ = form.save(commit=False)
            round_.opened_by = request.user
            round_.save()
            form.save_m2m()
            return redirect("dossiers:round", round_.pk)
        status = 400
    return render(request, "dossiers/rounds.html", {
        "form": form, "rounds": Round.objects.select_related("rule_set"), "pipeline": workflow.pipeline()},
        status=status)


@signed_in
@require_http_methods(["GET", "POST"])
def round_detail(request, pk):
    if not workflow.is_province(request.user):
        return _refused_page(request, workflow.forbidden(_("Only provincial officers manage evaluation rounds.")))
    round_ = get_object_or_404(Round, pk=pk)
    if request.method == "POST":
        chosen = Dossier.objects.filter(pk__in=[d for d in map(_int, request.POST.getlist("dossiers")) if d])
        try:
            workflow.assign(request.user, round_, list(chosen))
        except workflow.Refused as refused:
            return _refused_page(request, refused)
        return redirect("dossiers:round", round_.pk)
    waiting = Dossier.objects.filter(state=State.FORWARDED, sheet__rule_set=round_.rule_set).select_related(
        "product", "producer__commune")
    return render(request, "dossiers/round.html", {
        "round": round_, "waiting": waiting, "members": round_.members.all(),
        "dossiers": round_.dossiers.select_related("product", "producer__commune"),
        "counts": workflow.pipeline().get(round_.pk)})
