"""Promotion events in the admin: the registry's roles and moderation (GuardedAdmin), a map widget."""
from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from gis_app.accounts.guarded_admin import GuardedAdmin

from .models import Event


@admin.register(Event)
class EventAdmin(GuardedAdmin, LeafletGeoAdmin):
    list_display = ("name", "kind", "starts_on", "ends_on", "venue", "status")
    list_filter = ("kind", "status")
    search_fields = ("name__unaccent", "name_en", "venue__unaccent", "organiser__unaccent")
    autocomplete_fields = ("commune", "site", "producers", "products")
    date_hierarchy = "starts_on"
