"""Post-recognition inspections in the admin: the registry's roles (GuardedAdmin: an area officer sees and
changes those of the area only, history for all who may open the record), follow-ups inline, a list of overdue
follow-ups, and the inspections of a product on the product's own page."""
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gis_app.accounts import rules
from gis_app.accounts.guarded_admin import GuardedAdmin
from gis_app.registry.models import Product

from .models import FollowUp, Inspection


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 1
    fields = ("action", "due_on", "done_on")


@admin.register(Inspection)
class InspectionAdmin(GuardedAdmin, admin.ModelAdmin):
    list_display = ("product", "date", "kind", "body", "outcome")
    list_filter = ("kind", "outcome")
    search_fields = ("product__name__unaccent", "product__producer__name__unaccent", "body__unaccent")
    autocomplete_fields = ("product",)
    readonly_fields = ("kind_source",)
    fields = ("product", "date", "kind", "kind_source", "body", "inspectors", "findings", "outcome")
    inlines = [FollowUpInline]
    date_hierarchy = "date"
    list_select_related = ("product",)


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

    @admin.display(description=_("days overdue"))
    def days_overdue(self, obj):
        today = timezone.localdate()
        return (today - obj.due_on).days if obj.done_on is None and obj.due_on < today else ""


class InspectionOfProductInline(admin.TabularInline):
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

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The product admin belongs to the registry, which knows no inspections: this app adds its inline to the registered
# admin (as gis_app/photos does), so the record type stays declared in its own app.
_product_admin = admin.site._registry.get(Product)
if _product_admin is not None:
    _product_admin.inlines = [*_product_admin.inlines, InspectionOfProductInline]
