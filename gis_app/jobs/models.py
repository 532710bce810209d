"""A background job as the people who started it see it: what, who, state, progress and result.

The queue itself is RQ on Redis (gis_app/jobs/runner.py); this row is the durable record that pages, the
admin and the API read. Progress lives in Redis while the job runs, because a job that writes all-or-nothing
inside one transaction could not show progress through its own database rows.
"""
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def result_path(job, filename):
    """Unguessable: results may hold whole registry rows."""
    return f"jobs/{uuid.uuid4().hex}/{filename}"


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=64)
    function = models.CharField(_("function"), max_length=200)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    message = models.CharField(_("message"), max_length=500, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    result_file = models.FileField(_("result file"), upload_to=result_path, blank=True)
    # Messages are worded in the language of the request that started the job.
    language = models.CharField(_("language"), max_length=8, blank=True, default="", db_default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "created_at"], name="jobs_state_created_idx")]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.get_state_display()})"

    @property
    def finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def progress(self):
        """{"done", "total", "message"} while running (from Redis); complete once finished."""
        from .progress import read_progress

        return read_progress(self)
