"""The public layers of OCOP-GIS, each declared once.

Vector tiles, OGC API – Features, file exports and map legends all read these
declarations. The registry's own layers are declared here; another app declares its layer in its own
module and registers it from its AppConfig.ready() with `register(declare)` (as gis_app/sales/layers.py does).
Only published records are public, and only the fields listed here leave the
server (never a household's private phone or e-mail). A field with an English rendering on its model
(`name_en`, `description_en`: gis_app/core/bilingual.py) is declared with it, next to it, so tiles, OGC API and
exports carry both (`""` when no English was entered, as in the REST API); tests/layers/test_english_fields.py
fails when a layer leaves one out.
"""
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gis_app.core.errors import InputError

from .layer import Field, Filter, Layer, Style
from .units import unit_fields, units_filter


def _producers():
    from gis_app.registry.models import Producer

    return Layer(
        id="producers",
        title=_("OCOP producers"),
        description=_("Enterprises, cooperatives, cooperative groups and household businesses that own "
                          "OCOP products, at their place of production."),
        queryset=lambda: Producer.objects.published(),
        geometry="location",
        geography=True,
        geometry_type="Point",
        fields=(
            Field("id", "pk", "integer", _("identifier"), in_tiles=True),
            Field("ref", title=_("registry code")),
            Field("name", title=_("name"), in_tiles=True),
            Field("legal_form", title=_("legal form"), in_tiles=True),
            Field("address", title=_("address")),
            Field("commune_code", "commune__code", title=_("commune code")),
            Field("commune", "commune__name", title=_("commune")),
            *unit_fields(),
            Field("representative", title=_("representative")),
            Field("public_phone", title=_("phone")),
            Field("public_email", title=_("e-mail")),
            Field("website", title=_("website")),
        ),
        filters=(
            Filter("legal_form", "legal_form", _("legal form"),
                   choices=tuple(Producer.LegalForm.values)),
            Filter("commune_code", "commune__code", _("commune code")),
            Filter("name", "name", _("name (exactly)")),
            Filter("name_contains", "name__unaccent__icontains", _("name contains (accents ignored)")),
            units_filter("commune", "location"),
        ),
        style=Style("#d9480f", icon="shop", legend=_("OCOP producer")),
    )


def _products():
    from gis_app.registry.models import Evaluation, Producer, Product

    return Layer(
        id="products",
        title=_("OCOP products"),
        description=_("Published OCOP products, placed at their producer's location, with the stars of "
                          "their recognition in force today."),
        # Only OCOP products today: a recognition decision in force (expired, revoked and candidate products are
        # not), the rule of gis_app/registry/recognition.py, so tiles, OGC pages and exports follow it.
        queryset=lambda: Product.objects.published().ocop(),
        geometry="producer__location",
        geography=True,
        geometry_type="Point",
        tables=(Product, Producer, Evaluation),  # stars come from evaluations
        fields=(
            Field("id", "pk", "integer", _("identifier"), in_tiles=True),
            Field("ref", title=_("registry code")),
            Field("name", title=_("name"), in_tiles=True),
            Field("name_en", title=_("name (English)"), in_tiles=True),
            Field("stars", "current_stars", "integer", _("stars in force"), in_tiles=True),
            Field("group", "subgroup__group__code", title=_("product group")),
            Field("subgroup", "subgroup__code", title=_("product sub-group")),
            Field("producer_id", "producer_id", "integer", _("producer")),
            Field("producer", "producer__name", title=_("producer name")),
            Field("commune", "producer__commune__name", title=_("commune")),
            *unit_fields(),
        ),
        filters=(
            Filter("stars", "current_stars", _("stars in force"), kind="stars"),
            Filter("min_stars", "current_stars__gte", _("at least this many stars"), kind="stars"),
            Filter("group", "subgroup__group__code", _("product group code")),
            Filter("subgroup", "subgroup__code", _("product sub-group code")),
            Filter("commune_code", "producer__commune__code", _("commune code")),
            Filter("name", "name", _("name (exactly)")),
            Filter("name_contains", "name__unaccent__icontains", _("name contains (accents ignored)")),
            units_filter("producer__commune", "producer__location"),
        ),
        style=Style("#f08c00", icon="star", legend=_("OCOP product (at its producer)")),
    )


def _craft_villages():
    from gis_app.registry.models import CraftVillage

    return Layer(
        id="craft_villages",
        title=_("Craft villages"),
        description=_("Recognised craft villages (làng nghề) and their areas."),
        queryset=lambda: CraftVillage.objects.published(),
        geometry="area",
        geometry_type="MultiPolygon",
        fields=(
            Field("id", "pk", "integer", _("identifier"), in_tiles=True),
            Field("name", title=_("name"), in_tiles=True),
            Field("name_en", title=_("name (English)"), in_tiles=True),
            Field("craft", title=_("craft"), in_tiles=True),
            Field("recognition_year", type="integer", title=_("recognition year")),
            Field("commune", "commune__name", title=_("commune")),
            *unit_fields(),
            Field("description", title=_("description")),
            Field("description_en", title=_("description (English)")),
        ),
        filters=(
            Filter("craft", "craft", _("craft (exactly)")),
            Filter("craft_contains", "craft__unaccent__icontains", _("craft contains (accents ignored)")),
            units_filter("commune", "area", area=True),
        ),
        style=Style("#7048e8", icon="village", fill_opacity=0.25, legend=_("Craft village")),
    )


