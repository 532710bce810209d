"""A record of each import (who, what file, the report) and the rows it placed only by their commune."""
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from gis_app.core.access import VIEW, Access
from gis_app.places.models import AdminUnit

from .kinds import KIND_CHOICES


def upload_path(run, filename):
    """An unguessable path: the lists hold households' private phones and MEDIA_URL is served in debug mode."""
    return f"imports/{uuid.uuid4().hex}/{filename}"


class ImportRun(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to run")
        RUNNING = "running", _("Running")
        CHECKED = "checked", _("Checked (dry run)")
        REFUSED = "refused", _("Refused")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Failed")

    ACTIVE = (State.QUEUED, State.RUNNING)

    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
                             on_delete=models.SET_NULL)
    kind = models.CharField(_("records"), max_length=16, choices=KIND_CHOICES)
    file = models.FileField(_("file"), upload_to=upload_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    crs = models.CharField(_("coordinates"), max_length=8, default="wgs84",
                           choices=[("wgs84", _("WGS84 longitude/latitude")),
                                    ("vn2000", _("VN-2000 TM-3 (X northing, Y easting)"))])
    central_meridian = models.FloatField(_("central meridian (VN-2000)"), default=105.75)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True,
                               help_text=_("source column → field, overriding the guessed mapping"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    # the background job checking or importing the file now (gis_app/jobs); its progress shows on the review page
    job = models.ForeignKey("jobs.Job", verbose_name=_("background job"), null=True, blank=True,
                            on_delete=models.SET_NULL, related_name="+")

    access = Access(area_officer=("view", "add"))

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_kind_display()}, {self.created_at:%Y-%m-%d %H:%M})"

    @property
    def active(self):
        return self.state in self.ACTIVE

    def settle(self):
        """A run whose job failed without saying so (a killed worker, a hard limit) ends "failed"."""
        if self.active and self.job_id:
            from gis_app.jobs.runner import settle

            job = settle(self.job)
            if job.state == job.State.FAILED:
                self.state, self.summary = self.State.FAILED, job.message[:500]
                self.save(update_fields=["state", "summary"])
        return self


class LocationToCheck(models.Model):
    """A record an import placed at its commune's centre because the row had no coordinates."""

    run = models.ForeignKey(ImportRun, verbose_name=_("import"), on_delete=models.CASCADE, related_name="to_check")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    row = models.PositiveIntegerField(_("row"))
    commune = models.ForeignKey(AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT)

    access = Access(area_officer=VIEW)

    class Meta:
        verbose_name = _("location to check")
        verbose_name_plural = _("locations to check (placed at a commune's centre)")
        indexes = [models.Index(fields=["content_type", "object_id"], name="imports_tocheck_record_idx")]

    def __str__(self):
        return str(self.record)
