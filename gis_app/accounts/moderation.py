"""Moderation: draft → submitted → published, or rejected with a reason; who may take each step."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gis_app.core.publishing import Status

from .models import Role
from .rules import AREA_OFFICERS, check_write, may_moderate, role_of

# action -> (statuses it starts from, status it leads to)
TRANSITIONS = {
    "submit": ({Status.DRAFT, Status.REJECTED}, Status.SUBMITTED),
    "publish": ({Status.DRAFT, Status.SUBMITTED, Status.REJECTED}, Status.PUBLISHED),
    "reject": ({Status.SUBMITTED, Status.PUBLISHED}, Status.REJECTED),
}
SUBMITTERS = AREA_OFFICERS | {Role.PRODUCER}


def may_take(user, action):
    """Whether the role of `user` allows `action` at all (the record's area is checked separately)."""
    if action == "submit":
        return role_of(user) in SUBMITTERS or may_moderate(user)
    return may_moderate(user)


def status_change_refusal(user, previous, status):
    """Why a write by `user` (an import row, say) may not move a record from `previous` (None: a new record) to
    `status`, or None. A status changes only by a moderation step open to the user's role; rejecting needs a
    reason, so it is done in the admin or the API's reject action, never by a changed cell.
    """
    if status == previous:
        return None
    if previous is None and status in (Status.DRAFT, Status.SUBMITTED):
        return None  # a new record starts as a draft, or is handed in for review
    action = next((name for name, (_sources, target) in TRANSITIONS.items() if target == status), None)
    if action is None or action == "reject":
        return _("The status cannot be changed to “%(status)s” here: use the moderation actions (publish, "
                 "reject with a reason) in the admin.") % {"status": Status(status).label}
    if not may_take(user, action):
        return (_("Only provincial officers may publish records; import it as a draft.") if action == "publish"
                else _("Your role may not submit records for review."))
    if previous is not None and previous not in TRANSITIONS[action][0]:
        return _("A record that is “%(status)s” cannot be %(action)s.") % {
            "status": Status(previous).label, "action": ACTION_PAST[action]()}
    return None


def transition(user, record, action, reason=""):
    """Move `record` by `action` ("submit", "publish", "reject") as `user`; returns the saved record.

    Raises PermissionDenied when the role or area forbids it, ValidationError when the step does not
    apply to the record's status or a rejection has no reason.
    """
    if action not in TRANSITIONS:
        raise ValidationError({"action": _("Unknown action “%(action)s”.") % {"action": action}})
    if not may_take(user, action):
        raise PermissionDenied(_("Only provincial officers may publish or reject records.")
                               if action != "submit" else _("Your role may not submit records for review."))
    check_write(user, record)
    sources, target = TRANSITIONS[action]
    if record.status not in sources:
        raise ValidationError({"status": _("A record that is “%(status)s” cannot be %(action)s.") % {
            "status": Status(record.status).label, "action": ACTION_PAST[action]()}})
    reason = (reason or "").strip()
    if action == "reject" and not reason:
        raise ValidationError({"reason": _("Say why the record is rejected.")})
    record.status = target
    record.rejection_reason = reason if action == "reject" else ""
    record._history_user = user
    with transaction.atomic():
        record.save(update_fields=["status", "rejection_reason", "updated_at"])
    return record


ACTION_PAST = {
    "submit": lambda: _("submitted"),
    "publish": lambda: _("published"),
    "reject": lambda: _("rejected"),
}
