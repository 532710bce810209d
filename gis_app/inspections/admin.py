"""Post-recognition inspections in the admin: the registry's roles (GuardedAdmin: an area officer sees and
changes those of the area only, history for all who may open the record), follow-ups inline, a list of overdue
follow-ups, and the inspections of a product on the product's own page."""
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gis_app.accounts import rules
from gis_app.accounts.guarded_admin import GuardedAdmin
from gis_app.core.admin_parts import ReadOnlyAdmin, add_inline
from gis_app.registry.models import Evaluation, Product

from .models import FollowUp, Inspection


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 1
    fields = ("action", "due_on", "done_on")


REVOCATION_SUBJECT = "Về việc thu hồi Giấy chứng nhận sản phẩm OCOP"


def proposal_url(inspection):
    """The admin's form of a new revocation decision, prefilled from a serious inspection: its kind, subject, the
    product's recognition in force on the inspection day (the batch) and the findings as the reason's details.
    None where the decisions app is not installed (this app does not import it: only its admin URL is named)."""
    try:
        url = reverse("admin:decisions_decision_add")
    except NoReverseMatch:
        return None
    evaluation = inspection.recognition()
    detail = gettext("Inspection of %(date)s (%(kind)s, %(body)s): %(findings)s") % {
        "date": inspection.date.strftime("%d/%m/%Y"), "kind": inspection.get_kind_display(), "body": inspection.body,
        "findings": inspection.findings or "—"}
    params = {"kind": "revocation", "subject": REVOCATION_SUBJECT, "reason_detail": detail}
    if evaluation is not None:
        params["evaluation"] = evaluation.pk
    return f"{url}?{urlencode(params)}"


class RevocationFilter(admin.SimpleListFilter):
    title = _("revocation")
    parameter_name = "revocation"

    def lookups(self, request, model_admin):
        return [("missing", _("Serious, no revocation decided"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.serious_without_revocation()
        return queryset


@admin.register(Inspection)
class InspectionAdmin(GuardedAdmin, admin.ModelAdmin):
    list_display = ("product", "date", "kind", "body", "outcome", "revocation")
    list_filter = ("kind", "outcome", RevocationFilter)
    search_fields = ("product__name__unaccent", "product__producer__name__unaccent", "body__unaccent")
    autocomplete_fields = ("product",)
    readonly_fields = ("kind_source", "revocation")
    fields = ("product", "date", "kind", "kind_source", "body", "inspectors", "findings", "outcome", "revocation")
    inlines = [FollowUpInline]
    date_hierarchy = "date"
    list_select_related = ("product",)

    def get_queryset(self, request):
        revoked = Evaluation.objects.filter(product=OuterRef("product"), revoked_on__gte=OuterRef("date"))
        return super().get_queryset(request).annotate(revoked=Exists(revoked))

    @admin.display(description=_("revocation"))
    def revocation(self, obj):
        """For a serious outcome: the revocation it proposes, to be decided (a link to the prefilled form), or
        the revocation recorded since."""
        if obj.pk is None or obj.outcome != Inspection.Outcome.SERIOUS:
            return "—"
        if getattr(obj, "revoked", False):
            return gettext("revocation recorded")
        url = proposal_url(obj)
        if url is None:
            return gettext("revocation to be decided")
        return format_html('<a class="button" href="{}">{}</a>', url, gettext("Propose revocation"))


class OverdueFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("open", _("Not done")), ("done", _("Done"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "open":
            return queryset.filter(done_on__isnull=True)
        if self.value() == "done":
            return queryset.filter(done_on__isnull=False)
        return queryset


@admin.register(FollowUp)
class FollowUpAdmin(GuardedAdmin, admin.ModelAdmin):
    """Follow-up actions; `?state=overdue` is the staff list of those past their due date and not done."""

    list_display = ("action", "inspection", "due_on", "done_on", "days_overdue")
    list_filter = (OverdueFilter,)
    search_fields = ("action__unaccent", "inspection__product__name__unaccent")
    autocomplete_fields = ("inspection",)
    list_select_related = ("inspection__product",)

    def changelist_view(self, request, extra_context=None):
        """The overdue list also names the serious inspections whose proposed revocation is not decided."""
        if request.method == "GET" and request.GET.get("state") == "overdue":
            pending = (rules.editable(request.user, Inspection.objects.all()).serious_without_revocation()
                       .select_related("product").order_by("date", "pk"))
            shown = list(pending[:20])
            if shown:
                items = format_html_join(", ", '<a href="{}">{}</a>', (
                    (reverse("admin:inspections_inspection_change", args=[i.pk]), i) for i in shown))
                self.message_user(request, format_html("{} {}", gettext(
                    "%(count)d serious inspection(s) without a revocation decision:") % {"count": pending.count()},
                    items), level=messages.WARNING)
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("days overdue"))
    def days_overdue(self, obj):
        today = timezone.localdate()
        return (today - obj.due_on).days if obj.done_on is None and obj.due_on < today else ""


class InspectionOfProductInline(ReadOnlyAdmin, admin.TabularInline):
    """The product's inspections on its admin page, read only (they are kept on the inspection's own page), and
    only for those who may open them: a producer account has no grant and sees nothing of them."""

    model = Inspection
    extra = 0
    fields = ("date", "kind", "body", "outcome")
    readonly_fields = fields
    show_change_link = True
    verbose_name_plural = _("post-recognition inspections")

    def get_queryset(self, request):
        return rules.editable(request.user, super().get_queryset(request))


# The product admin belongs to the registry, which knows no inspections: this app adds its inline to the registered
# admin (as gis_app/photos does), so the record type stays declared in its own app.
add_inline(Product, InspectionOfProductInline)
