"""Admin for the registry: map widgets, the filters officers ask for, accent-insensitive search."""
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from gis_app.accounts import rules
from gis_app.accounts.guarded_admin import GuardedAdmin, GuardedInline
from gis_app.core.phone_search import PhoneSearchMixin
from gis_app.places.admin import UnitLabelsMixin
from gis_app.places.dates import registry_units_on
from gis_app.places.models import AdminUnit
from gis_app.places.naming import unit_choices

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


class UnitFilter(admin.SimpleListFilter):
    """Filter by a pre-2025 administrative unit of one level, reached through `path`."""

    level = None
    path = None

    def lookups(self, request, model_admin):
        # Labelled with kind and parent (places/naming.py) so that the two "An Bình" read apart.
        units = AdminUnit.objects.filter(level=self.level, valid_to__isnull=False)
        return unit_choices(units.order_by("name", "code"), registry_units_on())

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.path}__code": self.value()}).distinct()
        return queryset


def unit_filter(level, path, title):
    return type(f"{level.title()}Filter", (UnitFilter,), {
        "level": level, "path": path, "title": title, "parameter_name": level})


class StarsFilter(admin.SimpleListFilter):
    """Stars in force today (the decision in force: registry/recognition.py), not any past evaluation's."""

    title = _("stars")
    parameter_name = "stars"
    path = "pk"  # from the listed model to its products

    def lookups(self, request, model_admin):
        return [(str(n), "★" * n) for n in (3, 4, 5)]  # strings: the facet counts pass them back as values

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if self.value() not in {"3", "4", "5"}:
            # The admin answers this with its "invalid filter" notice instead of a server error.
            raise IncorrectLookupParameters(self.value())
        starred = Product.objects.with_current_stars().filter(current_stars=int(self.value()))
        return queryset.filter(**{f"{self.path}__in": starred.values("pk")}).distinct()


class GroupFilter(admin.SimpleListFilter):
    title = _("product group")
    parameter_name = "group"
    path = "subgroup__group"

    def lookups(self, request, model_admin):
        return [(g.code, f"{g.version.code} · {g.name}") for g in ProductGroup.objects.select_related("version")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.path}__code": self.value()}).distinct()
        return queryset


class ProductInline(GuardedInline, admin.TabularInline):
    model = Product
    fields = ("ref", "name", "subgroup", "status")
    extra = 0
    show_change_link = True


@admin.register(Producer)
class ProducerAdmin(UnitLabelsMixin, PhoneSearchMixin, GuardedAdmin, LeafletGeoAdmin):
    list_display = ("name", "legal_form", "commune", "status", "updated_at")
    list_filter = (
        "legal_form", "status",
        type("ProducerGroupFilter", (GroupFilter,), {"path": "products__subgroup__group"}),
        type("ProducerStarsFilter", (StarsFilter,), {"path": "products"}),
        unit_filter("district", "commune__parent", _("district")),
        unit_filter("commune", "commune", _("commune")),
    )
    search_fields = ("name__unaccent", "address__unaccent", "ref")
    phone_search_fields = ("public_phone",)  # never private_phone: a search would reveal whose number it is
    autocomplete_fields = ("commune",)
    inlines = [ProductInline]
    list_select_related = ("commune",)


class EvaluationInline(GuardedInline, admin.TabularInline):
    """Evaluations of a product; only provincial officers and administrators may add or change them here."""

    model = Evaluation
    fields = ("rule_set", "subgroup", "score_a", "score_b", "score_c", "total", "stars", "council_level",
              "issuing_authority", "decision_number", "decision_date", "valid_until", "revoked_on", "status")
    readonly_fields = ("total", "stars")
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return rules.may_moderate(request.user)

    def has_change_permission(self, request, obj=None):
        return rules.may_moderate(request.user)

    def has_delete_permission(self, request, obj=None):
        return rules.may_moderate(request.user)


@admin.register(Product)
class ProductAdmin(PhoneSearchMixin, GuardedAdmin, admin.ModelAdmin):
    list_display = ("name", "producer", "subgroup", "stage", "pilot", "status")
    list_filter = (
        "status", "stage", "pilot", GroupFilter, StarsFilter,
        unit_filter("district", "producer__commune__parent", _("district")),
        unit_filter("commune", "producer__commune", _("commune")),
        ("producer__legal_form", admin.ChoicesFieldListFilter),
    )
    search_fields = ("name__unaccent", "name_en", "producer__name__unaccent", "description__unaccent", "ref",
                     "producer__ref")
    phone_search_fields = ("producer__public_phone",)
    autocomplete_fields = ("producer",)
    inlines = [EvaluationInline]
    list_select_related = ("producer", "subgroup")


