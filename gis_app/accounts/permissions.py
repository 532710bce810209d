"""Access checks for staff pages and APIs: staff in the programme's sense (producer accounts use the admin
for their own records only, so `is_staff` alone is not enough)."""
from django.contrib.auth.decorators import user_passes_test
from django.urls import reverse_lazy
from rest_framework.permissions import BasePermission

from .rules import sees_unpublished


class ProgrammeStaff(BasePermission):
    """Officers, planners and administrators; not visitors, not producer accounts."""

    def has_permission(self, request, view):
        return sees_unpublished(request.user)


# Like staff_member_required: others are sent to the admin login.
programme_staff_required = user_passes_test(sees_unpublished, login_url=reverse_lazy("admin:login"))
