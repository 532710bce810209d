"""#25 item 1: a starting worker fails the jobs a dead worker of this machine left running, with words in the
job's language, and leaves alone the jobs of live workers (here or elsewhere) and finished ones."""
import subprocess

import pytest
from rq import Worker
from rq.job import Job as RQJob
from rq.job import JobStatus
from rq.registry import StartedJobRegistry

from gis_app.jobs.connection import redis_connection
from gis_app.jobs.models import Job
from gis_app.jobs.runner import execute, queue, rq_id
from gis_app.jobs.worker import SupervisedWorker

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(settings):
    """Job `state` rows that RQ counts as started by a worker named `worker` (registered as given)."""
    settings.OCOP_JOBS_ASYNC = True
    names = []

    def make(state="running", language="en", worker=None, hostname=None, pid=None):
        row = Job.objects.create(kind="test", function="tests.jobs_samples.sleep", params={"seconds": 1},
                                 state=state, language=language)
        rq_job = queue().enqueue(execute, row.pk, None, job_id=rq_id(row.pk))
        queue().remove(rq_job)  # "taken" by that worker
        if worker:
            other = Worker([queue()], connection=redis_connection(), name=worker)
            other.hostname, other.pid = hostname or other.hostname, pid or other.pid
            other.register_birth()
            names.append(other)
        rq_job.worker_name = worker
        rq_job.set_status(JobStatus.STARTED)
        rq_job.save()
        redis_connection().zadd(StartedJobRegistry(queue=queue()).key, {f"{rq_job.id}:execution-1": 9e9})
        return row

    yield make
    for other in names:
        other.register_death()


def dead_pid():
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def recover():
    return SupervisedWorker([queue()], connection=redis_connection()).recover_abandoned()


def test_a_job_left_running_by_a_dead_local_worker_fails_with_words(started):
    row = started(worker="dead-one", pid=dead_pid())
    assert recover() == [rq_id(row.pk)]
    row.refresh_from_db()
    assert row.state == "failed" and "worker ended unexpectedly" in row.message and row.finished_at
    assert RQJob.fetch(rq_id(row.pk), connection=redis_connection()).get_status() == JobStatus.FAILED
    assert StartedJobRegistry(queue=queue()).get_job_ids(cleanup=False) == []
    assert "dead-one" not in {w.name for w in Worker.all(connection=redis_connection())}  # its leftover is gone


def test_the_words_are_in_the_jobs_language(started):
    row = started(worker="dead-two", pid=dead_pid(), language="vi")
    recover()
    row.refresh_from_db()
    assert "tiến trình xử lý kết thúc bất ngờ" in row.message


def test_jobs_of_live_workers_here_or_elsewhere_are_left_running(started):
    import os

    here = started(worker="alive-here", pid=os.getppid())
    elsewhere = started(worker="on-another-machine", hostname="another-machine", pid=dead_pid())
    assert recover() == []
    assert {Job.objects.get(pk=row.pk).state for row in (here, elsewhere)} == {"running"}


def test_a_job_of_an_unregistered_worker_fails_but_a_finished_one_keeps_its_state(started):
    gone, done = started(worker="never-registered-or-expired"), started(state="done", worker="expired-too")
    assert sorted(recover()) == sorted([rq_id(gone.pk), rq_id(done.pk)])
    assert Job.objects.get(pk=gone.pk).state == "failed" and Job.objects.get(pk=done.pk).state == "done"
