"""Promotion events in the admin: the registry's roles and moderation (GuardedAdmin), a map widget.

A producer account proposes events for its own producer (`proposed_by`, set for it and read-only), which a
provincial officer publishes; it sees and changes only the events it proposed.
"""
from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from gis_app.accounts import rules
from gis_app.accounts.guarded_admin import GuardedAdmin
from gis_app.places.admin import UnitLabelsMixin
from gis_app.places.agencies import agency_on

from .models import Event


@admin.register(Event)
class EventAdmin(UnitLabelsMixin, GuardedAdmin, LeafletGeoAdmin):
    list_display = ("name", "kind", "starts_on", "ends_on", "venue", "status")
    list_filter = ("kind", "status")
    search_fields = ("name__unaccent", "name_en", "venue__unaccent", "organiser__unaccent")
    autocomplete_fields = ("commune", "site", "producers", "products", "proposed_by")

    def get_changeform_initial_data(self, request):
        # A new event's organiser is proposed as the programme's agency of today, named as it is today
        # (places/agencies.py: "Sở Nông nghiệp và Môi trường Thành phố Hồ Chí Minh" since 01/07/2025).
        initial = super().get_changeform_initial_data(request)
        agency = agency_on(None, "agriculture")
        if agency is not None:
            initial.setdefault("organiser", agency.name)
        return initial

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not rules.may_moderate(request.user):
            fields.append("proposed_by")  # set from the account (rules.claim_for_producer), never chosen
        return fields

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.include_proposer()
    date_hierarchy = "starts_on"
