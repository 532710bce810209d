"""When a place is open: the fields tourism sites and points of sale share, and their check."""
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class OpeningHours(models.Model):
    opening_time = models.TimeField(_("opens at"), null=True, blank=True)
    closing_time = models.TimeField(_("closes at"), null=True, blank=True)
    open_weekdays = ArrayField(models.PositiveSmallIntegerField(), verbose_name=_("open on weekdays"),
                               default=list, blank=True, help_text=_("0 = Monday … 6 = Sunday; empty = every day"))
    opening_note = models.CharField(_("opening hours note"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def check_opening_hours(self):
        """Raise a ValidationError on `open_weekdays` naming the rule when a day is out of 0–6."""
        if any(day > 6 for day in self.open_weekdays or []):
            raise ValidationError({"open_weekdays": gettext("Weekdays are numbered 0 (Monday) to 6 (Sunday).")})
