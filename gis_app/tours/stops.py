"""Stops of a tour as the planner gives them: a tourism site, a producer, or a named point."""
import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gis_app.core.errors import InputError
from gis_app.core.params import parse_float, parse_int
from gis_app.registry.models import Producer, TourismSite

MAX_STOPS = 25
# Producers keep no visiting hours in the registry: a short shop visit by default.
PRODUCER_VISIT_MINUTES = 30


@dataclass
class Stop:
    name: str
    lon: float
    lat: float
    kind: str = "point"  # "site", "producer" or "point"
    ref_id: int = None
    visit_minutes: int = 0
    opening_time: datetime.time = None
    closing_time: datetime.time = None
    open_weekdays: list = field(default_factory=list)

    def as_dict(self):
        return {"kind": self.kind, "id": self.ref_id, "name": self.name, "lon": self.lon, "lat": self.lat,
                "visit_minutes": self.visit_minutes}


def _visible(queryset, include_unpublished):
    return queryset if include_unpublished else queryset.published()


def resolve_stops(items, include_unpublished=False):
    """Stops from request items ({"site": id} | {"producer": id} | {"name", "lon", "lat"[, "visit_minutes"]})."""
    if not isinstance(items, list) or len(items) < 2:
        raise InputError("stops", _("Give at least two stops."))
    if len(items) > MAX_STOPS:
        raise InputError("stops", _("A tour has at most %(max)d stops; %(count)d were given.")
                         % {"max": MAX_STOPS, "count": len(items)})
    site_ids = [item.get("site") for item in items if isinstance(item, dict) and item.get("site") is not None]
    producer_ids = [item.get("producer") for item in items
                    if isinstance(item, dict) and item.get("producer") is not None]
    sites = {s.pk: s for s in _visible(TourismSite.objects.filter(pk__in=_ids("site", site_ids)), include_unpublished)}
    producers = {p.pk: p for p in _visible(Producer.objects.filter(pk__in=_ids("producer", producer_ids)),
                                           include_unpublished)}
    stops = []
    for n, item in enumerate(items, start=1):
        where = f"stops[{n}]"
        if not isinstance(item, dict):
            raise InputError(where, _("A stop is an object with “site”, “producer” or “lon”/“lat”."))
        if item.get("site") is not None:
            site = sites.get(int(item["site"]))
            if site is None:
                raise InputError(where, _("No published tourism site with id %(id)s.") % {"id": item["site"]},
                                 status_code=404)
            stops.append(Stop(site.name, site.location.x, site.location.y, "site", site.pk, site.visit_minutes,
                              site.opening_time, site.closing_time, list(site.open_weekdays or [])))
        elif item.get("producer") is not None:
            producer = producers.get(int(item["producer"]))
            if producer is None:
                raise InputError(where, _("No published producer with id %(id)s.") % {"id": item["producer"]},
                                 status_code=404)
            stops.append(Stop(producer.name, producer.location.x, producer.location.y, "producer", producer.pk,
                              PRODUCER_VISIT_MINUTES))
        else:
            name = str(item.get("name") or "").strip()
            if not name:
                raise InputError(f"{where}.name", _("A stop given by coordinates needs a name."))
            stops.append(Stop(name[:200], parse_float(f"{where}.lon", item.get("lon"), -180, 180),
                              parse_float(f"{where}.lat", item.get("lat"), -90, 90), "point", None,
                              parse_int(f"{where}.visit_minutes", item.get("visit_minutes", 0), 0, 24 * 60)))
    return stops


def _ids(kind, values):
    return [parse_int(kind, value, 1) for value in values]
