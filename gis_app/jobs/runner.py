"""Start work in the background and run it: RQ on Redis, with a `Job` row as the durable record.

    job = enqueue("import", "gis_app.imports.jobs.check_file", user=request.user, params={"run": run.pk})

runs `check_file(job, progress, run=run.pk)` in a worker (`manage.py jobs_worker`). The function reports
with `progress(done, total, message)`, returns a JSON-able result (a dict's "message" becomes the job's
message), may set `job.result_file`, and raises `JobFailed("words for the user")` to fail cleanly. Time
(`timeout`) and memory (`memory_mb`) limits are enforced by the worker; a job that exceeds them ends
"failed" with a message saying which limit it hit.
"""
import logging
import os
import resource

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from redis.exceptions import RedisError
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job as RQJob
from rq.job import JobStatus
from rq.timeouts import JobTimeoutException

from .connection import redis_connection
from .models import Job
from .progress import Progress

log = logging.getLogger(__name__)

# Set by `manage.py jobs_worker`: only a real worker's forked work-horse gets a memory limit and its own
# database connections (in tests jobs run in the test's process and transaction).
WORKER_ENV = "OCOP_JOB_WORKER"


class JobFailed(Exception):
    """A job's expected failure; its text is shown to the user as the job's message."""


class JobsUnavailable(Exception):
    """The queue (Redis) does not answer: no job can start now. Answered 503 by JobsUnavailableMiddleware."""

    def __init__(self):
        super().__init__(_("Background jobs are unavailable right now (the job queue does not answer). "
                           "Nothing was started; please try again in a few minutes."))


def check_queue():
    """Raise JobsUnavailable unless the queue answers, before any row is written: a job recorded while
    Redis is away would stay "queued" for ever (#25). Asked at each start, so jobs start again as soon as
    Redis is back, without a restart."""
    try:
        redis_connection().ping()
    except RedisError as error:
        log.warning("jobs: the queue does not answer: %s", error)
        raise JobsUnavailable() from error


def queue():
    return Queue(settings.OCOP_JOBS_QUEUE, connection=redis_connection(), is_async=settings.OCOP_JOBS_ASYNC,
                 default_timeout=settings.OCOP_JOBS_TIMEOUT)


def rq_id(job_id):
    return f"{settings.OCOP_JOBS_KEY_PREFIX}{job_id}"


def enqueue(kind, function, *, user=None, params=None, timeout=None, memory_mb=None):
    """Record a job and queue it once the current transaction commits (at once when jobs run in-process)."""
    if settings.OCOP_JOBS_ASYNC:
        check_queue()
    job = Job.objects.create(kind=kind, function=function, params=params or {}, language=translation.get_language() or "",
                             created_by=user if getattr(user, "is_authenticated", False) else None)

    def send():
        try:
            queue().enqueue(execute, job.pk, memory_mb, job_id=rq_id(job.pk),
                            job_timeout=timeout or settings.OCOP_JOBS_TIMEOUT, result_ttl=3600, failure_ttl=7 * 86400)
        except RedisError as error:
            # Redis went away between the check and the commit: the row says so rather than stay "queued".
            log.warning("jobs: job %s could not be queued: %s", job.pk, error)
            Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, message=str(JobsUnavailable())[:500],
                                                 finished_at=timezone.now())

    if settings.OCOP_JOBS_ASYNC:
        transaction.on_commit(send)
    else:
        send()
        job.refresh_from_db()
    return job


def execute(job_id, memory_mb=None):
    """Run job `job_id` (called by RQ in the worker); the Job row ends "done" or "failed", never "running"."""
    in_worker = os.environ.get(WORKER_ENV) == "1"
    if in_worker:
        close_old_connections()
        if memory_mb:
            limit = int(memory_mb) * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        job = Job.objects.filter(pk=job_id).first()
        if job is None or job.finished:  # rolled back, deleted, or already run
            return
        job.state, job.started_at = Job.State.RUNNING, timezone.now()
        job.save(update_fields=["state", "started_at"])
        with translation.override(job.language or settings.LANGUAGE_CODE):
            run(job, memory_mb)
    finally:
        if in_worker:
            connections.close_all()


def run(job, memory_mb):
    """Call the job's function and record how it ended."""
    try:
        result = import_string(job.function)(job, Progress(job.pk), **job.params)
    except JobFailed as failed:
        finish(job, Job.State.FAILED, str(failed))
    except MemoryError:
        finish(job, Job.State.FAILED, _("The job ran out of its memory limit (%(mb)s MB).") % {"mb": memory_mb})
    except JobTimeoutException:
        finish(job, Job.State.FAILED, _("The job took longer than its time limit."))
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.function)
        finish(job, Job.State.FAILED, _("The job failed with an unexpected error; it was logged."))
    else:
        message = result.get("message", "") if isinstance(result, dict) else ""
        finish(job, Job.State.DONE, message, result)


def finish(job, state, message="", result=None):
    job.state, job.message, job.finished_at = state, str(message)[:500], timezone.now()
    if result is not None:
        job.result = result
    job.save(update_fields=["state", "message", "finished_at", "result", "result_file"])


def settle(job):
    """A job still "queued"/"running" whose RQ job failed or vanished (a killed worker) is marked failed."""
    if job.finished or not settings.OCOP_JOBS_ASYNC:
        return job
    try:
        status = RQJob.fetch(rq_id(job.pk), connection=redis_connection()).get_status(refresh=True)
    except NoSuchJobError:
        status = None if job.state == Job.State.QUEUED and (timezone.now() - job.created_at).total_seconds() < 60 \
            else JobStatus.FAILED
    if status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
        job.refresh_from_db()
        if not job.finished:
            finish(job, Job.State.FAILED, _("The job stopped unexpectedly (its worker ended)."))
    return job
