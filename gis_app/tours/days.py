"""Tours longer than a day: where a day ends, and where the night is spent.

A day runs from DAY_START to DAY_END (local time). A stop whose visit would end
after DAY_END moves to the next day, which starts at DAY_START from the previous
stop; the night is spent at the published homestay (or site offering lodging)
nearest to the day's last stop, within OVERNIGHT_MAX_M.
"""
import datetime

from django.conf import settings
from django.db import connection

from gis_app.core.publishing import Status

DAY_START = datetime.time(*getattr(settings, "OCOP_TOURS_DAY_START", (8, 0)))
DAY_END = datetime.time(*getattr(settings, "OCOP_TOURS_DAY_END", (18, 0)))
OVERNIGHT_MAX_M = getattr(settings, "OCOP_TOURS_OVERNIGHT_MAX_M", 30_000)

# Bound parameters only; `<->` on the geography column walks the GiST index (KNN).
_LODGING_SQL = """
    SELECT id, name, ST_X(location::geometry), ST_Y(location::geometry),
           ST_Distance(location, ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography)
    FROM registry_tourismsite
    WHERE status = %(published)s AND (kind = 'homestay' OR 'lodging' = ANY(services))
      AND ST_DWithin(location, ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography, %(limit)s)
    ORDER BY location <-> ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography
    LIMIT 1
"""


def nearest_lodging(lon, lat, limit_m=OVERNIGHT_MAX_M):
    """{"id", "name", "lon", "lat", "distance_m"} of the nearest published place to sleep, or None."""
    with connection.cursor() as cursor:
        cursor.execute(_LODGING_SQL, {"lon": lon, "lat": lat, "limit": limit_m, "published": Status.PUBLISHED})
        row = cursor.fetchone()
    if row is None:
        return None
    return {"id": row[0], "name": row[1], "lon": row[2], "lat": row[3], "distance_m": row[4]}


def day_end(moment):
    """DAY_END on the day of `moment` (an aware local datetime)."""
    return moment.replace(hour=DAY_END.hour, minute=DAY_END.minute, second=0, microsecond=0)


def next_morning(moment):
    """DAY_START on the day after `moment` (an aware local datetime)."""
    day = moment.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, DAY_START, tzinfo=moment.tzinfo)
