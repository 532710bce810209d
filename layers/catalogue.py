"""The public layers of OCOP-GIS, each declared once.

Vector tiles, OGC API – Features, file exports and map legends all read these
declarations: adding a layer is adding one `Layer(...)` to `_declare()`.
Only published records are public, and only the fields listed here leave the
server (never a household's private phone or e-mail).
"""
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from gis_app.core.errors import InputError

from .layer import Field, Filter, Layer, Style, parse_whole


def _producers():
    from gis_app.registry.models import Producer

    return Layer(
        id="producers",
        title=_lazy("OCOP producers"),
        description=_lazy("Enterprises, cooperatives, cooperative groups and household businesses that own "
                          "OCOP products, at their place of production."),
        queryset=lambda: Producer.objects.published(),
        geometry="location",
        geography=True,
        geometry_type="Point",
        fields=(
            Field("id", "pk", "integer", _lazy("identifier"), in_tiles=True),
            Field("ref", title=_lazy("registry code")),
            Field("name", title=_lazy("name"), in_tiles=True),
            Field("legal_form", title=_lazy("legal form"), in_tiles=True),
            Field("address", title=_lazy("address")),
            Field("commune_code", "commune__code", title=_lazy("commune code")),
            Field("commune", "commune__name", title=_lazy("commune")),
            Field("representative", title=_lazy("representative")),
            Field("public_phone", title=_lazy("phone")),
            Field("public_email", title=_lazy("e-mail")),
            Field("website", title=_lazy("website")),
        ),
        filters=(
            Filter("legal_form", "legal_form", _lazy("legal form"),
                   choices=tuple(Producer.LegalForm.values)),
            Filter("commune_code", "commune__code", _lazy("commune code")),
            Filter("name", "name__unaccent__icontains", _lazy("name contains (accents ignored)")),
        ),
        style=Style("#d9480f", icon="shop", legend=_lazy("OCOP producer")),
    )


def _products():
    from gis_app.registry.models import Producer, Product, Status

    return Layer(
        id="products",
        title=_lazy("OCOP products"),
        description=_lazy("Published OCOP products, placed at their producer's location, with the stars of "
                          "their recognition in force today."),
        queryset=lambda: Product.objects.published().filter(producer__status=Status.PUBLISHED)
        .with_current_stars(),
        geometry="producer__location",
        geography=True,
        geometry_type="Point",
        tables=(Product, Producer),
        fields=(
            Field("id", "pk", "integer", _lazy("identifier"), in_tiles=True),
            Field("ref", title=_lazy("registry code")),
            Field("name", title=_lazy("name"), in_tiles=True),
            Field("stars", "current_stars", "integer", _lazy("stars in force"), in_tiles=True),
            Field("group", "subgroup__group__code", title=_lazy("product group")),
            Field("subgroup", "subgroup__code", title=_lazy("product sub-group")),
            Field("producer_id", "producer_id", "integer", _lazy("producer")),
            Field("producer", "producer__name", title=_lazy("producer name")),
            Field("commune", "producer__commune__name", title=_lazy("commune")),
        ),
        filters=(
            Filter("stars", "current_stars", _lazy("stars in force"), parse=parse_whole),
            Filter("min_stars", "current_stars__gte", _lazy("at least this many stars"), parse=parse_whole),
            Filter("group", "subgroup__group__code", _lazy("product group code")),
            Filter("subgroup", "subgroup__code", _lazy("product sub-group code")),
            Filter("commune_code", "producer__commune__code", _lazy("commune code")),
            Filter("name", "name__unaccent__icontains", _lazy("name contains (accents ignored)")),
        ),
        style=Style("#f08c00", icon="star", legend=_lazy("OCOP product (at its producer)")),
    )


def _craft_villages():
    from gis_app.registry.models import CraftVillage

    return Layer(
        id="craft_villages",
        title=_lazy("Craft villages"),
        description=_lazy("Recognised craft villages (làng nghề) and their areas."),
        queryset=lambda: CraftVillage.objects.published(),
        geometry="area",
        geometry_type="MultiPolygon",
        fields=(
            Field("id", "pk", "integer", _lazy("identifier"), in_tiles=True),
            Field("name", title=_lazy("name"), in_tiles=True),
            Field("craft", title=_lazy("craft"), in_tiles=True),
            Field("recognition_year", type="integer", title=_lazy("recognition year")),
            Field("commune", "commune__name", title=_lazy("commune")),
            Field("description", title=_lazy("description")),
        ),
        filters=(
            Filter("craft", "craft__unaccent__icontains", _lazy("craft contains (accents ignored)")),
        ),
        style=Style("#7048e8", icon="village", fill_opacity=0.25, legend=_lazy("Craft village")),
    )


