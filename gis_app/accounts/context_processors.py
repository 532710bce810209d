from .rules import may_plan_tours, sees_unpublished


def roles(request):
    """For templates: `is_programme_staff` (officers, planners, administrators, not producer accounts) and
    `may_plan_tours` (the tour planner's link)."""
    user = getattr(request, "user", None)
    return {"is_programme_staff": sees_unpublished(user), "may_plan_tours": may_plan_tours(user)}
