"""GET /api/v1/events/: promotion events as GeoJSON; upcoming by default, or those overlapping `from`–`to`."""
import django_filters as filters
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gis_app.api.filters import RegistryFilterSet
from gis_app.api.records import GEOJSON_DIGITS, unit_fields, visible_products
from gis_app.api.resources import Resource, register
from gis_app.core.errors import InputError
from gis_app.core.geojson import AsGeoJSON  # RFC 7946 ring order
from gis_app.registry.models import Producer

from .models import Event


def event_rows(user):
    return Event.objects.visible_to(user)


def event_values(queryset, user, day, extra=()):
    products = visible_products(user).filter(events=OuterRef("pk")).order_by("pk").values("pk")
    producers = Producer.objects.visible_to(user).filter(events=OuterRef("pk")).order_by("pk").values("pk")
    return queryset.values(
        *extra, "id", "name", "name_en", "status", "kind", "description", "description_en", "starts_on",
        "ends_on", "organiser", "venue", "site_id", "url", **unit_fields(),
        geometry=AsGeoJSON("location", precision=GEOJSON_DIGITS),
        product_ids=ArraySubquery(products), producer_ids=ArraySubquery(producers),
    )


def event_properties(row):
    row["kind_label"] = str(Event.Kind(row["kind"]).label)
    row["starts_on"], row["ends_on"] = row["starts_on"].isoformat(), row["ends_on"].isoformat()
    return row


class EventFilterBase(RegistryFilterSet):
    kind = filters.ChoiceFilter(choices=Event.Kind.choices)
    product = filters.NumberFilter(field_name="products", distinct=True,
                                   label=gettext_lazy("shows this product (id)"))
    producer = filters.NumberFilter(field_name="producers", distinct=True,
                                    label=gettext_lazy("with this participating producer (id)"))
    search_fields = ("name", "name_en", "venue", "organiser")

    class Meta:
        model = Event
        fields = []

    def keep(self, queryset, name, value):
        return queryset  # read together in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        start, end = self.form.cleaned_data.get("from"), self.form.cleaned_data.get("to")
        if start and end and end < start:
            raise InputError("to", _("“to” (%(end)s) is before “from” (%(start)s).")
                             % {"end": end.isoformat(), "start": start.isoformat()})
        if start is None and end is None:
            start = timezone.localdate()  # upcoming by default: not over yet today
        return queryset.overlapping(start, end)


# "from" is a Python keyword: the filter set is built with type() so the parameter keeps its plain name.
EventFilter = type("EventFilter", (EventFilterBase,), {
    "from": filters.DateFilter(method="keep", label=gettext_lazy(
        "events still running on or after this day (YYYY-MM-DD); default today")),
    "to": filters.DateFilter(method="keep", label=gettext_lazy("events starting on or before this day")),
    "Meta": EventFilterBase.Meta,
})

EVENTS = Resource(event_rows, event_values, event_properties)


def register_api():
    """Called from EventsConfig.ready(): /api/v1/events/ and its detail."""
    register("events", EVENTS, EventFilter,
             list_summary="Fairs and promotion events (GeoJSON); upcoming unless from/to",
             detail_summary="Promotion event", list_url_name="api-events", detail_url_name="api-event")
