"""Moderated records: a status that only moderators set to "published", and one rule for who sees what.

Every record the public may see (producers, products, sites, villages, points of sale, events, …) derives
from `Publishable`; its queryset's `published()` is the one definition of "public" (a model may narrow it:
a product also needs its producer published) and `visible_to(user)` the one visibility rule: everything for
staff who see drafts, `published()` for everybody else. Raw SQL takes `Status.PUBLISHED` as a bound parameter.

Who "sees drafts" is a question about roles, which `gis_app.accounts` answers: its AppConfig.ready() installs
its rule with `set_viewer_rule` (core stays below accounts). Until then nobody sees drafts.
"""
from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .text import NormalizedTextMixin


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


def _nobody_sees_drafts(user):
    return False


_sees_unpublished = _nobody_sees_drafts


def set_viewer_rule(rule: Callable[[Any], bool]) -> None:
    """Install `rule(user) -> bool`: whether `user` sees unpublished records (gis_app.accounts does, once)."""
    global _sees_unpublished
    _sees_unpublished = rule


def sees_unpublished(user: Any) -> bool:
    """Whether `user` sees drafts and private contacts (the rule gis_app.accounts installed)."""
    return _sees_unpublished(user)


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """The public rows. Models whose publicity depends on another record override this (and only this)."""
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """The rows `user` may see: all for staff who see drafts, else `published()`."""
        return self if sees_unpublished(user) else self.published()


class StaleRecord(Exception):
    """The record was saved by someone else since this copy was read: saving it would overwrite their change."""

    def __init__(self, record, current_version):
        self.record, self.current_version = record, current_version
        super().__init__(f"{record._meta.label} {record.pk}: version {record.version} is stale "
                         f"(now {current_version})")


class Publishable(NormalizedTextMixin, models.Model):
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    # Database defaults too: bulk loaders and SQL benchmarks insert rows without these columns.
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, default="", db_default="")
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1,
                                          help_text=_("raised by every save; an edit of an older version is refused"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Save only if nobody saved since this copy's `version` was read (else StaleRecord); raise the version.

        The conditional UPDATE takes the row lock, so two concurrent saves of the same version cannot both pass.
        """
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            claimed = type(self)._base_manager.filter(pk=self.pk, version=self.version).update(
                version=F("version") + 1)
            if not claimed:
                current = type(self)._base_manager.filter(pk=self.pk).values_list("version", flat=True).first()
                if current is not None:
                    raise StaleRecord(self, current)
                return super().save(*args, **kwargs)  # deleted meanwhile: let Django decide (insert)
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            return super().save(*args, **kwargs)
