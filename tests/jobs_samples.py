"""Job functions for tests/jobs/test_jobs.py (importable by a worker in another process)."""
import time

from gis_app.jobs.runner import JobFailed


def count_to(job, progress, n):
    for i in range(n):
        progress(i + 1, n, f"{i + 1}/{n}", force=True)
    return {"message": f"counted to {n}", "n": n}


def refuse(job, progress, reason):
    raise JobFailed(reason)


def sleep(job, progress, seconds):
    time.sleep(seconds)
    return {"slept": seconds}


def allocate(job, progress, mb):
    block = bytearray(mb * 1024 * 1024)
    return {"allocated": len(block)}


def crash(job, progress):
    return 1 / 0


def write_then_sleep(job, progress, seconds):
    """Writes a row in its transaction, says its process id, then sleeps: killed now, nothing is kept."""
    import os

    from django.db import transaction

    from gis_app.jobs.models import Job

    with transaction.atomic():
        Job.objects.create(kind="half-written", function=f"written by job {job.pk}")
        progress(1, 2, f"horse {os.getpid()}", force=True)
        time.sleep(seconds)
    return {"slept": seconds}