def _tourism_sites():
    from gis_app.registry.models import TourismSite

    return Layer(
        id="tourism_sites",
        title=_("Tourism sites"),
        description=_("Orchards, eco-tourism sites, homestays, OCOP showrooms, craft-village visits and "
                          "heritage sites."),
        queryset=lambda: TourismSite.objects.published(),
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
            Field("visit_minutes", type="integer", title=_("typical visit (minutes)")),
            Field("phone", title=_("phone")),
            Field("website", title=_("website")),
        ),
        filters=(
            Filter("kind", "kind", _("kind"), choices=tuple(TourismSite.Kind.values)),
            Filter("service", "services__contains", _("offers this service"),
                   kind="array_member", choices=tuple(TourismSite.Service.values)),
            Filter("commune_code", "commune__code", _("commune code")),
            units_filter("commune", "location"),
        ),
        style=Style("#2f9e44", icon="attraction", legend=_("Tourism site")),
    )


def _admin_units():
    from gis_app.places.dates import report_day
    from gis_app.places.models import AdminUnit

    return Layer(
        id="admin_units",
        title=_("Administrative units"),
        description=_("Province, districts and communes of the programme, as in force today (any earlier day "
                      "with on=YYYY-MM-DD)."),
        queryset=lambda: AdminUnit.objects.all(),
        geometry="geom",
        geometry_type="MultiPolygon",
        fields=(
            Field("id", "pk", "integer", _("identifier"), in_tiles=True),
            Field("code", title=_("official code"), in_tiles=True),
            Field("name", title=_("name"), in_tiles=True),
            Field("level", title=_("level"), in_tiles=True),
            Field("kind", title=_("kind")),
            Field("parent_code", "parent__code", title=_("parent unit code")),
            Field("valid_from", type="date", title=_("valid from")),
            Field("valid_to", type="date", title=_("in force before")),  # the first day it no longer exists
            Field("shape_source", title=_("source of the boundary")),  # the demo's shapes say so (#24)
        ),
        filters=(
            Filter("level", "level", _("level"), choices=tuple(AdminUnit.Level.values)),
            Filter("parent_code", "parent__code", _("parent unit code")),
            Filter("on", "valid_from", _("units in force on this day (default today)"), kind="date",
                   method=lambda units, day: units.valid_on(day), default=report_day),
        ),
        style=Style("#495057", fill_opacity=0.0, legend=_("Administrative boundary")),
    )


def _roads():
    from gis_app.roads.models import RoadEdge

    return Layer(
        id="roads",
        title=_("Roads"),
        description=_("The road network used to plan tours (from OpenStreetMap); empty until imported."),
        queryset=lambda: RoadEdge.objects.all(),
        geometry="geom",
        geometry_type="LineString",
        fields=(
            Field("id", "pk", "integer", _("identifier"), in_tiles=True),
            Field("name", title=_("name"), in_tiles=True),
            Field("road_class", title=_("road class"), in_tiles=True),
            Field("length_m", type="number", title=_("length (m)")),
            Field("speed_kmh", type="number", title=_("speed (km/h)")),
        ),
        filters=(Filter("road_class", "road_class", _("road class (OSM highway tag)")),),
        style=Style("#868e96", legend=_("Road")),
        min_zoom=10,
    )


_DECLARATIONS = [_producers, _products, _craft_villages, _tourism_sites, _admin_units, _roads]  # then the apps' own: tours, sales, events… (their AppConfig.ready())

_layers = None


def register(declare):
    """Add a layer declared by another app: `declare()` returns its `Layer` (built on first use, once models
    and translations are ready). Call from the app's AppConfig.ready(); layers follow in registration order."""
    if _layers is not None:
        raise RuntimeError("layers are registered from AppConfig.ready(), before the catalogue is first read")
    _DECLARATIONS.append(declare)


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
        raise InputError(field, gettext("Unknown layer “%(layer)s”. Known layers: %(known)s.")
                         % {"layer": layer_id, "known": ", ".join(_layers)}, status_code=404)


def legend():
    """[{id, title, colour, icon, …}] for map legends, in the request's language."""
    return [
        {"id": layer.id, "title": str(layer.title), "label": str(layer.style.legend), "colour": layer.style.colour,
         "icon": layer.style.icon, "fill_opacity": layer.style.fill_opacity, "geometry_type": layer.geometry_type}
        for layer in all_layers()
    ]

