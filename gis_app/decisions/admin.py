"""Decisions in the admin: the list filtered by issuer, year and kind; the batch inline on a decision's page; the
issuers and reasons as reference data (their unverified sources shown); on an evaluation's page, its decisions.

Decisions are the province's, as recognition decisions are (`Access(by_province=True)`): GuardedAdmin lets
provincial officers and administrators change them and shows every other role nothing.
"""
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gis_app.accounts import rules
from gis_app.accounts.guarded_admin import GuardedAdmin
from gis_app.core.admin_parts import ReadOnlyAdmin, add_inline
from gis_app.registry.models import UNVERIFIED_MARK, Evaluation

from .export import write_decisions_xlsx
from .models import Certificate, Decision, DecisionItem, Issuer, RevocationReason

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _source(text):
    """A source on screen, its unverified mark made visible."""
    if UNVERIFIED_MARK in text:
        return format_html("{} <strong>({})</strong>", text, UNVERIFIED_MARK)
    return text


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


class DecisionItemInline(admin.TabularInline):
    """The batch: the evaluations the decision recognises (or whose recognition it revokes)."""

    model = DecisionItem
    extra = 1
    fields = ("evaluation", "stars", "valid_until")
    readonly_fields = ("stars", "valid_until")
    autocomplete_fields = ("evaluation",)
    verbose_name_plural = _("batch: products in the decision")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("evaluation__product", "evaluation__rule_set")

    @admin.display(description=_("stars"))
    def stars(self, item):
        return item.evaluation.stars if item.evaluation_id else ""

    @admin.display(description=_("valid until"))
    def valid_until(self, item):
        return item.evaluation.valid_until.strftime("%d/%m/%Y") if item.evaluation_id and item.evaluation.valid_until else ""


@admin.register(Decision)
class DecisionAdmin(GuardedAdmin, admin.ModelAdmin):
    list_display = ("number", "date", "issuer", "kind", "subject", "batch_size")
    list_filter = ("kind", YearFilter, ("issuer", admin.RelatedOnlyFieldListFilter))
    search_fields = ("number", "subject__unaccent", "issuer__name_vi__unaccent",
                     "items__evaluation__product__name__unaccent")
    fields = ("number", "date", "issuer", "kind", "subject", "reason", "reason_source", "reason_detail")
    readonly_fields = ("reason_source",)
    autocomplete_fields = ("issuer",)
    date_hierarchy = "date"
    list_select_related = ("issuer",)
    inlines = [DecisionItemInline]
    actions = []  # no moderation status: a decision is recorded once signed

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(batch_count=Count("items"))

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """A new decision's batch prefilled from `?evaluation=<id>` (the inspections admin proposes a revocation
        this way, naming only this admin's URL)."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        given = request.GET.get("evaluation", "")
        if (request.method == "GET" and obj.pk is None and isinstance(inline, DecisionItemInline)
                and given.isdigit() and len(given) <= 9 and Evaluation.objects.filter(pk=int(given)).exists()):
            kwargs["initial"] = [{"evaluation": int(given)}]
        return kwargs

    def get_urls(self):
        export = path("export.xlsx", self.admin_site.admin_view(self.export_xlsx), name="decisions_decision_xlsx")
        return [export, *super().get_urls()]

    def export_xlsx(self, request):
        """/admin/decisions/decision/export.xlsx[?year=2025&issuer=<id>]: the recognition decisions and their
        products, for provincial officers and administrators (as the decisions themselves)."""
        if not rules.may_moderate(request.user):
            raise PermissionDenied
        values = {}
        for name in ("year", "issuer"):
            text = request.GET.get(name, "").strip()
            if text and not (text.isdigit() and len(text) <= 9):
                return HttpResponseBadRequest(gettext("“%(value)s” is not a valid %(field)s: give a number.") % {
                    "value": text[:40], "field": name}, content_type="text/plain; charset=utf-8")
            values[name] = int(text) if text else None
        response = HttpResponse(content_type=XLSX)
        stamp = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="quyet-dinh-ocop-{stamp}.xlsx"'
        write_decisions_xlsx(response, **values)
        return response

    @admin.display(description=_("products"), ordering="batch_count")
    def batch_size(self, obj):
        return obj.batch_count

    @admin.display(description=_("source of the reason"))
    def reason_source(self, obj):
        return _source(obj.reason.source) if obj.reason_id else "—"


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    list_display = ("name_vi", "code", "level", "valid_from", "valid_to", "successor", "basis")
    list_filter = ("level",)
    search_fields = ("name_vi__unaccent", "name_en", "code", "key")
    readonly_fields = ("basis",)

    @admin.display(description=_("legal basis"))
    def basis(self, obj):
        return _source(obj.legal_basis)


@admin.register(RevocationReason)
class RevocationReasonAdmin(admin.ModelAdmin):
    list_display = ("code", "rule_set", "name_vi", "shown_source")
    list_filter = ("rule_set",)
    search_fields = ("name_vi__unaccent", "name_en", "code")

    @admin.display(description=_("source"))
    def shown_source(self, obj):
        return _source(obj.source)


class DecisionOfEvaluationInline(ReadOnlyAdmin, admin.TabularInline):
    """On an evaluation's page: the decisions it is in, each linking to the decision's own page (read only)."""

    model = DecisionItem
    extra = 0
    fields = ("decision_link", "kind", "issuer")
    readonly_fields = fields
    verbose_name_plural = _("decisions")

    def get_queryset(self, request):
        if not rules.may_moderate(request.user):
            return super().get_queryset(request).none()
        return super().get_queryset(request).select_related("decision__issuer")

    @admin.display(description=_("decision"))
    def decision_link(self, item):
        url = reverse("admin:decisions_decision_change", args=[item.decision_id])
        return format_html('<a href="{}">{}</a>', url, item.decision)

    @admin.display(description=_("issuer"))
    def issuer(self, item):
        return item.decision.issuer


# The evaluation admin belongs to the registry, which knows no decisions: this app adds its inline to the
# registered admin (as gis_app/inspections does for products).
add_inline(Evaluation, DecisionOfEvaluationInline)


@admin.register(Certificate)
class CertificateAdmin(GuardedAdmin, admin.ModelAdmin):
    """The register of certificates: made with each recognition; the office enters the printed number."""

    list_display = ("product", "number", "decision", "issued_on", "valid_until", "revoked_on", "decision_form")
    list_filter = ("issued_on",)
    search_fields = ("number", "item__evaluation__product__name__unaccent", "item__decision__number")
    fields = ("decision", "product", "number", "issued_on", "valid_until", "revoked_on", "decision_form")
    readonly_fields = ("decision", "product", "issued_on", "valid_until", "revoked_on", "decision_form")
    list_select_related = ("item__decision", "item__evaluation__product", "item__evaluation__rule_set")
    date_hierarchy = "issued_on"
    actions = []

    def has_add_permission(self, request):
        return False  # made with the recognition decision's item

    @admin.display(description=_("product"))
    def product(self, obj):
        return obj.item.evaluation.product

    @admin.display(description=_("decision"))
    def decision(self, obj):
        url = reverse("admin:decisions_decision_change", args=[obj.item.decision_id])
        return format_html('<a href="{}">{}</a>', url, obj.item.decision)

    @admin.display(description=_("revoked on"))
    def revoked_on(self, obj):
        return obj.revoked_on or "—"

    @admin.display(description=_("decision form of the rule set"))
    def decision_form(self, obj):
        return obj.item.evaluation.rule_set.decision_form
