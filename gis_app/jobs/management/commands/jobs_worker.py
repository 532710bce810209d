"""Run the background-job worker: `manage.py jobs_worker` (make run and make serve start it)."""
import os

from django.core.management.base import BaseCommand
from django.db import connections
from rq import Worker

from gis_app.jobs.connection import redis_connection
from gis_app.jobs.runner import WORKER_ENV, queue


class Command(BaseCommand):
    help = "Run queued background jobs (imports, whole-province analysis, large exports)."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="run what is queued, then exit")

    def handle(self, *args, burst=False, **options):
        os.environ[WORKER_ENV] = "1"
        # Each job runs in a forked work-horse: it must not share the parent's database connection.
        connections.close_all()
        Worker([queue()], connection=redis_connection()).work(burst=burst, with_scheduler=False,
                                                              logging_level="WARNING")
