"""The routing graph as pgRouting reads it: one edges query, shared by every routing function.

Pass EDGES_SQL as a *bound parameter* to pgr_* functions (it is a constant,
never built from request values).
"""
from django.db import connection
from django.utils.translation import gettext as _

from gis_app.core.errors import InputError

EDGES_SQL = (
    "SELECT id, source_id AS source, target_id AS target, cost_s AS cost, reverse_cost_s AS reverse_cost "
    "FROM roads_roadedge"
)


def network_loaded():
    """True when the road network has at least one edge."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM roads_roadedge)")
        return cursor.fetchone()[0]


def require_network():
    """Raise a 503 saying how to import roads when no road network has been loaded."""
    if not network_loaded():
        raise InputError("network", _("No road network is loaded yet: import the roads first "
                                      "(manage.py import_roads or load_demo)."), status_code=503)
