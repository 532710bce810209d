"""Pending changes: a producer account's edit of a published record waits for a moderator (issue #25 item 5).

Before, a producer's edit sent the whole record back to "submitted": the product page and the QR code on its
packaging were 404 until a provincial officer published it again. Now every write path (admin form and its
inlines, API, imports) saves through `save_edit`: for a producer account editing a published record the record
is left as published and the edit is kept as a `PendingChange` (the changed fields only); rows added with it
that have an `awaiting_review` flag (photos) are saved hidden and wait with it. A moderator sees the diff and
accepts (the values are written, as the moderator, into the record's history) or rejects with a reason (the
held rows are deleted). Edits of drafts and rejected records keep the review rule of `rules.apply_review_rule`.
"""
import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gis_app.core.publishing import StaleRecord, Status

from .models import PendingChange, Role
from .rules import check_write, may_moderate, role_of

# Fields an edit never carries: moderation and bookkeeping.
NOT_EDITED = {"id", "status", "rejection_reason", "version", "created_at", "updated_at"}


def edited_fields(model):
    return [f for f in model._meta.concrete_fields
            if f.editable and not f.primary_key and f.name not in NOT_EDITED
            and not isinstance(f, models.GeneratedField)]


def waits_for_review(user, record):
    """Whether `user`'s edit of `record` is kept as a pending change: a producer account, a published record."""
    return (role_of(user) == Role.PRODUCER and record.pk is not None and hasattr(record, "status")
            and type(record)._base_manager.filter(pk=record.pk, status=Status.PUBLISHED).exists())


def open_change(record):
    """The pending change of `record`, or None."""
    return PendingChange.objects.filter(content_type=ContentType.objects.get_for_model(type(record)),
                                        object_id=record.pk, state=PendingChange.State.PENDING).first()


def _text(field, record):
    value = field.value_from_object(record)
    return None if value is None else field.value_to_string(record)


def _read(field, text):
    return None if text is None else field.to_python(text)


def save_edit(user, record):
    """Save `record` as `user` edited it, or keep the edit as a pending change (then the PendingChange)."""
    if not waits_for_review(user, record):
        record._history_user = user
        record.save()
        return None
    return propose(user, record)


@transaction.atomic
def propose(user, record):
    """Keep `record`'s edited fields as the record's one pending change; the stored record is not written."""
    model = type(record)
    stored = model._base_manager.select_for_update().get(pk=record.pk)
    if record.version != stored.version:
        raise StaleRecord(record, stored.version)
    values = {f.name: _text(f, record) for f in edited_fields(model)
              if f.value_from_object(record) != f.value_from_object(stored)}
    change = open_change(record)
    if change is None:
        if not values:
            return None
        change = PendingChange(content_type=ContentType.objects.get_for_model(model), object_id=record.pk)
    change.values, change.base_version, change.proposed_by = values, stored.version, user
    change.save()
    return change


def hold(user, parent, row):
    """Save `row` (added with `user`'s edit of `parent`): hidden and held by the parent's pending change when the
    edit waits for review and the row can wait (`awaiting_review`); else saved as usual."""
    if not (waits_for_review(user, parent) and hasattr(row, "awaiting_review")):
        row.save()
        return None
    row.awaiting_review = True
    row.save()
    with transaction.atomic():
        change = open_change(parent) or PendingChange(
            content_type=ContentType.objects.get_for_model(type(parent)), object_id=parent.pk,
            base_version=type(parent)._base_manager.filter(pk=parent.pk).values_list("version", flat=True).get())
        change.held = [*change.held, {"model": row._meta.label_lower, "pk": row.pk}]
        change.proposed_by = user
        change.save()
    return change


def _held_rows(change):
    from django.apps import apps

    for item in change.held:
        row = apps.get_model(item["model"])._base_manager.filter(pk=item["pk"]).first()
        if row is not None:
            yield row


def shown(field, value):
    """A value as people read it: labels of choices and records, dates dd/mm/yyyy, "lon, lat" of a point."""
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    if getattr(value, "geom_type", None) == "Point":
        return f"{value.x:.6f}, {value.y:.6f}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def diff(change):
    """[(field label, published value, proposed value)] of `change`, as people read them."""
    record = change.record
    rows = []
    for name, text in change.values.items():
        field = type(record)._meta.get_field(name)
        rows.append((str(field.verbose_name), shown(field, field.value_from_object(record)),
                     shown(field, _read(field, text))))
    for row in _held_rows(change):
        rows.append((str(row._meta.verbose_name), "—", _("added: %(row)s") % {"row": row}))
    return rows


@transaction.atomic
def accept(user, change):
    """Write `change` into its record as `user` (a moderator); the held rows become public."""
    if not may_moderate(user):
        raise PermissionDenied(_("Only provincial officers and administrators accept changes."))
    if change.state != PendingChange.State.PENDING:
        raise ValidationError({"state": _("This change was already decided.")})
    model = change.content_type.model_class()
    record = model._base_manager.select_for_update().get(pk=change.object_id)
    if record.version != change.base_version:
        raise ValidationError({"state": _(
            "The record was changed after this edit was proposed (version %(then)d, now %(now)d): check the "
            "difference again, then reject this change and ask for a new one if needed.") % {
            "then": change.base_version, "now": record.version}})
    for name, text in change.values.items():
        field = model._meta.get_field(name)
        setattr(record, field.attname, _read(field, text))
    record.full_clean(validate_unique=False)
    check_write(user, record)
    record._history_user = user
    record._change_reason = _("accepted change proposed by %(user)s") % {"user": change.proposed_by}
    record.save()
    for row in _held_rows(change):
        row.awaiting_review = False
        row.save(update_fields=["awaiting_review"])
    _decide(user, change, PendingChange.State.ACCEPTED)
    return record


@transaction.atomic
def reject(user, change, reason):
    """Close `change` unapplied, saying why; the rows it held are deleted."""
    if not may_moderate(user):
        raise PermissionDenied(_("Only provincial officers and administrators reject changes."))
    if change.state != PendingChange.State.PENDING:
        raise ValidationError({"state": _("This change was already decided.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the change is rejected.")})
    for row in _held_rows(change):
        row.delete()
    change.reason = reason
    _decide(user, change, PendingChange.State.REJECTED)


def _decide(user, change, state):
    change.state, change.decided_by, change.decided_at = state, user, timezone.now()
    change.save(update_fields=["state", "decided_by", "decided_at", "reason"])
