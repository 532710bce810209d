"""The supply page (/supply/): staff choose filters and see clusters, collection points and catchments."""
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from gis_app.registry.models import ProductGroup, ProductSubgroup
from gis_app.places.models import AdminUnit


@method_decorator(staff_member_required, name="dispatch")
class SupplyPage(TemplateView):
    template_name = "supply/page.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            groups=ProductGroup.objects.select_related("version").prefetch_related("subgroups"),
            districts=AdminUnit.objects.filter(level=AdminUnit.Level.DISTRICT).order_by("name"),
            tiles_url=settings.OCOP_TILES_URL,
            **kwargs,
        )
