"""The near-me request (`GET /api/v1/producers/?nearest=lon,lat[&limit=n]`, public) as a prepared statement.

The commonest request of the app (the visitors' page asks it on every move) is
answered without building a queryset: the SQL of the API's own answer
(`queries.nearest` + `records.producer_values`, as the public sees it) is
compiled by the ORM once per limit, turned into a server-side prepared
statement on each database connection (PREPARE … EXECUTE: parsed and planned
once), and executed with the point and the day bound. The rows go through the
same `geojson.feature` and `records.producer_properties` as the general path,
so the answer is the same document; any other parameter, a signed-in user, an
HTML client or a bad value takes the general path (which also words the errors).

Behind a transaction-pooling proxy (pgbouncer in transaction mode) server-side
prepared statements do not survive between transactions: set
OCOP_PREPARED_NEARME=0 there.
"""
import json
import logging
import re
from contextlib import nullcontext
from datetime import date
from enum import Enum

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.gis.db.backends.postgis.adapter import PostGISAdapter
from django.contrib.gis.measure import D
from django.db import DatabaseError, connections, router, transaction
from django.http import HttpResponse
from psycopg2 import errors

from gis_app.core.errors import InputError
from gis_app.places.dates import report_day

from . import records
from .geojson import collection, feature
from .queries import lon_lat_point, nearest
from .spatial import SpatialQuery

ALLOWED_PARAMS = {"nearest", "limit"}
_DAY = date(1901, 2, 3)  # stands for the request's day while compiling
_POINT = (-179.123456, -89.654321)  # stands for the request's point while compiling
_statements = {}  # limit -> (name, PREPARE text, [parameter kinds])
log = logging.getLogger(__name__)


class NotPreparable(Exception):
    """The API's query has a parameter this module cannot bind per request: the general path answers."""


def _compile(limit):
    """(PREPARE body with $n placeholders, parameter kinds) of the public nearest answer."""
    user = AnonymousUser()
    rows = nearest(records.producer_rows(user), lon_lat_point(*_POINT), limit)
    # The unit of each producer on the request's day (`units_on` is not an allowed parameter: today's units).
    values = records.with_unit_of_day(records.producer_values(rows, user, _DAY, ("distance_m",)),
                                      ("commune", "location", False), _DAY)[:limit]
    sql, params = values.query.sql_with_params()
    kinds = []
    for value in params:
        if isinstance(value, PostGISAdapter):
            kinds.append(("point", None))
        elif value == _DAY:
            kinds.append(("day", None))
        elif isinstance(value, Enum):
            kinds.append(("const", value.value))
        elif isinstance(value, (int, str)):
            kinds.append(("const", value))
        else:  # e.g. a day the API's query took from the clock rather than from its `day`: not preparable
            raise NotPreparable(f"near-me: unexpected parameter {value!r}")
    counter = iter(range(1, len(params) + 1))

    def placeholder(match):
        if match.group(0) == "%%":
            return "%"
        number = next(counter)
        return f"${number}::geography" if kinds[number - 1][0] == "point" else f"${number}"

    return re.sub(r"%s|%%", placeholder, sql), kinds


def _statement(limit):
    statement = _statements.get(limit)
    if statement is None:
        body, kinds = _compile(limit)
        statement = (f"ocop_nearme_{limit}", body, kinds)
        _statements[limit] = statement
    return statement


def _prepared_on(connection):
    """The names prepared on `connection`'s current database session (reset when Django opens a new one)."""
    connection.ensure_connection()
    raw = connection.connection
    state = getattr(connection, "_ocop_prepared", None)
    if state is None or state[0] is not raw:
        state = (raw, set())
        connection._ocop_prepared = state
    return state[1]


def nearest_rows(lon, lat, limit, day):
    """Rows (dicts, as `records.producer_values` gives them) of the `limit` public producers nearest to lon/lat.

    On the database the router reads producers from (a healthy replica when there is one), as the general
    path does."""
    from gis_app.registry.models import Producer

    connection = connections[router.db_for_read(Producer)]
    name, body, kinds = _statement(limit)
    point = f"SRID=4326;POINT({lon!r} {lat!r})"
    args = [point if kind == "point" else day if kind == "day" else value for kind, value in kinds]
    prepared = _prepared_on(connection)
    placeholders = ", ".join(["%s"] * len(args))
    for attempt in (1, 2):
        try:
            # Inside a transaction (tests, ATOMIC_REQUESTS) a failed EXECUTE would abort it: a savepoint keeps
            # the retry possible. Requests run in autocommit and need none.
            with transaction.atomic(using=connection.alias) if connection.in_atomic_block else nullcontext(), \
                    connection.cursor() as cursor:
                if name not in prepared:
                    cursor.execute(f"PREPARE {name} AS {body}")
                    prepared.add(name)
                cursor.execute(f"EXECUTE {name} ({placeholders})", args)
                names = [column.name for column in cursor.description]
                return [dict(zip(names, row)) for row in cursor.fetchall()]
        except DatabaseError as error:  # the session lost it (DEALLOCATE, DISCARD ALL by a pooler)
            if attempt == 2 or not isinstance(error.__cause__, errors.InvalidSqlStatementName):
                raise
            prepared.discard(name)


def response(request):
    """The near-me answer as an HttpResponse, or None when the request must take the general path."""
    if not settings.OCOP_PREPARED_NEARME or request.method != "GET":
        return None
    params = request.GET
    if "nearest" not in params or not set(params) <= ALLOWED_PARAMS or any(len(params.getlist(k)) > 1 for k in params):
        return None
    if "HTTP_AUTHORIZATION" in request.META or "text/html" in request.META.get("HTTP_ACCEPT", ""):
        return None
    if request.user.is_authenticated:
        return None
    try:
        query = SpatialQuery.parse(params)
    except InputError:
        return None
    if query.nearest is None:  # `?nearest=` given empty: the general path answers it like the other lists
        return None
    day = report_day()
    try:
        rows = nearest_rows(*query.nearest, query.limit, day)
    except NotPreparable:
        log.warning("near-me: the API's query cannot be prepared; answering through the general path",
                    exc_info=True)
        return None
    features = []
    for row in rows:
        row["distance_m"] = D(m=row["distance_m"])
        features.append(feature(row, records.unit_of_day_properties(records.producer_properties)))
    body = json.dumps(collection(features, count=len(features), units_on=day.isoformat()), ensure_ascii=False,
                      separators=(",", ":"))
    answer = HttpResponse(body, content_type="application/json")
    answer["Vary"] = "Accept, Cookie"
    answer["Allow"] = "GET, HEAD, OPTIONS"
    return answer
