"""Run the background-job worker: `manage.py jobs_worker` (make run and make serve start it).

Under a supervisor (deploy/supervisord.conf, deploy/systemd/ocop-jobs.service; docs/deploy.md): it waits
for Redis instead of exiting while Redis is away, fails the jobs a dead worker left running, ends its
work-horse on TERM and never leaves one behind (gis_app/jobs/worker.py).
"""
import logging
import os
import signal
import time

from django.core.management.base import BaseCommand
from django.db import connections
from redis.exceptions import RedisError

from gis_app.jobs.connection import redis_connection
from gis_app.jobs.runner import WORKER_ENV, queue
from gis_app.jobs.worker import SupervisedWorker, wait_for_redis

log = logging.getLogger("gis_app.jobs.worker")


class Command(BaseCommand):
    help = "Run queued background jobs (imports, whole-province analysis, large exports)."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="run what is queued, then exit")

    def handle(self, *args, burst=False, **options):
        os.environ[WORKER_ENV] = "1"
        while True:
            wait_for_redis()
            worker = None
            try:
                worker = SupervisedWorker([queue()], connection=redis_connection())
                worker.recover_abandoned()
                # Each job runs in a forked work-horse: it must not share the parent's database connection.
                connections.close_all()
                worker.work(burst=burst, with_scheduler=False, logging_level="WARNING")
                return
            except RedisError as error:
                if worker is not None and worker.stop_asked:
                    # A stop while Redis is away: RQ's tear-down could not unregister the worker. Waiting for
                    # Redis again would ignore the stop until the supervisor's KILL (#25).
                    log.warning("jobs: stopped while the queue does not answer (%s)", error)
                    return
                # Redis went away while starting or working: wait for it again, a stop now ending the wait
                log.warning("jobs: the queue stopped answering (%s); the worker starts again when it answers",
                            error)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                time.sleep(1)