def _tourism_sites():
    from gis_app.registry.models import TourismSite

    return Layer(
        id="tourism_sites",
        title=_lazy("Tourism sites"),
        description=_lazy("Orchards, eco-tourism sites, homestays, OCOP showrooms, craft-village visits and "
                          "heritage sites."),
        queryset=lambda: TourismSite.objects.published(),
        geometry="location",
        geography=True,
        geometry_type="Point",
        fields=(
            Field("id", "pk", "integer", _lazy("identifier"), in_tiles=True),
            Field("name", title=_lazy("name"), in_tiles=True),
            Field("kind", title=_lazy("kind"), in_tiles=True),
            Field("address", title=_lazy("address")),
            Field("commune", "commune__name", title=_lazy("commune")),
            Field("opening_note", title=_lazy("opening hours")),
            Field("visit_minutes", type="integer", title=_lazy("typical visit (minutes)")),
            Field("phone", title=_lazy("phone")),
            Field("website", title=_lazy("website")),
        ),
        filters=(
            Filter("kind", "kind", _lazy("kind"), choices=tuple(TourismSite.Kind.values)),
            Filter("service", "services__contains", _lazy("offers this service"),
                   parse=lambda name, value: [str(value).strip()]),
            Filter("commune_code", "commune__code", _lazy("commune code")),
        ),
        style=Style("#2f9e44", icon="attraction", legend=_lazy("Tourism site")),
    )


def _admin_units():
    from gis_app.places.models import AdminUnit

    return Layer(
        id="admin_units",
        title=_lazy("Administrative units"),
        description=_lazy("Province, districts and communes of the programme, as in force on the registry's "
                          "unit date."),
        queryset=lambda: AdminUnit.objects.valid_on(settings.OCOP_UNITS_AS_OF),
        geometry="geom",
        geometry_type="MultiPolygon",
        fields=(
            Field("id", "pk", "integer", _lazy("identifier"), in_tiles=True),
            Field("code", title=_lazy("official code"), in_tiles=True),
            Field("name", title=_lazy("name"), in_tiles=True),
            Field("level", title=_lazy("level"), in_tiles=True),
            Field("kind", title=_lazy("kind")),
            Field("parent_code", "parent__code", title=_lazy("parent unit code")),
            Field("valid_from", type="date", title=_lazy("valid from")),
            Field("valid_to", type="date", title=_lazy("valid until")),
        ),
        filters=(
            Filter("level", "level", _lazy("level"), choices=tuple(AdminUnit.Level.values)),
            Filter("parent_code", "parent__code", _lazy("parent unit code")),
        ),
        style=Style("#495057", fill_opacity=0.0, legend=_lazy("Administrative boundary")),
    )


def _roads():
    from gis_app.roads.models import RoadEdge

    return Layer(
        id="roads",
        title=_lazy("Roads"),
        description=_lazy("The road network used to plan tours (from OpenStreetMap); empty until imported."),
        queryset=lambda: RoadEdge.objects.all(),
        geometry="geom",
        geometry_type="LineString",
        fields=(
            Field("id", "pk", "integer", _lazy("identifier"), in_tiles=True),
            Field("name", title=_lazy("name"), in_tiles=True),
            Field("road_class", title=_lazy("road class"), in_tiles=True),
            Field("length_m", type="number", title=_lazy("length (m)")),
            Field("speed_kmh", type="number", title=_lazy("speed (km/h)")),
        ),
        filters=(Filter("road_class", "road_class", _lazy("road class (OSM highway tag)")),),
        style=Style("#868e96", legend=_lazy("Road")),
        min_zoom=10,
    )


# Published tours: the tours app (gis_app/tours) declares its Tour model in a parallel branch.
# When it exists, add here one declaration like the others, e.g.
#   Layer(id="tours", queryset=lambda: Tour.objects.published(), geometry="route", geometry_type="LineString",
#         fields=(Field("id", "pk", "integer", in_tiles=True), Field("name", in_tiles=True), ...), style=...)
# Nothing else (tiles, OGC API, exports, legends) needs to change.
_DECLARATIONS = (_producers, _products, _craft_villages, _tourism_sites, _admin_units, _roads)

_layers = None


def all_layers():
    """The public layers, in catalogue order."""
    global _layers
    if _layers is None:
        _layers = {layer.id: layer for layer in (declare() for declare in _DECLARATIONS)}
    return list(_layers.values())


def get_layer(layer_id, field="layer"):
    """The layer with this id, or a 404 InputError naming it."""
    all_layers()
    try:
        return _layers[layer_id]
    except KeyError:
        raise InputError(field, _("Unknown layer “%(layer)s”. Known layers: %(known)s.")
                         % {"layer": layer_id, "known": ", ".join(_layers)}, status_code=404)


def legend():
    """[{id, title, colour, icon, …}] for map legends, in the request's language."""
    return [
        {"id": layer.id, "title": str(layer.title), "label": str(layer.style.legend), "colour": layer.style.colour,
         "icon": layer.style.icon, "fill_opacity": layer.style.fill_opacity, "geometry_type": layer.geometry_type}
        for layer in all_layers()
    ]

