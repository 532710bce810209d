"""Data versions of layers, for cache keys and ETags that change as soon as the data does.

Every table behind a layer carries a statement-level trigger that appends a row
to `layers_datachange` and removes the older committed rows of that table it can
lock at once (SKIP LOCKED: writers never wait for one another). A table's state
is the set of its rows' ids: every commit brings an id never seen before into
it, so every commit changes the state (a counter or "newest id and row count"
would not: a slow transaction committing after a quick one can leave both as
they were). Pruning keeps the set to a row or a few; reading it is an index
lookup whatever the size of the data, and edits made outside Django (psql,
QGIS) count too.
"""
from django.db import connection
from django.utils import timezone

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION layers_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    newest bigint;
BEGIN
    INSERT INTO layers_datachange (table_name, changed_at) VALUES (TG_TABLE_NAME, clock_timestamp())
    RETURNING id INTO newest;
    DELETE FROM layers_datachange WHERE id IN (
        SELECT id FROM layers_datachange WHERE table_name = TG_TABLE_NAME AND id < newest
        FOR UPDATE SKIP LOCKED);
    RETURN NULL;
END $$;
"""


def install_triggers(layers):
    """Create (or replace) the change-log trigger on every table behind `layers`; idempotent."""
    tables = sorted({model._meta.db_table for layer in layers for model in layer.models()})
    with connection.cursor() as cursor:
        cursor.execute(FUNCTION_SQL)
        for table in tables:
            # Table names come from model declarations, never from requests.
            name = connection.ops.quote_name(table)
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER layers_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {name} FOR EACH STATEMENT EXECUTE FUNCTION layers_log_change()"
            )


def version_sql(layer):
    """(SQL expression, params) of the layer's data version, to embed in a statement (e.g. a tile's).

    The version is computed by PostgreSQL (sha256 of layer, log state, day and database), so a statement can read
    the version and the data it labels in one snapshot and one round trip.
    """
    tables = sorted(model._meta.db_table for model in layer.models())
    # The database's oid is part of the version: the change-log ids start again in a database created anew
    # (a restore, a test run), and the answers cached in Redis under the old ids must not match (#28).
    sql = (
        "(SELECT left(encode(sha256(convert_to(%s || '|' || coalesce(string_agg(t.name || ':' || s.ids, ',' "
        "ORDER BY t.name), '') || '|' || %s || '|' || (SELECT oid::text FROM pg_database "
        "WHERE datname = current_database()), 'UTF8')), 'hex'), 16) "
        "FROM unnest(%s::text[]) AS t(name), LATERAL ("
        "  SELECT coalesce(string_agg(id::text, '.' ORDER BY id), '') AS ids "
        "  FROM layers_datachange WHERE table_name = t.name) s)"
    )
    return sql, [layer.id, timezone.localdate().isoformat(), tables]


def data_version(layer):
    """A short string that changes whenever a write to a table behind `layer` commits, and every day.

    The day counts because some values depend on it without any write (the stars of a product
    are those of the recognitions in force today).
    """
    sql, params = version_sql(layer)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + sql, params)
        return cursor.fetchone()[0]
