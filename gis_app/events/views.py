"""The events page (map and list), /events.ics for calendars and /events/<id>.ics for one event."""
import datetime

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from gis_app.core.basemap import map_config
from gis_app.core.bilingual import localized
from gis_app.core.links import absolute, lon_lat
from gis_app.registry.models import Producer, Product

from .models import Event

PAST_DAYS_IN_CALENDAR = 365


def public_events():
    return Event.objects.published().select_related("site", "commune")


@require_GET
def events_page(request):
    # Participants through the registry's one visibility rule (a product also needs a published producer).
    events = list(public_events().upcoming().prefetch_related(
        Prefetch("producers", queryset=Producer.objects.published()),
        Prefetch("products", queryset=Product.objects.published().prefetch_related("evaluations"))))
    rows = [{
        "event": event, "name": localized(event, "name"), "description": localized(event, "description"),
        "point": lon_lat(event.location),
        "producers": list(event.producers.all()),
        # Each with its recognition on the day: only OCOP products carry the OCOP label (registry/recognition.py).
        "products": [{"product": p, "recognition": p.recognition()} for p in event.products.all()],
    } for event in events]
    return render(request, "events/events.html", {
        "rows": rows,
        "map_config": map_config(events=[{"id": r["event"].pk, "name": r["name"], "point": r["point"]}
                                         for r in rows if r["point"]]),
    })


def new_calendar(name):
    calendar = Calendar()
    calendar.add("prodid", "-//OCOP-GIS//events//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def calendar_item(event, page, host):
    """`event` as an all-day VEVENT (RFC 5545; icalendar folds lines, escapes text and ends lines with CRLF)."""
    item = CalendarEvent()
    item.add("uid", f"event-{event.pk}@{host}")
    item.add("summary", localized(event, "name"))
    item.add("dtstart", event.starts_on)
    item.add("dtend", event.ends_on + datetime.timedelta(days=1))  # all-day DTEND is exclusive
    item.add("dtstamp", event.updated_at)
    place = event.venue or (event.site.name if event.site_id else "")
    if place:
        item.add("location", place)
    if event.location is not None:
        item.add("geo", (event.location.y, event.location.x))
    description = localized(event, "description")
    if event.organiser:
        description = f"{description}\n{event.organiser}".strip()
    if description:
        item.add("description", description)
    item.add("url", event.url or f"{page}#event-{event.pk}")
    item.add("categories", [str(event.get_kind_display())])
    return item


def ics_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _page_and_host(request):
    return absolute(request, reverse("events:events")), request.get_host().split(":")[0] or "ocop"


@require_GET
def events_ics(request):
    """Published events from a year ago on, as all-day iCalendar events (RFC 5545)."""
    calendar = new_calendar("OCOP")
    since = timezone.localdate() - datetime.timedelta(days=PAST_DAYS_IN_CALENDAR)
    page, host = _page_and_host(request)
    for event in public_events().overlapping(since, None).order_by("starts_on", "pk"):
        calendar.add_component(calendar_item(event, page, host))
    return ics_response(calendar, "ocop-events.ics")


@require_GET
def event_ics(request, pk):
    """One published event as an iCalendar file, for "add to my calendar" on its entry."""
    event = get_object_or_404(public_events(), pk=pk)
    page, host = _page_and_host(request)
    calendar = new_calendar(localized(event, "name"))
    calendar.add_component(calendar_item(event, page, host))
    return ics_response(calendar, f"ocop-event-{event.pk}.ics")
