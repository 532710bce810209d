"""The Django groups behind the roles: which model permissions each role holds (the admin reads them).

Model permissions say what kind of record a role may touch; `rules.py` says which records.
"""
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .models import Role

ALL = ("view", "add", "change", "delete")
EDIT = ("view", "add", "change")
REGISTRY_RECORDS = ("producer", "product", "evaluation", "craftvillage", "tourismsite")
READ_REFERENCE = [("places", "adminunit", ("view",)), ("registry", "productsubgroup", ("view",)),
                  ("registry", "productgroup", ("view",)), ("registry", "ruleset", ("view",))]

# The public catalogue (issue 15): points of sale, promotion events, photos.
CATALOGUE_PRODUCER = [("sales", "pointofsale", EDIT), ("photos", "photo", ALL), ("events", "event", ("view",))]
CATALOGUE_OFFICER = [("sales", "pointofsale", EDIT), ("events", "event", EDIT), ("photos", "photo", ALL)]

GROUPS = {
    Role.PRODUCER: ("Producer accounts", [
        ("registry", "producer", ("view", "change")), ("registry", "product", EDIT),
        ("registry", "productphoto", ALL), *READ_REFERENCE, *CATALOGUE_PRODUCER]),
    Role.COMMUNE_OFFICER: ("Area officers", [
        *[("registry", model, EDIT) for model in REGISTRY_RECORDS],
        ("registry", "productphoto", ALL), ("registry", "sitephoto", ALL),
        ("imports", "importrun", ("view", "add")), ("imports", "locationtocheck", ("view",)), *READ_REFERENCE,
        *CATALOGUE_OFFICER]),
    Role.PROVINCIAL_OFFICER: ("Provincial officers", [
        ("registry", None, ALL), ("imports", None, ALL), ("tours", None, ALL), ("places", None, ("view",)),
        ("sales", None, ALL), ("events", None, ALL), ("photos", None, ALL),
        ("criteria", None, ("view",)), ("dossiers", None, ("view",))]),
    Role.TOURISM_PLANNER: ("Tourism planners", [
        ("tours", None, ALL), ("registry", "tourismsite", ("view",)), ("registry", "producer", ("view",))]),
}
GROUPS[Role.DISTRICT_OFFICER] = GROUPS[Role.COMMUNE_OFFICER]  # same kinds of records, a larger area


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
    for role, (name, grants) in GROUPS.items():
        group = groups.get(name) or Group.objects.get_or_create(name=name)[0]
        group.permissions.set(permissions_of(grants))
        groups[name] = group
    return {role: groups[name] for role, (name, _grants) in GROUPS.items()}


def ensure_groups_after_migrate(sender, **kwargs):
    # Again after the last app whose permissions the groups hold (permissions are made app by app).
    if sender.label in ("accounts", "photos", "dossiers"):
        ensure_groups()


def sync_groups(user, role):
    """Put `user` in the group of `role` only, and let them into the admin."""
    role_groups = Group.objects.filter(name__in={name for name, _grants in GROUPS.values()})
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get_or_create(name=GROUPS[role][0])[0])
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def assign_role(user, role, unit=None, producer=None):
    """Give `user` a role (validated: officers need their unit, producer accounts their producer)."""
    from .models import Profile

    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    profile.role, profile.unit, profile.producer = role, unit, producer
    profile.full_clean(exclude=["user"])
    profile.save()
    user.profile = profile
    return profile