@admin.register(Evaluation)
class EvaluationAdmin(GuardedAdmin, admin.ModelAdmin):
    list_display = ("product", "rule_set", "subgroup", "total", "stars", "council_level", "issuing_authority",
                    "decision_date", "valid_until", "revoked_on", "status")
    list_filter = ("status", "rule_set", "stars", "council_level", "issuing_authority",
                   type("EvaluationGroupFilter", (GroupFilter,), {"path": "subgroup__group"}),
                   unit_filter("district", "product__producer__commune__parent", _("district")))
    search_fields = ("product__name__unaccent", "decision_number")
    readonly_fields = ("total", "stars")
    autocomplete_fields = ("product",)
    date_hierarchy = "decision_date"
    list_select_related = ("product", "rule_set", "subgroup")

    def has_add_permission(self, request):
        # Decisions are the province's (gis_app/accounts/rules.py RECORDED_BY_PROVINCE); a save would be refused.
        return rules.may_moderate(request.user) and super().has_add_permission(request)
    fieldsets = (
        (None, {"fields": ("product", "rule_set", "subgroup", "status", "rejection_reason")}),
        (_("Scores"), {"fields": ("score_a", "score_b", "score_c", "total", "stars")}),
        (_("Recognition decision"), {"fields": ("council_level", "issuing_authority", "decision_number",
                                                "decision_date", "valid_until", "extension_reason")}),
        (_("Revocation"), {"fields": ("revoked_on", "revocation_number", "revocation_reason")}),
    )


@admin.register(CraftVillage)
class CraftVillageAdmin(UnitLabelsMixin, GuardedAdmin, LeafletGeoAdmin):
    list_display = ("name", "craft", "recognition_year", "commune", "member_count", "status")
    list_filter = ("status", unit_filter("district", "commune__parent", _("district")))
    search_fields = ("name__unaccent", "craft__unaccent")
    autocomplete_fields = ("commune",)
    readonly_fields = ("members_list",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_member_count()

    @admin.display(description=_("member producers"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count

    @admin.display(description=_("member producers (inside the area)"))
    def members_list(self, obj):
        return ", ".join(p.name for p in obj.members()) if obj.pk else "—"


@admin.register(TourismSite)
class TourismSiteAdmin(UnitLabelsMixin, PhoneSearchMixin, GuardedAdmin, LeafletGeoAdmin):
    list_display = ("name", "kind", "commune", "opening_time", "closing_time", "visit_minutes", "status")
    list_filter = ("kind", "status", unit_filter("district", "commune__parent", _("district")),
                   unit_filter("commune", "commune", _("commune")))
    search_fields = ("name__unaccent", "name_en", "description__unaccent", "address__unaccent")
    phone_search_fields = ("phone",)
    autocomplete_fields = ("commune", "products")


class SubgroupInline(admin.TabularInline):
    model = ProductSubgroup
    fields = ("code", "name_vi", "name_en")
    extra = 0


class RenameInline(admin.TabularInline):
    model = ProductGroupRename
    extra = 0


@admin.register(ProductSector)
class ProductSectorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_vi", "name_en", "version", "source")
    list_filter = ("version",)


@admin.register(ProductGroup)
class ProductGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name_vi", "name_en", "sector", "version")
    list_filter = ("version", "sector")
    search_fields = ("name_vi__unaccent", "name_en", "code")
    inlines = [SubgroupInline, RenameInline]


@admin.register(ProductSubgroup)
class ProductSubgroupAdmin(admin.ModelAdmin):
    list_display = ("code", "number", "name_vi", "group", "managing_agency", "samples_required", "source")
    list_filter = ("group__version", "group")
    search_fields = ("name_vi__unaccent", "name_en", "code")
    filter_horizontal = ("equivalents",)


@admin.register(RecognitionRule)
class RecognitionRuleAdmin(admin.ModelAdmin):
    list_display = ("rule_set", "valid_from", "valid_to", "stars", "council_level", "issuing_authority", "source")
    list_filter = ("rule_set", "stars", "council_level", "issuing_authority")


@admin.register(PlanTarget)
class PlanTargetAdmin(UnitLabelsMixin, admin.ModelAdmin):
    list_display = ("unit", "year", "group", "stars", "target", "source")
    list_filter = ("year", "stars")
    autocomplete_fields = ("unit",)


class AmendmentInline(admin.TabularInline):
    model = RuleSetAmendment
    extra = 0


class StarBandInline(admin.TabularInline):
    model = StarBand
    extra = 0


class RoundDeadlineInline(admin.TabularInline):
    model = RoundDeadline
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ("code", "legal_document", "effective_from", "effective_to", "weight_a", "weight_b", "weight_c",
                    "validity_months", "renewal_validity_from", "source")
    inlines = [AmendmentInline, StarBandInline, RoundDeadlineInline]


admin.site.register(TaxonomyVersion)
admin.site.site_header = _("OCOP-GIS administration")
admin.site.site_title = _("OCOP-GIS")
