"""The public map layer of published tours, declared here and registered into the catalogue of `layers` from
ToursConfig.ready() (layers sit below the record apps and import none of them)."""
from django.utils.translation import gettext_lazy as _

from layers.layer import Field, Filter, Layer, Style


def tours():
    """The published tours (registered by ToursConfig.ready(), before sales: the catalogue's order is kept)."""
    from .models import Tour

    return Layer(
        id="tours",
        title=_("Published tours"),
        description=_("Tour routes published by tourism planners, with their length and planned duration."),
        queryset=lambda: Tour.objects.published(),
        geometry="route",
        geometry_type="LineString",
        fields=(
            Field("id", "pk", "integer", _("identifier"), in_tiles=True),
            Field("name", title=_("name"), in_tiles=True),
            Field("description", title=_("description")),
            Field("distance_m", type="number", title=_("distance (m)"), in_tiles=True),
            Field("total_seconds", type="number", title=_("total time (s)")),
        ),
        filters=(Filter("name", "name", _("name (exactly)")),
                 Filter("name_contains", "name__unaccent__icontains", _("name contains (accents ignored)"))),
        style=Style("#7048e8", legend=_("Published tour")),
    )
