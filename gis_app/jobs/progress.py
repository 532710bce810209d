"""Job progress in Redis: written by the running job, read by pages and the admin outside its transaction."""
import time

from django.conf import settings

from .connection import redis_connection

# A job reports often; Redis is written at most this often, plus the last report.
MIN_INTERVAL_S = 0.25
TTL_S = 7 * 24 * 3600


def _key(job_id):
    return f"{settings.OCOP_JOBS_KEY_PREFIX}progress:{job_id}"


class Progress:
    """Handed to a job function as `job.progress`: call it with (done, total, message) as work advances."""

    def __init__(self, job_id):
        self.job_id, self._last = job_id, 0.0

    def __call__(self, done, total=None, message="", force=False):
        now = time.monotonic()
        if not force and now - self._last < MIN_INTERVAL_S:
            return
        self._last = now
        values = {"done": int(done), "total": "" if total is None else int(total), "message": str(message)[:500]}
        connection = redis_connection()
        connection.hset(_key(self.job_id), mapping=values)
        connection.expire(_key(self.job_id), TTL_S)


def read_progress(job):
    if job.finished:
        return {"done": 1, "total": 1, "message": job.message, "percent": 100}
    raw = redis_connection().hgetall(_key(job.pk))
    if not raw:
        return {"done": 0, "total": None, "message": "", "percent": 0}
    values = {k.decode(): v.decode() for k, v in raw.items()}
    done, total = int(values.get("done") or 0), int(values["total"]) if values.get("total") else None
    percent = min(99, round(100 * done / total)) if total else None
    return {"done": done, "total": total, "message": values.get("message", ""), "percent": percent}
