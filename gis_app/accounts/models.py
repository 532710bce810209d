"""Who a user is in the programme: a role, and the area (officers) or producer (producer accounts) it covers."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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
