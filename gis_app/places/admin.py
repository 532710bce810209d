import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from gis_app.core.basemap import map_config
from gis_app.jobs.models import Job
from gis_app.jobs.progress import read_progress
from gis_app.jobs.runner import enqueue, settle
from gis_app.jobs.views import visible_job

from .forms import BoundaryUploadForm
from .models import AdminUnit, UnitName, UnitSuccession

UPLOADS = Path(settings.MEDIA_ROOT) / "boundary_uploads"


class UnitLabelsMixin:
    """Choice lists of units in an admin form read "phường An Bình (thành phố Dĩ An)": kind, name and parent
    (AdminUnit.objects.with_labels), never a bare name that another unit shares (#24)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is AdminUnit and "queryset" not in kwargs:
            kwargs["queryset"] = AdminUnit.objects.with_labels(timezone.localdate())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]  # a mixin of ModelAdmin


class UnitNameInline(admin.TabularInline):
    model = UnitName
    extra = 0


@admin.register(AdminUnit)
class AdminUnitAdmin(UnitLabelsMixin, LeafletGeoAdmin):
    list_display = ("name", "code", "level", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("level", "kind", "valid_to")
    search_fields = ("name__unaccent", "code")
    readonly_fields = ("name_ascii",)
    autocomplete_fields = ("parent",)
    inlines = [UnitNameInline]
    change_list_template = "admin/places/adminunit/change_list.html"

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete of other forms' unit fields lists these results by str(): labelled, one query.
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.with_labels(timezone.localdate()), duplicates

    def get_urls(self):
        return [
            path("import-boundaries/", self.admin_site.admin_view(self.import_boundaries),
                 name="places_adminunit_import"),
            path("import-boundaries/<int:job_id>/", self.admin_site.admin_view(self.import_boundaries_job),
                 name="places_adminunit_import_job"),
        ] + super().get_urls()

    def context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta,
                "title": _("Load official boundaries"), "map_config": map_config(), **extra}

    def import_boundaries(self, request):
        """Upload → a background job checks the file (dry run) → its page shows the map of new over old
        boundaries and a confirm button → a second job writes them (all or nothing)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = BoundaryUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            folder = UPLOADS / secrets.token_hex(16)
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / Path(upload.name).name
            with open(target, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            data = form.cleaned_data
            options = {"path": str(target), "name": target.name, "code_column": data["code_column"],
                       "name_column": data["name_column"] or None, "level": data["level"],
                       "valid_from": data["valid_from"].isoformat(),
                       "valid_to": data["valid_to"].isoformat() if data["valid_to"] else None,
                       "crs": data["crs"], "overlap_tolerance_m2": data["overlap_tolerance"],
                       "gap_tolerance_m2": data["gap_tolerance"]}
            job = enqueue("boundaries", "gis_app.places.jobs.check_boundaries", user=request.user,
                          params={"options": options})
            return redirect("admin:places_adminunit_import_job", job.pk)
        return TemplateResponse(request, "admin/places/adminunit/import_boundaries.html",
                                self.context(request, form=form))

    def import_boundaries_job(self, request, job_id):
        if not self.has_change_permission(request):
            raise PermissionDenied
        job = settle(visible_job(request, job_id))
        if job.kind != "boundaries":
            raise Http404
        result = job.result or {}
        # A passed check, not itself a write, confirmed at most once.
        confirmable = (job.state == Job.State.DONE and result.get("ok") and not result.get("written")
                       and not job.params.get("write") and not result.get("confirmed"))
        if request.method == "POST" and "confirm" in request.POST:
            if not confirmable:
                raise PermissionDenied
            write = enqueue("boundaries", "gis_app.places.jobs.check_boundaries", user=request.user,
                            params={"options": job.params["options"], "write": True})
            job.result = {**result, "confirmed": write.pk}
            job.save(update_fields=["result"])
            return redirect("admin:places_adminunit_import_job", write.pk)
        return TemplateResponse(request, "admin/places/adminunit/import_boundaries.html", self.context(
            request, job=job, progress=read_progress(job), result=result, confirmable=confirmable,
            preview=result.get("preview")))


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ("old_unit", "new_unit", "effective", "is_main_successor", "area_share")
    search_fields = ("old_unit__name__unaccent", "new_unit__name__unaccent", "old_unit__code", "new_unit__code")
    autocomplete_fields = ("old_unit", "new_unit")
