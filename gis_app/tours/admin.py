"""Admin for saved tours: route on a map, stops inline (read-only timings: they come from the planner)."""
from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from gis_app.accounts.guarded_admin import GuardedAdmin

from .models import Tour, TourStop
from .saving import measure_route


class TourStopInline(admin.TabularInline):
    model = TourStop
    extra = 0
    fields = ["position", "name", "site", "producer", "visit_minutes", "arrival", "departure", "warnings"]
    readonly_fields = ["arrival", "departure", "warnings"]
    raw_id_fields = ["site", "producer"]

    def has_add_permission(self, request, obj=None):
        return False  # a stop's place and times come from the planner (/tours/), not from a bare form


@admin.register(Tour)
class TourAdmin(GuardedAdmin, LeafletGeoAdmin):
    list_display = ["name", "status", "distance_m", "total_seconds", "created_by", "updated_at"]
    list_filter = ["status", "drawn"]
    search_fields = ["name"]
    readonly_fields = ["distance_m", "drive_seconds", "visit_seconds", "total_seconds", "created_by"]
    inlines = [TourStopInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if obj.distance_m is None or "route" in form.changed_data:
            measure_route(obj)  # the totals are read-only here: without this a new tour could not be saved
        super().save_model(request, obj, form, change)
