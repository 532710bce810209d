"""Data versions: any committed write changes them, and keeping them never makes writers wait."""
import psycopg2
import pytest
from django.db import connection

from gis_app.registry.models import Producer
from layers.catalogue import get_layer
from layers.versions import data_version

pytestmark = pytest.mark.django_db


def other_connection():
    """A second session on the test database, as another web worker, an import or QGIS would open."""
    conn = psycopg2.connect(**connection.get_connection_params())
    conn.cursor().execute("SET statement_timeout = '5s'")
    return conn


def touch(conn, producer_id):
    conn.cursor().execute("UPDATE registry_producer SET name = name WHERE id = %s", [producer_id])


def test_a_bulk_update_without_model_signals_changes_the_version():
    layer = get_layer("producers")
    before = data_version(layer)
    Producer.objects.filter(pk=Producer.objects.first().pk).update(address="1 đường số 1")
    assert data_version(layer) != before


def test_writers_do_not_wait_for_each_other_and_every_commit_changes_the_version():
    first, second = Producer.objects.order_by("pk").values_list("pk", flat=True)[:2]
    layer = get_layer("producers")
    slow, quick = other_connection(), other_connection()
    try:
        touch(slow, first)  # a long import, still open
        touch(quick, second)  # would hit the 5 s timeout if it waited for `slow`
        quick.commit()
        after_quick = data_version(layer)
        slow.commit()  # commits an older change-log entry than `quick`'s
        assert data_version(layer) != after_quick
    finally:
        slow.close()
        quick.close()
