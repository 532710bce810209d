"""SQL kept in versioned files of an app (`<app>/sql/*.sql`), loaded after every migrate, as Geotrek does.

Functions and views that state a rule (the recognition rule: gis_app/registry/sql/) live in one file each, read
and reviewed as SQL, instead of in a migration's string that later migrations must copy to change. Each file's
statements must be idempotent (CREATE OR REPLACE FUNCTION/VIEW): they run, in file-name order, in one
transaction, after each `migrate` (post_migrate of the app), so a database always has the files' current text.
"""
from pathlib import Path

from django.apps import AppConfig
from django.db import connections, transaction


def sql_files(app_config: AppConfig) -> list[Path]:
    folder = Path(app_config.path) / "sql"
    return sorted(folder.glob("*.sql")) if folder.is_dir() else []


def load_sql_files(app_config: AppConfig, using: str = "default") -> list[Path]:
    """Run the app's SQL files on the database `using`; returns the files run."""
    files = sql_files(app_config)
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        # Bodies are checked when called, not here: after `migrate <app> zero` the tables they read are gone.
        cursor.execute("SET LOCAL check_function_bodies = off")
        for path in files:
            # The files are the project's own, never a request's; psycopg runs a file of several statements.
            cursor.execute(path.read_text(encoding="utf-8"))
    return files


def connect(app_config: AppConfig) -> None:
    """Load `app_config`'s SQL files after each migrate of that app (call from `AppConfig.ready`)."""
    from django.db.models.signals import post_migrate

    def _after_migrate(sender, using="default", plan=None, **kwargs):
        load_sql_files(sender, using)

    post_migrate.connect(_after_migrate, sender=app_config, weak=False,
                         dispatch_uid=f"ocop_sql_files_{app_config.label}")
