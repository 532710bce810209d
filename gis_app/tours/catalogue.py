"""The visitors' catalogue of published tours (/tours/): its filters, the tours they keep, and each card's facts.

Only `Tour.objects.published()` tours, and of their stops only the public ones (`TourStopQuerySet.with_public`),
as on the tour page: a stop whose site or producer was unpublished later counts for no filter and gives no photo.
"""
import datetime

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gis_app.core import geojson
from gis_app.core.errors import InputError
from gis_app.core.spatial import count_of
from gis_app.photos.models import Photo
from gis_app.places.area import area_units
from gis_app.places.dates import report_day
from gis_app.places.models import AdminUnit
from gis_app.registry.models import CraftVillage, TourismSite

from .models import Tour, TourStop, TourTheme

DAY_CHOICES = (("1", gettext_lazy("One day")), ("2", gettext_lazy("Two days")),
               ("3", gettext_lazy("Three days or more")))
# Length bands in km, (low, high]: a value of the `length` parameter is "low-high" ("150-" has no upper end).
LENGTH_BANDS = ((0, 25), (25, 75), (75, 150), (150, None))
FLAGS = ("producers", "craft_villages")
ROUTE_TOLERANCE = 0.0002  # degrees (about 20 m): the catalogue map draws simplified routes
PAGE_SIZE = 12  # cards a page


def length_choices():
    """(value, label) of each length band, labelled in the active language."""
    choices = []
    for low, high in LENGTH_BANDS:
        if not low:
            label = _("Up to %(high)s km") % {"high": high}
        elif high is None:
            label = _("More than %(low)s km") % {"low": low}
        else:
            label = _("%(low)s–%(high)s km") % {"low": low, "high": high}
        choices.append((f"{low}-{high or ''}", label))
    return choices


def public_stops():
    """Stops a visitor sees: at a published site or producer, or given by coordinates."""
    return TourStop.objects.with_public().filter(public=True)


def _communes(day=None):
    """The programme area's wards and communes of `day` (#24: today's units by default, `?units_on=` else)."""
    return area_units(report_day(day), AdminUnit.Level.COMMUNE)


def commune_choices(day=None):
    """The wards and communes of `day` (today) where a published tour has a public stop, by name, each labelled
    with its kind and parent (`label_on`)."""
    stops = public_stops().filter(tour__in=Tour.objects.published(), location__coveredby=OuterRef("geom"))
    return list(_communes(day).filter(Exists(stops)).with_labels(report_day(day)).order_by("name", "code"))


def theme_choices():
    """Every tour theme (reference data), in its order; `name` follows the active language."""
    return list(TourTheme.objects.all())


