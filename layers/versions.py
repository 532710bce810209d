"""Data versions of layers, for cache keys and ETags that change as soon as the data does.

Every table behind a layer carries a statement-level trigger that bumps its row
in `layers_dataversion`. Reading a version is then one indexed lookup, however
large the table, and edits made outside Django (psql, QGIS) count too.
"""
import datetime
import hashlib

from django.db import connection

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION layers_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO layers_dataversion (table_name, version, changed_at)
    VALUES (TG_TABLE_NAME, 1, clock_timestamp())
    ON CONFLICT (table_name) DO UPDATE
        SET version = layers_dataversion.version + 1, changed_at = clock_timestamp();
    RETURN NULL;
END $$;
"""


def install_triggers(layers):
    """Create (or replace) the version trigger on every table behind `layers`; idempotent."""
    tables = sorted({model._meta.db_table for layer in layers for model in layer.models()})
    with connection.cursor() as cursor:
        cursor.execute(FUNCTION_SQL)
        for table in tables:
            # Table names come from model declarations, never from requests.
            name = connection.ops.quote_name(table)
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER layers_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {name} FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_version()"
            )


def data_version(layer):
    """A short string that changes whenever a table behind `layer` is written, and every day.

    The day counts because some values depend on it without any write (the stars of a product
    are those of the recognitions in force today).
    """
    tables = sorted(model._meta.db_table for model in layer.models())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(string_agg(table_name || ':' || version || ':' || extract(epoch FROM changed_at), "
            "',' ORDER BY table_name), '') FROM layers_dataversion WHERE table_name = ANY(%s)",
            [tables],
        )
        state = cursor.fetchone()[0]
    return hashlib.sha1(f"{layer.id}|{state}|{datetime.date.today()}".encode()).hexdigest()[:16]
