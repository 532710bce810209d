"""Write endpoints: edit a producer or product (PATCH/PUT, optimistic versions), moderate any registry record.

Every write asks `gis_app.accounts.rules` (who may change what) and `moderation` (who may move a status);
an edit names the version it was based on (`version` in the body or an `If-Match` header) and gets
409 Conflict when someone saved since, so that no change is ever overwritten silently.
"""
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_gis.fields import GeometryField

from gis_app.accounts import moderation, pending, rules
from gis_app.api import hooks
from gis_app.core.errors import InputError
from gis_app.core.params import parse_int
from gis_app.registry.models import (
    CraftVillage,
    Evaluation,
    Producer,
    Product,
    ProductSubgroup,
    RuleSet,
    StaleRecord,
    Status,
    TourismSite,
    fill_commune,
)

ERROR = OpenApiResponse(OpenApiTypes.OBJECT, description='{"error": {"field": …, "message": …}}')
MAX_VERSION = 2**31 - 1  # the column is a PostgreSQL integer
MODERATED = {"producers": Producer, "products": Product, "sites": TourismSite, "villages": CraftVillage,
             "evaluations": Evaluation}


class ProducerEdit(serializers.ModelSerializer):
    location = GeometryField(required=False)

    class Meta:
        model = Producer
        fields = ["name", "legal_form", "address", "location", "representative", "public_phone", "public_email",
                  "website", "private_phone", "private_email"]

    def validate_location(self, value):
        if value.geom_type != "Point":
            raise serializers.ValidationError(_("The location must be a GeoJSON Point."))
        value.srid = 4326
        return value


class ProductEdit(serializers.ModelSerializer):
    subgroup = serializers.SlugRelatedField(slug_field="code", queryset=ProductSubgroup.objects.all(),
                                            required=False)

    class Meta:
        model = Product
        fields = ["name", "subgroup", "description"]


class EvaluationEdit(serializers.ModelSerializer):
    """An evaluation and its recognition decision; `clean()` checks them against the rule set and the rule rows."""

    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all())
    rule_set = serializers.SlugRelatedField(slug_field="code", queryset=RuleSet.objects.all())
    subgroup = serializers.SlugRelatedField(slug_field="code", queryset=ProductSubgroup.objects.all())

    class Meta:
        model = Evaluation
        fields = ["product", "rule_set", "subgroup", "score_a", "score_b", "score_c", "council_level",
                  "issuing_authority", "decision_number", "decision_date", "valid_until", "extension_reason",
                  "revoked_on", "revocation_number", "revocation_reason"]


def reachable(user, model):
    """The rows `user` may look up for writing: those they see, and those they may change."""
    rows = model.objects.all()
    if rules.sees_unpublished(user):
        return rows
    return rows.filter(Q(status=Status.PUBLISHED) | Q(pk__in=rules.editable(user, model.objects.all()).values("pk")))


def writer(request):
    if not request.user.is_authenticated:
        raise NotAuthenticated(_("Log in to change the registry."))
    return request.user


def record_for(user, model, pk):
    record = reachable(user, model).select_for_update(of=("self",)).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def based_on(request):
    """The version the client's edit started from: body `version`, else the `If-Match` header."""
    value = request.data.get("version") if hasattr(request.data, "get") else None
    if value is None and request.headers.get("If-Match"):
        value = request.headers["If-Match"].removeprefix("W/").strip('"')
    if value in (None, ""):
        raise InputError("version", _("Say which version you edited: send “version” (or an If-Match header) "
                                      "as read from the record."), status_code=428)
    return parse_int("version", value, minimum=1, maximum=MAX_VERSION)


def refuse(error):
    raise InputError(None, str(error.args[0]) if error.args else _("You may not do this."), status_code=403)


