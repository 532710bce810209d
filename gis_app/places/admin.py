from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from .models import AdminUnit, UnitSuccession


@admin.register(AdminUnit)
class AdminUnitAdmin(LeafletGeoAdmin):
    list_display = ("name", "code", "level", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("level", "kind", "valid_to")
    search_fields = ("name__unaccent", "code")
    readonly_fields = ("name_ascii",)
    autocomplete_fields = ("parent",)


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ("old_unit", "new_unit", "effective", "is_main_successor")
    search_fields = ("old_unit__name__unaccent", "new_unit__name__unaccent", "old_unit__code", "new_unit__code")
    autocomplete_fields = ("old_unit", "new_unit")
