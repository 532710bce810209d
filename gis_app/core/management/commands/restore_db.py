"""Restore a backup_db dump (pg_restore) into an empty database, or over an existing one with --clean."""
from pathlib import Path

import psycopg2
from django.core.management.base import BaseCommand, CommandError

from gis_app.core.pgtools import connection_args, database_config, run_streaming


def user_table_count(config):
    """How many tables the public schema holds, not counting PostGIS's spatial_ref_sys."""
    connection = psycopg2.connect(dbname=config["NAME"], user=config.get("USER") or None,
                                  password=config.get("PASSWORD") or None, host=config.get("HOST") or None,
                                  port=config.get("PORT") or None, connect_timeout=10)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
                           "AND tablename <> 'spatial_ref_sys'")
            return cursor.fetchone()[0]
    finally:
        connection.close()


class Command(BaseCommand):
    help = "Restore a dump made by backup_db into the database (which must be empty unless --clean)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a dump file written by backup_db")
        parser.add_argument("--database-url", help="restore into this database instead of DATABASE_URL")
        parser.add_argument("--clean", action="store_true",
                            help="drop the objects of the dump from the database before restoring them")

    def handle(self, *args, path, database_url=None, clean=False, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No such backup file: {source}")
        config = database_config(database_url)
        existing = user_table_count(config)
        if existing and not clean:
            raise CommandError(f"Database {config['NAME']} already holds {existing} tables. Restore into an "
                               f"empty database, or pass --clean to replace its contents.")
        pg_args, env = connection_args(config)
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                   "--verbose", *pg_args, "--dbname", config["NAME"]]
        if clean:
            command += ["--clean", "--if-exists"]
        command.append(str(source))
        self.stdout.write(f"Restoring {source} into database {config['NAME']}")
        errors, tables = [], []

        def progress(line):
            if "processing data for table" in line:
                tables.append(line)
                if options["verbosity"] >= 1:
                    self.stdout.write(f"  [{len(tables)}] {line.split('table', 1)[1].strip()}")
            elif "error" in line.lower():
                errors.append(line)
                self.stderr.write(line)

        if run_streaming(command, env, progress) != 0:
            raise CommandError("pg_restore failed; nothing was changed (single transaction). "
                               + (errors[0] if errors else ""))
        self.stdout.write(self.style.SUCCESS(f"Restore complete: {len(tables)} tables into {config['NAME']}"))
