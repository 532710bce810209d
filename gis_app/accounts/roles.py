"""The Django groups behind the roles: which model permissions each role holds (the admin reads them).

Model permissions say what kind of record a role may touch; `rules.py` says which records.
"""
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from gis_app.core import access

from .models import Role

# Each role's group holds the model permissions the models declare for its audience (`access = Access(...)`
# on the model, gis_app/core/access.py, collected by each app's AppConfig.ready()).
ROLE_GROUPS = {
    Role.PRODUCER: ("Producer accounts", "producer"),
    Role.COMMUNE_OFFICER: ("Area officers", "area_officer"),
    Role.DISTRICT_OFFICER: ("Area officers", "area_officer"),  # same kinds of records, a larger area
    Role.PROVINCIAL_OFFICER: ("Provincial officers", "provincial_officer"),
    Role.TOURISM_PLANNER: ("Tourism planners", "tourism_planner"),
}


def grants_of(role):
    """[(app label, model or None for all, actions)] of `role`'s group."""
    return access.grants(ROLE_GROUPS[role][1])


def permissions_of(grants):
    """The Permission rows of [(app label, model or None for all, actions)]."""
    query = Q(pk__in=[])
    for app_label, model, actions in grants:
        codenames = Q(codename__regex=rf"^({'|'.join(actions)})_")
        scope = Q(content_type__app_label=app_label) & (Q(content_type__model=model) if model else Q())
        query |= scope & codenames
    return Permission.objects.filter(query)


def ensure_groups():
    """Create or update the role groups with exactly their permissions; returns {role: group}."""
    groups = {}
    for role, (name, _audience) in ROLE_GROUPS.items():
        group = groups.get(name) or Group.objects.get_or_create(name=name)[0]
        group.permissions.set(permissions_of(grants_of(role)))
        groups[name] = group
    return {role: groups[name] for role, (name, _audience) in ROLE_GROUPS.items()}


def ensure_groups_after_migrate(sender, **kwargs):
    # Again after the last app whose permissions the groups hold (permissions are made app by app).
    if sender.label == "accounts" or sender.label in access.registered_apps()[-1:]:
        ensure_groups()


def sync_groups(user, role):
    """Put `user` in the group of `role` only, and let them into the admin."""
    role_groups = Group.objects.filter(name__in={name for name, _audience in ROLE_GROUPS.values()})
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get_or_create(name=ROLE_GROUPS[role][0])[0])
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def sync_profile_groups(sender, instance, **kwargs):
    """post_save of Profile (connected in apps.py): the user joins the group of the saved role."""
    sync_groups(instance.user, instance.role)


def assign_role(user, role, unit=None, producer=None):
    """Give `user` a role (validated: officers need their unit, producer accounts their producer)."""
    from .models import Profile

    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    profile.role, profile.unit, profile.producer = role, unit, producer
    profile.full_clean(exclude=["user"])
    profile.save()
    user.profile = profile
    return profile
