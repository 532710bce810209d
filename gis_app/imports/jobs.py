"""Imports as background jobs (gis_app/jobs): the admin queues the check or the import of an uploaded file,
the worker runs it with the import limits, and the review page shows its progress.

A run whose job fails for any reason (an error, the time or memory limit) ends "failed", never "checked".
"""
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from gis_app.jobs.runner import enqueue

from .models import ImportRun
from .runs import execute

STAGES = {"check": lambda: _("Checking rows"), "write": lambda: _("Writing rows")}


def start(run, user, commit=False, accept_duplicates=False):
    """Queue the dry run (or, with `commit`, the import) of `run`; returns the Job."""
    run.state, run.summary = ImportRun.State.QUEUED, _("Waiting to run…")
    run.save()
    job = enqueue("import", "gis_app.imports.jobs.process", user=user,
                  params={"run": run.pk, "commit": commit, "accept_duplicates": accept_duplicates},
                  timeout=settings.OCOP_IMPORT_TIMEOUT, memory_mb=settings.OCOP_IMPORT_MEMORY_MB)
    ImportRun.objects.filter(pk=run.pk).update(job=job)
    run.job = job
    return job


def process(job, progress, run, commit=False, accept_duplicates=False):
    """The job: read, check (and with `commit` write) the file of ImportRun `run`, reporting progress."""
    run = ImportRun.objects.get(pk=run)
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.RUNNING)

    def report(done, total, stage):
        progress(done, total, f"{STAGES.get(stage, str)()}: {done}/{total or '?'}")

    try:
        execute(run, run.file.path, commit=commit, accept_duplicates=accept_duplicates, progress=report)
    except BaseException:
        fail(run.pk)
        raise
    run.refresh_from_db()
    return {"message": run.summary, "state": run.state}


def fail(pk):
    """Mark the run failed (outside any transaction the failure rolled back)."""
    if transaction.get_connection().in_atomic_block and transaction.get_connection().needs_rollback:
        return  # in-process (tests): the caller's transaction is broken; the job's own failure is recorded
    ImportRun.objects.filter(pk=pk).update(state=ImportRun.State.FAILED,
                                           summary=_("The import failed; nothing was written."))
