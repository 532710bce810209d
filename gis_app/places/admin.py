import secrets
import shutil
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from .boundaries import BoundaryImport
from .forms import BoundaryUploadForm
from .models import AdminUnit, UnitName, UnitSuccession

UPLOADS = Path(settings.MEDIA_ROOT) / "boundary_uploads"


class UnitNameInline(admin.TabularInline):
    model = UnitName
    extra = 0


@admin.register(AdminUnit)
class AdminUnitAdmin(LeafletGeoAdmin):
    list_display = ("name", "code", "level", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("level", "kind", "valid_to")
    search_fields = ("name__unaccent", "code")
    readonly_fields = ("name_ascii",)
    autocomplete_fields = ("parent",)
    inlines = [UnitNameInline]
    change_list_template = "admin/places/adminunit/change_list.html"

    def get_urls(self):
        return [path("import-boundaries/", self.admin_site.admin_view(self.import_boundaries),
                     name="places_adminunit_import")] + super().get_urls()

    def import_boundaries(self, request):
        """Upload → dry run with a map of new over old boundaries → confirm → write (all or nothing)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "title": _("Load official boundaries")}
        pending = request.session.get("boundary_uploads", {})
        if request.method == "POST" and "confirm" in request.POST:
            options = pending.pop(request.POST.get("token", ""), None)
            request.session["boundary_uploads"] = pending
            if options is None:
                form = BoundaryUploadForm()
                return TemplateResponse(request, "admin/places/adminunit/import_boundaries.html",
                                        {**context, "form": form})
            report = self.job(options).run(dry_run=False)
            shutil.rmtree(Path(options["path"]).parent, ignore_errors=True)
            return TemplateResponse(request, "admin/places/adminunit/import_boundaries.html",
                                    {**context, "report": report, "form": None if report.written else
                                     BoundaryUploadForm()})
        form = BoundaryUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            token = secrets.token_hex(16)
            upload = form.cleaned_data["file"]
            folder = UPLOADS / token
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
            report = self.job(options).run(dry_run=True)
            if report.ok:
                pending[token] = options
                request.session["boundary_uploads"] = pending
            else:
                shutil.rmtree(folder, ignore_errors=True)
            return TemplateResponse(request, "admin/places/adminunit/import_boundaries.html", {
                **context, "report": report, "token": token if report.ok else None,
                "preview": report.preview() if report.units else None, "form": None if report.ok else form})
        return TemplateResponse(request, "admin/places/adminunit/import_boundaries.html", {**context, "form": form})

    @staticmethod
    def job(options):
        import datetime
        options = dict(options)
        for key in ("valid_from", "valid_to"):
            options[key] = datetime.date.fromisoformat(options[key]) if options[key] else None
        return BoundaryImport(**options)


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ("old_unit", "new_unit", "effective", "is_main_successor", "area_share")
    search_fields = ("old_unit__name__unaccent", "new_unit__name__unaccent", "old_unit__code", "new_unit__code")
    autocomplete_fields = ("old_unit", "new_unit")
