"""The job worker of `manage.py jobs_worker` under a supervisor (supervisord, systemd; docs/deploy.md).

RQ runs each job in a forked work-horse in a process group of its own, so a supervisor that ends the
worker's group does not reach it, and a worker killed outright (kill -9, the out-of-memory killer) left
its horse running as an orphan (#25). Here:

- the horse dies with its worker (Linux PR_SET_PDEATHSIG), whatever ended the worker;
- a stop (TERM, INT) ends the running horse at once and marks its job failed, instead of RQ's wait for
  the job to finish, which a supervisor cuts short with a KILL anyway;
- on start, jobs left "running" by a worker that is gone are marked failed, with words;
- while Redis is away the worker waits and tries again, instead of exiting (a supervisor gives up on a
  program that keeps failing at start).

A killed horse's open transaction is rolled back by PostgreSQL: jobs write in their own transaction
(imports, boundaries, supply clustering), so nothing is left half-written.
"""
import ctypes
import logging
import os
import signal
import socket
import time

from django.conf import settings
from django.db import connections
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from redis.exceptions import RedisError
from rq import Worker
from rq.exceptions import NoSuchJobError
from rq.job import Job as RQJob
from rq.job import JobStatus
from rq.registry import StartedJobRegistry

from .connection import redis_connection
from .models import Job
from .runner import WORKER_ENV

log = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1


def worker_died():
    return _("The job stopped because its worker ended unexpectedly (killed or out of memory); nothing it "
             "was writing was kept. Please start it again.")


def worker_stopped():
    return _("The job stopped because its worker was stopped (the server was stopped or restarted); "
             "nothing it was writing was kept. Please start it again.")


def job_pk(rq_job_id):
    """The Job row's id of an RQ job id (`OCOP_JOBS_KEY_PREFIX` + id), or None for a job not ours."""
    prefix = settings.OCOP_JOBS_KEY_PREFIX
    tail = rq_job_id[len(prefix):] if rq_job_id.startswith(prefix) else ""
    return int(tail) if tail.isdigit() else None


def mark_failed(rq_job_id, words):
    """Mark the Job row of `rq_job_id` failed with `words()` in the job's language, if it is not finished."""
    pk = job_pk(rq_job_id)
    if pk is None:
        return False
    try:
        job = Job.objects.filter(pk=pk, state__in=[Job.State.QUEUED, Job.State.RUNNING]).first()
        if job is None:
            return False
        with translation.override(job.language or settings.LANGUAGE_CODE):
            message = str(words())[:500]
        return bool(Job.objects.filter(pk=pk, state__in=[Job.State.QUEUED, Job.State.RUNNING])
                    .update(state=Job.State.FAILED, message=message, finished_at=timezone.now()))
    finally:
        if os.environ.get(WORKER_ENV) == "1":
            connections.close_all()  # the worker forks its horses: it keeps no connection of its own


def die_with_parent(parent_pid):
    """Ask Linux to KILL this process when its parent ends; exit now if the parent is already gone."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG)")
    except (OSError, AttributeError) as error:  # not Linux: a supervisor's group kill is the only guard
        log.warning("jobs: a work-horse cannot be tied to its worker here: %s", error)
    if os.getppid() != parent_pid:
        os._exit(1)


def process_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class SupervisedWorker(Worker):
    """An RQ worker whose horse never outlives it and whose stop fails the running job with words."""

    stop_asked = False  # a TERM or INT came: manage.py jobs_worker exits even if Redis is away

    def fork_work_horse(self, job, queue):
        self._parent_pid = os.getpid()
        super().fork_work_horse(job, queue)

    def main_work_horse(self, job, queue):
        die_with_parent(self._parent_pid)
        super().main_work_horse(job, queue)

    def request_stop(self, signum, frame):
        """A supervisor's stop: end the horse now, mark its job failed, exit (RQ would wait for the job)."""
        self.stop_asked = True
        if not self.horse_pid:
            return super().request_stop(signum, frame)  # idle: RQ's clean stop
        try:
            job = self.get_current_job()
        except RedisError:
            job = None
        log.warning("jobs: stopping: ending work-horse %s (job %s)", self.horse_pid, job.id if job else "?")
        self.kill_horse()
        self.wait_for_horse()
        self._horse_pid = 0
        if job is not None:
            mark_failed(job.id, worker_stopped)
            try:
                queue = next((q for q in self.queues if q.name == job.origin), self.queues[0])
                self.handle_job_failure(job, queue, exc_string="Work-horse ended: the worker was stopped.")
            except RedisError as error:
                log.warning("jobs: job %s could not be marked failed in the queue: %s", job.id, error)
        raise SystemExit(0)

    def recover_abandoned(self):
        """Fail the jobs RQ counts as started by a worker that is gone; returns their RQ ids.

        Gone: not registered (any machine), or registered on this machine with no process. A worker of
        another machine that is still registered is left alone (RQ's clean-up of abandoned jobs follows its
        heartbeat).
        """
        recovered = []
        for queue in self.queues:
            registry = StartedJobRegistry(queue=queue)
            for entry in self.connection.zrange(registry.key, 0, -1):
                entry = entry.decode() if isinstance(entry, bytes) else entry
                rq_job_id = registry.parse_job_id(entry)
                try:
                    rq_job = RQJob.fetch(rq_job_id, connection=self.connection)
                except NoSuchJobError:
                    rq_job = None
                if rq_job is not None and not self.worker_gone(rq_job.worker_name):
                    continue
                log.warning("jobs: job %s was left running by a worker that is gone: marked failed", rq_job_id)
                mark_failed(rq_job_id, worker_died)
                with self.connection.pipeline() as pipeline:
                    pipeline.zrem(registry.key, entry)
                    if rq_job is not None:
                        rq_job.set_status(JobStatus.FAILED, pipeline=pipeline)
                        rq_job._handle_failure("Abandoned: its worker ended.", pipeline, worker_name="")
                    pipeline.execute()
                recovered.append(rq_job_id)
        return recovered

    def worker_gone(self, name):
        """True if worker `name` is not registered, or is registered on this machine with a dead process."""
        if not name or name == self.name:  # no name yet: being started; left to RQ's clean-up
            return False
        other = Worker.find_by_key(Worker.redis_worker_namespace_prefix + name, connection=self.connection)
        if other is None:
            return True
        if other.hostname == socket.gethostname() and other.pid and (
                other.pid == os.getpid() or not process_alive(other.pid)):  # this pid now: a dead one's
            other.register_death()  # kill -9 left its registration behind
            return True
        return False


def wait_for_redis(attempt_delays=(1, 2, 3, 5)):
    """Return once Redis answers, trying again for ever (the last delay repeats), logging each failure."""
    attempt = 0
    while True:
        try:
            redis_connection().ping()
            if attempt:
                log.warning("jobs: Redis answers again")
            return
        except RedisError as error:
            delay = attempt_delays[min(attempt, len(attempt_delays) - 1)]
            log.warning("jobs: Redis does not answer (%s); trying again in %s s", error, delay)
            attempt += 1
            time.sleep(delay)
