"""backup_db / restore_db round-trip the registry into a scratch database, geometries and generated columns included."""
import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = pytest.mark.django_db

MAIN_TABLES = ["registry_producer", "registry_product", "registry_evaluation", "registry_tourismsite",
               "registry_craftvillage", "places_adminunit", "roads_roadedge", "tours_tour"]
# A fingerprint of each table's geometries (or generated values), in id order.
FINGERPRINTS = {
    "registry_producer": "md5(string_agg(ST_AsEWKB(location::geometry)::text, ',' ORDER BY id))",
    "registry_tourismsite": "md5(string_agg(ST_AsEWKB(location::geometry)::text, ',' ORDER BY id))",
    "registry_craftvillage": "md5(string_agg(ST_AsEWKB(area)::text, ',' ORDER BY id))",
    "places_adminunit": "md5(string_agg(ST_AsEWKB(geom)::text, ',' ORDER BY id))",
    "roads_roadedge": "md5(string_agg(ST_AsEWKB(geom)::text, ',' ORDER BY id))",
    "registry_evaluation": "md5(string_agg(total::text || ':' || coalesce(stars::text, '-'), ',' ORDER BY id))",
}


def summary(cursor):
    counts = {}
    for table in MAIN_TABLES:
        cursor.execute(f"SELECT count(*) FROM {table}")  # table names are constants of this module
        counts[table] = cursor.fetchone()[0]
    prints = {}
    for table, expression in FINGERPRINTS.items():
        cursor.execute(f"SELECT {expression} FROM {table}")
        prints[table] = cursor.fetchone()[0]
    return counts, prints


@pytest.fixture
def scratch_database():
    """An empty database next to the test database, dropped afterwards."""
    settings = connection.settings_dict
    name = f"{settings['NAME']}_restore"
    params = dict(user=settings["USER"], password=settings["PASSWORD"], host=settings["HOST"],
                  port=settings["PORT"] or None)
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    url = (f"postgis://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT'] or 5432}"
           f"/{name}")
    try:
        yield url, name, params
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_backup_then_restore_into_an_empty_database_keeps_every_record_and_geometry(tmp_path, scratch_database,
                                                                                   capsys):
    url, name, params = scratch_database
    dump = tmp_path / "ocop.dump"
    with connection.cursor() as cursor:
        expected = summary(cursor)
    assert all(expected[0][t] > 0 for t in MAIN_TABLES if t != "tours_tour")  # the demo data is there to compare

    call_command("backup_db", str(dump))
    assert dump.stat().st_size > 0 and "registry_producer" in capsys.readouterr().out  # progress names tables
    call_command("restore_db", str(dump), database_url=url)

    restored = psycopg2.connect(dbname=name, **params)
    try:
        with restored.cursor() as cursor:
            assert summary(cursor) == expected
            cursor.execute("SELECT attname FROM pg_attribute WHERE attrelid = 'registry_evaluation'::regclass "
                           "AND attgenerated = 's' ORDER BY attname")
            assert [row[0] for row in cursor.fetchall()] == ["stars", "total"]  # still computed by PostgreSQL
            cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'registry_producer' "
                           "AND indexdef ILIKE '%USING gist%'")
            assert cursor.fetchone()[0] >= 1
    finally:
        restored.close()

    call_command("restore_db", str(dump), database_url=url, clean=True)  # again, over the restored copy
    restored = psycopg2.connect(dbname=name, **params)
    try:
        with restored.cursor() as cursor:
            assert summary(cursor) == expected
    finally:
        restored.close()


def test_restore_refuses_a_database_that_already_holds_data(tmp_path):
    dump = tmp_path / "ocop.dump"
    call_command("backup_db", str(dump))
    with pytest.raises(CommandError, match="already holds"):
        call_command("restore_db", str(dump))


def test_backup_never_puts_the_password_on_the_command_line(monkeypatch, tmp_path):
    from gis_app.core import pgtools

    seen = {}

    def fake_run(command, env, on_line):
        seen["command"], seen["env"] = command, env
        return 1

    monkeypatch.setattr("gis_app.core.management.commands.backup_db.run_streaming", fake_run)
    config = {**pgtools.database_config(), "PASSWORD": "s3cret-pw"}
    monkeypatch.setattr("gis_app.core.management.commands.backup_db.database_config", lambda url=None: config)
    with pytest.raises(CommandError):
        call_command("backup_db", str(tmp_path / "x.dump"))
    assert not any("s3cret-pw" in part for part in seen["command"]) and seen["env"]["PGPASSWORD"] == "s3cret-pw"
    assert not (tmp_path / "x.dump").exists()
