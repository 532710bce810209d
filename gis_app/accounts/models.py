"""Who a user is in the programme: a role, and the area (officers) or producer (producer accounts) it covers."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gis_app.core.access import VIEW, Access
from gis_app.places.models import AdminUnit


class Role(models.TextChoices):
    PRODUCER = "producer", _("Producer account")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    PROVINCIAL_OFFICER = "provincial_officer", _("Provincial officer")
    TOURISM_PLANNER = "tourism_planner", _("Tourism planner")


# The unit level each area officer is attached to.
OFFICER_LEVELS = {Role.COMMUNE_OFFICER: AdminUnit.Level.COMMUNE, Role.DISTRICT_OFFICER: AdminUnit.Level.DISTRICT}


class Profile(models.Model):
    """A user's role. Administrators are superusers and need no profile."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="profile")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(AdminUnit, verbose_name=_("administrative unit"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="officers",
                             limit_choices_to={"level__in": [AdminUnit.Level.DISTRICT, AdminUnit.Level.COMMUNE]},
                             help_text=_("for commune and district officers: the area they manage"))
    producer = models.ForeignKey("registry.Producer", verbose_name=_("producer"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="accounts",
                                 help_text=_("for producer accounts: the producer they speak for"))

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"

    def clean(self):
        level = OFFICER_LEVELS.get(self.role)
        if level and (self.unit is None or self.unit.level != level):
            raise ValidationError({"unit": gettext("A %(role)s needs a unit of level “%(level)s”.") % {
                "role": self.get_role_display().lower(), "level": AdminUnit.Level(level).label}})
        if self.role == Role.PRODUCER and self.producer_id is None:
            raise ValidationError({"producer": gettext("A producer account needs its producer.")})

    # Saving a profile puts its user in the role's group: roles.sync_profile_groups, a post_save receiver
    # connected in apps.py (so this module does not import roles.py, which imports it).


class PendingChange(models.Model):
    """A producer account's edit of a published record, kept apart until a moderator accepts it (#25 item 5).

    The record stays as published (its page and QR target public) meanwhile. `values` holds the edited fields
    as text (`Field.value_to_string`, read back with `Field.to_python`); `held` the rows added with the edit
    that wait with it (photos: `awaiting_review` until accepted). One open change per record: a new edit
    replaces it. `gis_app/accounts/pending.py` holds the rule.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("awaiting review")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    content_type = models.ForeignKey("contenttypes.ContentType", verbose_name=_("record type"),
                                     on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("record id"))
    values = models.JSONField(_("changed values"), default=dict, blank=True)
    held = models.JSONField(_("rows added with the change"), default=list, blank=True)
    base_version = models.PositiveIntegerField(_("version edited"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING,
                             db_index=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True,
                                    on_delete=models.SET_NULL, related_name="proposed_changes")
    proposed_at = models.DateTimeField(_("proposed at"), auto_now=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="decided_changes")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason for rejection"), blank=True, default="")

    # Moderators decide (the app-wide grant in AccountsConfig.ready); producers and area officers read.
    access = Access(producer=VIEW, area_officer=VIEW)

    class Meta:
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        ordering = ["-proposed_at"]
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"],
                                               condition=models.Q(state="pending"),
                                               name="pendingchange_one_open_per_record")]

    def __str__(self):
        return f"{self.content_type.name} #{self.object_id} ({self.get_state_display()})"

    @property
    def record(self):
        return self.content_type.model_class()._base_manager.filter(pk=self.object_id).first()
