"""Points of sale in the admin: the registry's roles and moderation (GuardedAdmin), a map widget, products."""
from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from gis_app.accounts.guarded_admin import GuardedAdmin
from gis_app.core.phone_search import PhoneSearchMixin

from .models import PointOfSale


@admin.register(PointOfSale)
class PointOfSaleAdmin(PhoneSearchMixin, GuardedAdmin, LeafletGeoAdmin):
    list_display = ("name", "kind", "commune", "site", "status", "updated_at")
    list_filter = ("kind", "status")
    search_fields = ("name__unaccent", "name_en", "address__unaccent", "producer__ref")
    phone_search_fields = ("phone",)
    autocomplete_fields = ("commune", "site", "producer", "products")
    list_select_related = ("commune", "site")
