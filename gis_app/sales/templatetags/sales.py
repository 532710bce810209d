"""{% site_sales site as sales %}: what the points of sale at a tourism site (an OCOP showroom) sell."""
from django import template

from gis_app.core.bilingual import localized
from gis_app.registry.models import Product

from ..models import PointOfSale

register = template.Library()


@register.simple_tag
def site_sales(site):
    """[{"outlet", "products": [{"id", "name", "stars", "producer"}]}] for the published points of sale at `site`;
    only published products of published producers."""
    result = []
    for outlet in PointOfSale.objects.published().filter(site=site).order_by("name"):
        products = (Product.objects.published().filter(points_of_sale=outlet).with_current_stars()
                    .select_related("producer", "subgroup__group").order_by("name"))
        result.append({"outlet": outlet, "name": localized(outlet, "name"), "products": [
            {"id": p.pk, "name": localized(p, "name"), "stars": p.current_stars, "producer": p.producer.name,
             "group": localized(p.subgroup.group, "name")} for p in products]})
    return result
