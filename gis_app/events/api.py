"""GET /api/v1/events/: promotion events as GeoJSON; upcoming by default, or those overlapping `from`–`to`.

POST /api/v1/events/: an account proposes an event under the admin's rules (accounts.rules, moderation): a
producer account's event speaks for its producer (`proposed_by`), is "submitted" and waits until a provincial
officer publishes it; until then only that account and staff see it.
"""
import django_filters as filters
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework_gis.fields import GeometryField

from gis_app.accounts import moderation, rules
from gis_app.api.filters import RegistryFilterSet
from gis_app.api.records import GEOJSON_DIGITS, unit_fields, visible_products
from gis_app.api.resources import Resource, register
from gis_app.api.writes import ERROR, JSON, edited, refuse, writer
from gis_app.core.errors import InputError
from gis_app.core.geojson import AsGeoJSON  # RFC 7946 ring order
from gis_app.core.publishing import Status
from gis_app.registry.models import Producer, Product, TourismSite

from .models import Event


def event_rows(user):
    """Published events, everything for staff, and a producer account's own proposals at any status."""
    return Event.objects.visible_to(user) | rules.editable(user, Event.objects.all())


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
    # The event's own calendar file (served for published events only), a path on this server.
    row["ics_url"] = (reverse("events:event-ics", args=[row["id"]]) if row["status"] == Status.PUBLISHED
                      else None)
    return row


class EventProposal(serializers.ModelSerializer):
    """What an account sends to propose an event; who it speaks for and its status follow from the account."""

    location = GeometryField(required=False, allow_null=True)
    site = serializers.PrimaryKeyRelatedField(queryset=TourismSite.objects.published(), required=False,
                                              allow_null=True)
    products = serializers.PrimaryKeyRelatedField(queryset=Product.objects.none(), many=True, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)

    class Meta:
        model = Event
        fields = ["name", "name_en", "kind", "description", "description_en", "starts_on", "ends_on", "organiser",
                  "venue", "site", "location", "url", "products", "status"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # the products the account sees, or may change (its own drafts)
        self.fields["products"].child_relation.queryset = (
            visible_products(user) | rules.editable(user, Product.objects.all())).distinct()

    def validate_location(self, value):
        if value is not None and value.geom_type != "Point":
            raise serializers.ValidationError(_("The location must be a GeoJSON Point."))
        if value is not None:
            value.srid = 4326
        return value


def _check_write(user, event):
    try:
        rules.check_write(user, event)
    except PermissionDenied as error:
        refuse(error)


@extend_schema(operation_id="events_create", request=EventProposal,
               responses={201: JSON, 400: ERROR, 401: ERROR, 403: ERROR},
               summary="Propose an event: a producer account's waits for review; an officer's is a draft")
def propose_event(self, request):
    user = writer(request)
    serializer = EventProposal(data=request.data, user=user)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    products, status = data.pop("products", []), data.pop("status", Status.DRAFT)
    message = moderation.status_change_refusal(user, None, status)  # the admin's and the imports' rule
    if message is not None:
        raise InputError("status", message, status_code=403)
    event = Event(**data, status=status)
    rules.prefer_own_unit(user, event)
    rules.claim_for_producer(user, event)  # a producer account's event is its own producer's
    with transaction.atomic():
        _check_write(user, event)
        event.full_clean(validate_unique=False)
        _check_write(user, event)  # again on the values validation completed (the commune from the point)
        rules.apply_review_rule(user, event)  # a producer account's new event is "submitted", never published
        event._history_user = user
        event.save()
        event.products.set(products)
        event.include_proposer()
    return Response({**edited(event), "proposed_by": event.proposed_by_id}, status=201)


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
             detail_summary="Promotion event", list_url_name="api-events", detail_url_name="api-event",
             create=propose_event)
