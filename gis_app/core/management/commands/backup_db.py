"""Dump the database to a file in PostgreSQL's custom format (pg_dump -Fc), restorable with restore_db."""
import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gis_app.core.pgtools import connection_args, database_config, run_streaming


class Command(BaseCommand):
    help = "Back up the whole database (schema, data, PostGIS geometries) with pg_dump -Fc."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="output file (default var/backups/ocop-<date>.dump)")
        parser.add_argument("--database-url", help="back up this database instead of DATABASE_URL")

    def handle(self, *args, path=None, database_url=None, **options):
        config = database_config(database_url)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = Path(path) if path else Path(settings.BASE_DIR) / "var" / "backups" / f"ocop-{stamp}.dump"
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        pg_args, env = connection_args(config)
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--verbose", *pg_args,
                   "--file", str(partial), config["NAME"]]
        self.stdout.write(f"Backing up database {config['NAME']} to {target}")
        tables = []

        def progress(line):
            if "dumping contents of table" in line:
                tables.append(line)
                if options["verbosity"] >= 1:
                    self.stdout.write(f"  [{len(tables)}] {line.split('table', 1)[1].strip()}")
            elif "error" in line.lower() or "fatal" in line.lower():
                self.stderr.write(line)

        if run_streaming(command, env, progress) != 0:
            partial.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed; {target} was not written.")
        partial.replace(target)  # only a complete dump gets the final name
        self.stdout.write(self.style.SUCCESS(
            f"Backup complete: {len(tables)} tables, {target.stat().st_size / 1e6:.1f} MB in {target}"))
