"""Background jobs in the admin: read-only, each user sees the jobs they started (superusers all)."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "state", "percent", "message", "created_by"]
    list_filter = ["kind", "state"]
    readonly_fields = ["kind", "function", "params", "state", "message", "result", "result_file", "created_by",
                       "created_at", "started_at", "finished_at"]

    @admin.display(description=_("progress"))
    def percent(self, job):
        percent = job.progress.get("percent")
        return "—" if percent is None else f"{percent} %"

    def get_queryset(self, request):
        jobs = super().get_queryset(request)
        return jobs if request.user.is_superuser else jobs.filter(created_by=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
