from .rules import sees_unpublished


def roles(request):
    """`is_programme_staff` for templates: officers, planners, administrators (not producer accounts)."""
    return {"is_programme_staff": sees_unpublished(getattr(request, "user", None))}
