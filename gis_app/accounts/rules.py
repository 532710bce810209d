"""Who may change which record: the one place every write path (admin, API, imports, tours) asks.

A record's area is its commune (and that commune's district); a record without a commune is placed by its
geometry inside the officer's unit. Products and evaluations take the area of their producer.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from gis_app.core import access
from gis_app.core.publishing import Status

from .models import OFFICER_LEVELS, Profile, Role

ADMINISTRATOR = "administrator"
AREA_OFFICERS = set(OFFICER_LEVELS)
MODERATORS = {ADMINISTRATOR, Role.PROVINCIAL_OFFICER}

# Which records: each model declares its area path (commune, geometry), the producer a producer account speaks
# for, and whether only the province writes it (`access = Access(...)` on the model, gis_app/core/access.py).
# Recognition decisions are the province's: only provincial officers and administrators record, change or
# revoke evaluations (Decisions 148/2023, 1489/2025); area officers and producers see them, never write them.


def _area_paths(model):
    return access.area_paths(model)


def _own_producer_path(model):
    declared = access.access_of(model)
    return declared.own_producer if declared is not None else None


def _by_province(model):
    declared = access.access_of(model)
    return declared is not None and declared.by_province


def role_of(user):
    """The user's role: ADMINISTRATOR for superusers, a Role, or None (visitors, users without a role)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ADMINISTRATOR
    try:
        return user.profile.role
    except Profile.DoesNotExist:
        return None


def profile_of(user):
    return user.profile if role_of(user) not in (None, ADMINISTRATOR) else None


def sees_unpublished(user):
    """Staff (officers, planners, administrators) see drafts and private contacts; producer accounts do not."""
    return bool(user is not None and user.is_active and user.is_staff and role_of(user) != Role.PRODUCER)


def may_moderate(user):
    """Publishing, rejecting and reverting history belong to provincial officers and administrators."""
    return role_of(user) in MODERATORS


def may_plan_tours(user):
    return role_of(user) in MODERATORS | {Role.TOURISM_PLANNER}


def _get(record, path):
    for step in path.split("__"):
        record = getattr(record, step, None) if record is not None else None
    return record


def _area_query(model, unit):
    commune_path, geometry_path = _area_paths(model)
    return (Q(**{commune_path: unit}) | Q(**{f"{commune_path}__parent": unit})
            | Q(**{f"{commune_path}__isnull": True, f"{geometry_path}__coveredby": unit.geom}))


def editable(user, queryset):
    """The rows of `queryset` (a registry model or Tour) that `user` may change."""
    role, model = role_of(user), queryset.model
    if role in MODERATORS:
        return queryset
    if _by_province(model):
        return queryset.none()
    if model.__name__ == "Tour":
        # a tour whose creator was deleted has no owner left: only moderators may change it
        return queryset.filter(created_by=user) if may_plan_tours(user) else queryset.none()
    if role in AREA_OFFICERS and _area_paths(model):
        return queryset.filter(_area_query(model, user.profile.unit))
    if role == Role.PRODUCER and _own_producer_path(model):
        return queryset.filter(**{_own_producer_path(model): user.profile.producer_id})
    return queryset.none()


def private_fields(model):
    """The fields of `model` only those who may change a row read (`Access.private`)."""
    declared = access.access_of(model)
    return declared.private if declared is not None else ()


def reads_private(user, queryset):
    """The rows of `queryset` whose private fields `user` may read: those the user may change. So a producer
    account reads its own, commune and district officers those inside their area, provincial officers and
    administrators all, tourism planners and visitors none: the rows the admin already limits them to, so the
    API, the admin and its history, exports and pages apply one rule."""
    return editable(user, queryset)


def in_area(unit, record):
    """Whether the (possibly unsaved) `record` lies in `unit`: its commune there, and its geometry inside it.

    Both are checked, so that neither a borrowed commune nor a moved point can carry a record across a border.
    """
    commune_path, geometry_path = _area_paths(type(record))
    commune, geometry = _get(record, commune_path), _get(record, geometry_path)
    if commune is None and geometry is None:
        return False
    if commune is not None and unit.pk not in (commune.pk, commune.parent_id):
        return False
    return geometry is None or unit.geom.covers(geometry)


def refusal(user, record):
    """Why `user` may not save `record` as it now stands (a translated message), or None if they may.

    Checks the stored record (is it theirs to change?) and the new values (do they stay theirs?).
    """
    role, model = role_of(user), type(record)
    if role in MODERATORS:
        return None
    if role is None:
        return _("You need an officer or producer account to change the registry.")
    if _by_province(model):
        return _("Only provincial officers and administrators record, change or revoke OCOP evaluations.")
    if model.__name__ == "Tour":
        if not may_plan_tours(user) or not may_change_stored(user, record):
            return _("Only tourism planners may change tours, and only their own.")
        return None
    if not _area_paths(model) or role == Role.TOURISM_PLANNER:
        return _("Your role may not change %(records)s.") % {"records": model._meta.verbose_name_plural}
    if not may_change_stored(user, record):
        return outside_message(user)
    if role in AREA_OFFICERS and not in_area(user.profile.unit, record):
        return outside_message(user)
    if role == Role.PRODUCER and _get(record, _own_producer_path(model) or "-") != user.profile.producer_id:
        return _("A producer account may change only its own producer and products.")
    return None


def outside_message(user):
    profile = profile_of(user)
    if profile is not None and profile.unit is not None:
        return _("This record lies outside your area (%(unit)s): you may only change records inside it.") % {
            "unit": profile.unit.name}
    return _("A producer account may change only its own producer and products.")


def can_edit(user, record):
    """Whether `user` may save `record` with its current (possibly edited) values."""
    return refusal(user, record) is None


def may_change_stored(user, record):
    """Whether the stored `record` is one `user` may change (its unsaved edits aside)."""
    if record.pk is None:
        return True
    return editable(user, type(record)._base_manager.filter(pk=record.pk)).exists()


def check_write(user, record):
    """Raise PermissionDenied(message) unless `user` may save `record`."""
    message = refusal(user, record)
    if message is not None:
        raise PermissionDenied(message)


def prefer_own_unit(user, record):
    """Have a commune found from `record`'s location prefer `user`'s own unit when the point lies on a boundary
    (`places.territory.commune_at`), so an officer's record stays in the officer's area."""
    if role_of(user) in AREA_OFFICERS and user.profile.unit is not None:
        record._prefer_unit = user.profile.unit


def claim_for_producer(user, record):
    """A new record a producer account creates speaks for the account's producer: its `own_producer` foreign key
    (a field `<name>_id` of the record itself, such as an event's `proposed_by_id`), left empty, takes it."""
    path = _own_producer_path(type(record))
    if (role_of(user) == Role.PRODUCER and record.pk is None and path and path.endswith("_id") and "__" not in path
            and getattr(record, path, None) is None):
        setattr(record, path, user.profile.producer_id)


def apply_review_rule(user, record):
    """Producer accounts' changes wait for review: a new, draft or rejected record they save goes to "submitted";
    an edit of a published record leaves it published and waits as a pending change (accounts/pending.py)."""
    if role_of(user) == Role.PRODUCER and hasattr(record, "status"):
        published = record.pk is not None and type(record)._base_manager.filter(
            pk=record.pk, status=Status.PUBLISHED).exists()
        record.status = Status.PUBLISHED if published else Status.SUBMITTED