def conflict(stale):
    raise InputError("version", _("Someone else saved this record since you read it (you edited version "
                                  "%(yours)s, it is now at version %(current)s). Nothing was saved: read it "
                                  "again and reapply your change.") % {"yours": stale.record.version,
                                                                       "current": stale.current_version},
                     status_code=409)


def edited(record):
    return {"id": record.pk, "version": record.version, "status": record.status}


def pending_summary(change):
    """What the API says of a pending change: its fields and words for the person (in their language)."""
    return {"id": change.pk, "proposed_at": change.proposed_at.isoformat(), "fields": sorted(change.values),
            "message": _("Changes awaiting review: the published version stays public until a provincial "
                         "officer accepts them.")}


class EditableDetail:
    """Adds `version` (and an ETag) to a detail GET, and PATCH/PUT that check it."""

    model = None
    edit_serializer = None

    def get(self, request, pk):
        response = super().get(request, pk)
        version = self.model.objects.filter(pk=pk).values_list("version", flat=True).first()
        response.data["version"] = version
        response["ETag"] = f'"{version}"'
        stored = self.model._base_manager.filter(pk=pk).first()
        change = pending.open_change(stored) if stored is not None and request.user.is_authenticated else None
        if change is not None and rules.editable(request.user, self.model._base_manager.filter(pk=pk)).exists():
            response.data["pending_change"] = pending_summary(change)  # "thay đổi đang chờ duyệt"
        return response

    def write(self, request, pk, partial):
        user = writer(request)
        expected = based_on(request)
        with transaction.atomic():
            record = record_for(user, self.model, pk)
            serializer = self.edit_serializer(record, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            for name, value in serializer.validated_data.items():
                setattr(record, name, value)
            if "location" in serializer.validated_data and hasattr(record, "commune"):
                # found again from the new location, once, here: the area check below sees the final commune
                record.commune = None
                rules.prefer_own_unit(user, record)
                fill_commune(record)
            record.version = expected
            try:
                rules.check_write(user, record)
            except PermissionDenied as error:
                refuse(error)
            record.full_clean(validate_unique=False)
            try:
                rules.check_write(user, record)  # again on the values validation may have completed
            except PermissionDenied as error:
                refuse(error)
            rules.apply_review_rule(user, record)
            try:
                change = pending.save_edit(user, record)
            except StaleRecord as stale:
                conflict(stale)
        if change is not None:  # the published version stays public until a moderator accepts the edit
            stored = self.model._base_manager.get(pk=record.pk)
            return Response({**edited(stored), "pending_change": pending_summary(change)}, status=202)
        response = Response({**edited(record), **self.edit_serializer(record).data})
        response["ETag"] = f'"{record.version}"'
        return response


def editable_detail(detail, model, edit_serializer, name):
    """The detail view class `detail` with version-checked PATCH and PUT for `model`."""
    def get(self, request, pk):
        return EditableDetail.get(self, request, pk)

    def patch(self, request, pk):
        return self.write(request, pk, partial=True)

    def put(self, request, pk):
        return self.write(request, pk, partial=False)

    responses = {200: JSON, 400: ERROR, 401: ERROR, 403: ERROR, 404: ERROR, 409: ERROR, 428: ERROR}
    attrs = {
        "model": model, "edit_serializer": edit_serializer,
        "get": extend_schema(operation_id=f"{name}_detail", responses=JSON, parameters=[OpenApiParameter(
            "units_on", OpenApiTypes.DATE, description="day whose unit the record's `unit` is (default: today)")])(get),
        "patch": extend_schema(operation_id=f"{name}_edit", request=edit_serializer, responses=responses,
                               summary="Edit some fields (send the version you read; 409 if saved since)")(patch),
        "put": extend_schema(operation_id=f"{name}_replace", request=edit_serializer, responses=responses,
                             summary="Edit every field (send the version you read; 409 if saved since)")(put),
    }
    return type(detail.__name__, (EditableDetail, detail), attrs)


JSON = OpenApiResponse(OpenApiTypes.OBJECT, description="the record's id, version, status and edited fields")


class TransitionView(APIView):
    """POST /api/v1/{producers,products,sites,villages}/{id}/{submit,publish,reject}/ (reject needs a reason)."""

    @extend_schema(operation_id="records_transition",
                   request=inline_serializer("TransitionRequest", {"reason": serializers.CharField(required=False)}),
                   responses={200: JSON, 400: ERROR, 401: ERROR, 403: ERROR, 404: ERROR},
                   summary="Moderate a record: submit for review, publish, or reject with a reason")
    def post(self, request, kind, pk, action):
        user = writer(request)
        model = MODERATED[kind]
        with transaction.atomic():
            record = record_for(user, model, pk)
            reason = request.data.get("reason") if hasattr(request.data, "get") else None
            if reason is not None and not isinstance(reason, str):
                raise InputError("reason", _("The reason must be text."))
            try:
                moderation.transition(user, record, action, reason or "")
            except PermissionDenied as error:
                refuse(error)
        return Response({**edited(record), "rejection_reason": record.rejection_reason})


class EvaluationCreate(APIView):
    """POST /api/v1/evaluations/: record an evaluation (provincial officers and administrators only)."""

    @extend_schema(operation_id="evaluations_create", request=EvaluationEdit,
                   responses={201: JSON, 400: ERROR, 401: ERROR, 403: ERROR},
                   summary="Record an evaluation and its recognition decision (provincial officers)")
    def post(self, request):
        user = writer(request)
        serializer = EvaluationEdit(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = Evaluation(**serializer.validated_data)
        try:
            rules.check_write(user, record)
        except PermissionDenied as error:
            refuse(error)
        with transaction.atomic():
            record.full_clean(validate_unique=False)
            record._history_user = user
            record.save()
        return Response({**edited(record), "stars": Evaluation.objects.get(pk=record.pk).stars,
                         **EvaluationEdit(record).data}, status=201)


class EvaluationRevoke(APIView):
    """POST /api/v1/evaluations/{id}/revoke/: withdraw a recognition decision (day, decision number, reason)."""

    @extend_schema(operation_id="evaluations_revoke",
                   request=inline_serializer("RevokeRequest", {
                       "revoked_on": serializers.DateField(), "revocation_number": serializers.CharField(),
                       "revocation_reason": serializers.CharField(help_text="the details of the reason"),
                       "reason": serializers.CharField(help_text="code of a revocation reason of the rule set in "
                                                                 "force on the day (/admin: revocation reasons)"),
                       "issuer": serializers.CharField(required=False, help_text=(
                           "key of the body signing the revocation; default: the granting body, or the body "
                           "that took over from it, on the day")),
                       "subject": serializers.CharField(required=False)}),
                   responses={200: JSON, 400: ERROR, 401: ERROR, 403: ERROR, 404: ERROR},
                   summary="Revoke a recognition decision")
    def post(self, request, pk):
        user = writer(request)
        with transaction.atomic():
            record = record_for(user, Evaluation, pk)
            if not record.is_recognised:
                raise InputError("revoked_on", _("Only a recognition decision (3 stars or more) can be revoked."))
            serializer = EvaluationEdit(record, data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            for name in ("revoked_on", "revocation_number", "revocation_reason"):
                if name not in serializer.validated_data:
                    raise InputError(name, _("This field is required."))
                setattr(record, name, serializer.validated_data[name])
            try:
                rules.check_write(user, record)
            except PermissionDenied as error:
                refuse(error)
            record.full_clean(validate_unique=False)
            record._history_user = user
            try:
                record.save()
            except StaleRecord as stale:
                conflict(stale)
            # the revocation decision (gis_app.decisions attaches it): refused → the whole revoke rolls back
            extra = hooks.run("evaluation_revoked", user=user, evaluation=record, data=request.data)
        return Response({**edited(record), **EvaluationEdit(record).data, **extra})
