"""Forms of the admin import pages: the upload, then the column mapping with the confirmation."""
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gis_app.core.readers import SUPPORTED

from .kinds import KIND_CHOICES, KINDS
from .mapping import COORDINATE_FIELDS
from .models import ImportRun


class UploadForm(forms.ModelForm):
    file = forms.FileField(label=_("file"), help_text=_("CSV, Excel (.xlsx), GeoJSON, GeoPackage or zipped "
                                                       "Shapefile (.zip)"))
    kind = forms.ChoiceField(label=_("records"), choices=KIND_CHOICES)

    class Meta:
        model = ImportRun
        fields = ["kind", "file", "crs", "central_meridian"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not any(upload.name.lower().endswith(suffix) for suffix in SUPPORTED):
            raise forms.ValidationError(_("Unsupported file type. Use one of: %(types)s.")
                                        % {"types": ", ".join(SUPPORTED)})
        if upload.size > settings.OCOP_IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("“%(name)s” is %(size).1f MB; files up to %(max).1f MB can be imported.")
                                        % {"name": upload.name, "size": upload.size / 1e6,
                                           "max": settings.OCOP_IMPORT_MAX_BYTES / 1e6})
        return upload


class MappingForm(forms.Form):
    """One choice of source column per field of the kind; the guessed mapping is the initial value."""

    accept_duplicates = forms.BooleanField(label=_("Import rows that look like duplicates anyway"), required=False)

    def __init__(self, run, columns, guessed, labels, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = KINDS[run.kind][0]
        other = COORDINATE_FIELDS["vn2000" if run.crs == "wgs84" else "wgs84"]
        choices = [("", "—")] + [(c, c) for c in columns]
        for name in kind.fields:
            if name in other:
                continue
            self.fields[f"map_{name}"] = forms.ChoiceField(
                label=f"{labels[name]}{' *' if name in kind.required else ''}", choices=choices, required=False,
                initial=guessed.get(name, ""))
        self.order_fields([name for name in self.fields if name != "accept_duplicates"] + ["accept_duplicates"])

    def mapping(self):
        """{source column: field} as chosen."""
        return {column: name[4:] for name, column in self.cleaned_data.items() if name.startswith("map_") and column}
