"""Admin pages for imports: upload a file, review the dry run (mapping, bad rows, duplicates), then import."""
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from gis_app.accounts import rules
from gis_app.core.basemap import map_config

from . import jobs
from .forms import MappingForm, UploadForm
from .kinds import KINDS
from .models import ImportRun, LocationToCheck


def record_permissions(model):
    """Importing creates and changes records: the user needs both rights on them, not only on imports."""
    meta = model._meta
    return [f"{meta.app_label}.add_{meta.model_name}", f"{meta.app_label}.change_{meta.model_name}"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["created_at", "file_name", "kind", "state", "summary", "user"]
    list_filter = ["kind", "state"]
    readonly_fields = ["created_at", "user", "kind", "file", "file_name", "crs", "central_meridian", "mapping",
                       "state", "summary", "report"]

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload_view), name="imports_importrun_upload"),
            path("<int:pk>/review/", wrap(self.review_view), name="imports_importrun_review"),
        ] + super().get_urls()

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:imports_importrun_upload")

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        """Officers see their own imports (reports hold whole rows, private contacts included)."""
        runs = super().get_queryset(request)
        return runs if rules.may_moderate(request.user) else runs.filter(user=request.user)

    def check_permission(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied

    def upload_view(self, request):
        """Step 1: the file and how its coordinates are written; a dry run follows at once."""
        self.check_permission(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            run = form.save(commit=False)
            run.user, run.file_name = request.user, request.FILES["file"].name
            run.save()
            jobs.start(run, request.user)  # a background job: the request returns at once
            return redirect("admin:imports_importrun_review", run.pk)
        return TemplateResponse(request, "admin/imports/importrun/upload.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
            "title": _("Import producers, products or tourism sites")})

    def review_view(self, request, pk):
        """Step 2: the dry-run report, the mapping to adjust, and the button that imports."""
        self.check_permission(request)
        run = get_object_or_404(self.get_queryset(request), pk=pk).settle()
        kind = KINDS[run.kind][0]
        columns = run.report.get("columns", [])
        form = MappingForm(run, columns, run.report.get("mapping", {}), kind.labels(), request.POST or None)
        if request.method == "POST" and not run.active and run.state != ImportRun.State.IMPORTED \
                and form.is_valid():
            run.mapping = form.mapping()
            commit = "import" in request.POST
            if commit and not request.user.has_perms(record_permissions(kind.model)):
                raise PermissionDenied
            jobs.start(run, request.user, commit=commit, accept_duplicates=form.cleaned_data["accept_duplicates"])
            run.refresh_from_db()
            if run.state == ImportRun.State.IMPORTED:  # jobs run at once when there is no worker (tests)
                self.message_user(request, run.summary, messages.SUCCESS)
                return redirect("admin:imports_importrun_changelist")
            return redirect("admin:imports_importrun_review", run.pk)
        progress = run.job.progress if run.active and run.job_id else None
        return TemplateResponse(request, "admin/imports/importrun/review.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "run": run, "form": form,
            "report": run.report, "title": _("Review the import of %(file)s") % {"file": run.file_name},
            "can_import": run.state != ImportRun.State.IMPORTED and not run.active and bool(columns),
            "progress": progress, "active": run.active, "map_config": map_config(),
            "upload_url": reverse("admin:imports_importrun_upload")})


@admin.register(LocationToCheck)
class LocationToCheckAdmin(admin.ModelAdmin):
    list_display = ["record", "commune", "run", "row"]
    list_filter = ["content_type"]
    readonly_fields = ["run", "content_type", "object_id", "row", "commune"]
