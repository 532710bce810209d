"""Admin for saved tours: route on a map, stops inline (read-only timings: they come from the planner).

Lengths and times read as on the tour page (12,5 km; 1 giờ 05 phút), not as stored floats of metres/seconds.
"""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from gis_app.accounts.guarded_admin import GuardedAdmin

from .formatting import duration, km
from .models import Tour, TourStop, TourTheme
from .saving import measure_route


class TourStopInline(admin.TabularInline):
    model = TourStop
    extra = 0
    fields = ["position", "day", "name", "site", "producer", "visit_minutes", "arrival", "departure", "leg",
              "overnight", "warnings"]
    readonly_fields = ["day", "arrival", "departure", "leg", "overnight", "warnings"]
    raw_id_fields = ["site", "producer"]

    @admin.display(description=_("drive from the previous stop"))
    def leg(self, stop):
        return f"{duration(stop.leg_seconds)} · {km(stop.leg_metres)}" if stop.position and stop.position > 1 else "—"

    def has_add_permission(self, request, obj=None):
        return False  # a stop's place and times come from the planner (/tours/), not from a bare form


@admin.register(Tour)
class TourAdmin(GuardedAdmin, LeafletGeoAdmin):
    list_display = ["name", "status", "distance", "total_time", "created_by", "updated_at"]
    list_filter = ["status", "drawn", "themes"]
    filter_horizontal = ["themes"]
    search_fields = ["name"]
    exclude = ["distance_m", "drive_seconds", "visit_seconds", "total_seconds"]
    readonly_fields = ["distance", "drive_time", "visit_time", "total_time", "created_by"]
    inlines = [TourStopInline]

    @admin.display(description=_("distance"), ordering="distance_m")
    def distance(self, tour):
        return km(tour.distance_m)

    @admin.display(description=_("driving time"), ordering="drive_seconds")
    def drive_time(self, tour):
        return duration(tour.drive_seconds)

    @admin.display(description=_("visiting time"), ordering="visit_seconds")
    def visit_time(self, tour):
        return duration(tour.visit_seconds)

    @admin.display(description=_("total time"), ordering="total_seconds")
    def total_time(self, tour):
        return duration(tour.total_seconds)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if obj.distance_m is None or "route" in form.changed_data:
            measure_route(obj)  # the totals are read-only here: without this a new tour could not be saved
        super().save_model(request, obj, form, change)


@admin.register(TourTheme)
class TourThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "position"]
    search_fields = ["code", "name_vi", "name_en"]
