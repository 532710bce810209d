"""The public map layer of points of sale (tiles, OGC API – Features, exports, legends): its shape, declared here
and registered into the catalogue of `layers` from SalesConfig.ready()."""
from django.utils.translation import gettext_lazy as _

from layers.layer import Field, Filter, Layer, Style
from layers.units import unit_fields, units_filter


def points_of_sale():
    """The public points of sale with a place (registered by SalesConfig.ready())."""
    from .models import PointOfSale

    return Layer(
        id="points_of_sale",
        title=_("Points of sale"),
        description=_("Where OCOP products are sold: OCOP showrooms, shops, supermarkets, market stalls and "
                          "producers' own shops (online shops have no place and are not on the map)."),
        queryset=lambda: PointOfSale.objects.published().filter(location__isnull=False),
        geometry="location",
        geography=True,
        geometry_type="Point",
        fields=(
            Field("id", "pk", "integer", _("identifier"), in_tiles=True),
            Field("name", title=_("name"), in_tiles=True),
            Field("name_en", title=_("name (English)"), in_tiles=True),
            Field("kind", title=_("kind"), in_tiles=True),
            Field("address", title=_("address")),
            Field("commune", "commune__name", title=_("commune")),
            *unit_fields(),
            Field("opening_note", title=_("opening hours")),
            Field("phone", title=_("phone")),
            Field("url", title=_("web address")),
        ),
        filters=(
            Filter("kind", "kind", _("kind"), choices=tuple(PointOfSale.Kind.values)),
            Filter("commune_code", "commune__code", _("commune code")),
            Filter("name", "name__unaccent__icontains", _("name contains (accents ignored)")),
            units_filter("commune", "location"),
        ),
        style=Style("#0c8599", icon="shop", legend=_("Point of sale of OCOP products")),
    )
