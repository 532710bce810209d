"""Criteria sheets in the admin, read only: sheets come in through the loader (load_criteria_sheets), which
checks that the points add up; an edit here would bypass that check."""
from django.contrib import admin

from gis_app.core.admin_parts import ReadOnlyAdmin

from .models import CouncilMethod, CriteriaSheet, EliminatingCondition, Option, SheetNode


class ReadOnly(ReadOnlyAdmin, admin.ModelAdmin):
    pass


class NodeInline(admin.TabularInline):
    model = SheetNode
    fields = ("code", "kind", "title", "max_points", "mandatory_from_stars", "required_points", "on_failure",
              "provenance", "source")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ConditionInline(NodeInline):
    model = EliminatingCondition
    fields = readonly_fields = ("code", "title", "provenance", "source")


@admin.register(CriteriaSheet)
class CriteriaSheetAdmin(ReadOnly):
    list_display = ("code", "rule_set", "subgroup", "provenance", "loaded_at")
    list_filter = ("rule_set", "provenance")
    inlines = [NodeInline, ConditionInline]


@admin.register(Option)
class OptionAdmin(ReadOnly):
    list_display = ("criterion", "label", "points", "provenance")
    list_filter = ("criterion__sheet",)


@admin.register(CouncilMethod)
class CouncilMethodAdmin(ReadOnly):
    list_display = ("rule_set", "method", "provenance", "source")
