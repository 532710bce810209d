"""Admin for saved tours: route on a map, stops inline (read-only timings: they come from the planner)."""
from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from gis_app.accounts.guarded_admin import GuardedAdmin

from .models import Tour, TourStop


class TourStopInline(admin.TabularInline):
    model = TourStop
    extra = 0
    fields = ["position", "name", "site", "producer", "visit_minutes", "arrival", "departure", "warnings"]
    readonly_fields = ["arrival", "departure", "warnings"]
    raw_id_fields = ["site", "producer"]


@admin.register(Tour)
class TourAdmin(GuardedAdmin, LeafletGeoAdmin):
    list_display = ["name", "status", "distance_m", "total_seconds", "created_by", "updated_at"]
    list_filter = ["status", "drawn"]
    search_fields = ["name"]
    readonly_fields = ["distance_m", "drive_seconds", "visit_seconds", "total_seconds", "created_by"]
    inlines = [TourStopInline]