def parse_filters(params):
    """The catalogue's filters from the query string, checked: {"days", "length", "theme", "commune", "producers",
    "craft_villages"} (empty strings when not given); raises InputError naming a parameter with a bad value."""
    filters = {"days": params.get("days", ""), "length": params.get("length", ""), "theme": params.get("theme", ""),
               "commune": params.get("commune", ""), "units_on": params.get("units_on", "")}
    day = None
    if filters["units_on"]:
        try:
            day = datetime.date.fromisoformat(filters["units_on"].strip())
        except ValueError:
            raise InputError("units_on", _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": filters["units_on"]})
    filters["day"] = report_day(day)
    if filters["days"] and filters["days"] not in dict(DAY_CHOICES):
        raise InputError("days", _("Choose one, two, or three days or more."))
    if filters["length"] and filters["length"] not in {f"{low}-{high or ''}" for low, high in LENGTH_BANDS}:
        raise InputError("length", _("Choose one of the listed lengths."))
    if filters["theme"] and not TourTheme.objects.filter(code=filters["theme"]).exists():
        raise InputError("theme", _("No tour theme has the code “%(code)s”.") % {"code": filters["theme"]})
    if filters["commune"] and not _communes(filters["day"]).filter(code=filters["commune"]).exists():
        raise InputError("commune", _("No commune has the code “%(code)s”.") % {"code": filters["commune"]})
    for flag in FLAGS:
        value = params.get(flag, "")
        if value not in ("", "1"):
            raise InputError(flag, _("This filter is either on (1) or off."))
        filters[flag] = value
    return filters


def _stops_of_tour():
    return public_stops().filter(tour=OuterRef("pk"))


def _days_condition(value):
    days = int(value)
    return Q(day_count__gte=days) if days == 3 else Q(day_count=days)


def _length_condition(value):
    low, high = value.split("-")
    condition = Q(distance_m__gt=int(low) * 1000)
    return condition & Q(distance_m__lte=int(high) * 1000) if high else condition


def _theme_condition(code):
    """The tour has the theme `code` (EXISTS on the link table: no join that would count a tour twice)."""
    links = Tour.themes.through.objects.filter(tour=OuterRef("pk"), tourtheme__code=code)
    return Q(Exists(links))


def _in_area(geom):
    return Q(Exists(_stops_of_tour().filter(location__coveredby=geom)))


def _producers_condition():
    return Q(Exists(_stops_of_tour().filter(producer__isnull=False)))


def _craft_villages_condition():
    villages = CraftVillage.objects.published().filter(area__covers=OuterRef("location"))
    return Q(Exists(_stops_of_tour().filter(Q(site__kind=TourismSite.Kind.CRAFT_VILLAGE) | Q(Exists(villages)))))


def _conditions(filters):
    """{filter name: its condition on `_published_tours()`} for each filter given in `filters`."""
    conditions = {}
    if filters.get("days"):
        conditions["days"] = _days_condition(filters["days"])
    if filters.get("length"):
        conditions["length"] = _length_condition(filters["length"])
    if filters.get("theme"):
        conditions["theme"] = _theme_condition(filters["theme"])
    if filters.get("commune"):
        conditions["commune"] = _in_area(_communes(filters.get("day")).get(code=filters["commune"]).geom)
    if filters.get("producers"):
        conditions["producers"] = _producers_condition()
    if filters.get("craft_villages"):
        conditions["craft_villages"] = _craft_villages_condition()
    return conditions


def _published_tours():
    """Published tours annotated with `day_count` and `stop_count` over their public stops."""
    per_tour = _stops_of_tour().order_by().values("tour")
    return Tour.objects.published().annotate(
        day_count=Coalesce(Subquery(per_tour.annotate(n=Max("day")).values("n")), 1, output_field=IntegerField()),
        stop_count=Coalesce(Subquery(per_tour.annotate(n=Count("pk")).values("n")), 0,
                            output_field=IntegerField()))


def _filtered(conditions, leave_out=None):
    tours = _published_tours()
    for name, condition in conditions.items():
        if name != leave_out:
            tours = tours.filter(condition)
    return tours


def catalogue_tours(filters):
    """Published tours matching `filters` (from `parse_filters`), by name, each annotated with `day_count` and
    `stop_count` over its public stops, their themes prefetched (one query a page)."""
    return _filtered(_conditions(filters)).order_by("name", "pk").prefetch_related("themes")


def facet_counts(filters, communes, themes=()):
    """For each option of each filter, how many tours the catalogue would list were that option chosen, the
    other filters staying as they are (faceted counts): {"days": {value: n}, "length": {value: n},
    "theme": {code: n} for the TourTheme records `themes`, "commune": {code: n} for the units in `communes`,
    "producers": n, "craft_villages": n}.

    In SQL: one query per filter, every option of it a conditional COUNT (a correlated count per commune), never
    a loop over the tours."""
    conditions = _conditions(filters)
    days = _filtered(conditions, "days").aggregate(**{
        f"o{value}": Count("pk", filter=_days_condition(value)) for value, _label in DAY_CHOICES})
    bands = [f"{low}-{high or ''}" for low, high in LENGTH_BANDS]
    lengths = _filtered(conditions, "length").aggregate(**{
        f"o{index}": Count("pk", filter=_length_condition(value)) for index, value in enumerate(bands)})
    themes = [theme.code for theme in themes]
    by_theme = _filtered(conditions, "theme").aggregate(**{
        f"o{index}": Count("pk", filter=_theme_condition(code)) for index, code in enumerate(themes)}) if themes else {}
    flags = {}
    for flag, condition in (("producers", _producers_condition), ("craft_villages", _craft_villages_condition)):
        flags[flag] = _filtered(conditions, flag).filter(condition()).count()
    others = _filtered(conditions, "commune").order_by()
    per_commune = dict(AdminUnit.objects.filter(pk__in=[unit.pk for unit in communes]).annotate(
        n=count_of(others.filter(_in_area(OuterRef(OuterRef("geom")))))).values_list("code", "n"))
    return {"days": {value: days[f"o{value}"] for value, _label in DAY_CHOICES},
            "length": {value: lengths[f"o{index}"] for index, value in enumerate(bands)},
            "theme": {code: by_theme[f"o{index}"] for index, code in enumerate(themes)},
            "commune": per_commune, **flags}


def parse_page(value):
    """The page number asked for (1 when none); a 400 naming `page` for anything but a whole number from 1."""
    if value in (None, ""):
        return 1
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise InputError("page", _("The page must be a whole number from 1, not “%(value)s”.") % {"value": value})
    return number


def first_photos(tours):
    """{tour id: Photo} for each of `tours` with a photo: the first shown photo of its first public stop at a
    site that has one (the photo its page gives to shared links)."""
    sites = {}
    for tour_id, site_id in (public_stops().filter(tour__in=[t.pk for t in tours], site__isnull=False)
                             .order_by("tour", "position").values_list("tour", "site")):
        sites.setdefault(tour_id, []).append(site_id)
    photos = {}
    for photo in Photo.objects.shown().filter(site__in={s for ids in sites.values() for s in ids}).order_by(
            "position", "pk"):
        photos.setdefault(photo.site_id, photo)
    return {tour_id: next(photos[s] for s in ids if s in photos) for tour_id, ids in sites.items()
            if any(s in photos for s in ids)}


def map_features(tours):
    """The tours as a GeoJSON FeatureCollection of simplified routes, with id and name."""
    return geojson.collection(
        geojson.feature(t.route.simplify(ROUTE_TOLERANCE, preserve_topology=True), {"name": t.name}, id=t.pk)
        for t in tours)
