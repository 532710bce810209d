"""The admin's upload form for official unit boundaries."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .boundaries import GAP_TOLERANCE_M2, OVERLAP_TOLERANCE_M2
from .dates import registry_units_on
from .models import AdminUnit


class BoundaryUploadForm(forms.Form):
    file = forms.FileField(label=_("Boundary file"),
                           help_text=_("Shapefile (.shp or zipped .zip), GeoPackage (.gpkg) or GeoJSON"))
    code_column = forms.CharField(label=_("Column of the official code"), initial="code")
    name_column = forms.CharField(label=_("Column of the name (optional)"), required=False)
    level = forms.ChoiceField(label=_("level"), initial=AdminUnit.Level.COMMUNE,
                              choices=[(AdminUnit.Level.COMMUNE, AdminUnit.Level.COMMUNE.label),  # type: ignore[attr-defined]
                                       (AdminUnit.Level.DISTRICT, AdminUnit.Level.DISTRICT.label)])  # type: ignore[attr-defined]
    valid_from = forms.DateField(label=_("First day of these boundaries"), initial=registry_units_on,
                                 help_text=_("the units in force on this day are matched by code"))
    valid_to = forms.DateField(label=_("in force before"), required=False,
                               help_text=_("first day the units no longer exist"))
    crs = forms.ChoiceField(label=_("Coordinates of a file declaring none"), initial="auto", choices=[
        ("auto", _("as declared by the file")), ("wgs84", "WGS84"), ("vn2000", "VN-2000 TM-3")])
    overlap_tolerance = forms.FloatField(label=_("Overlap tolerance (m²)"), initial=OVERLAP_TOLERANCE_M2, min_value=0)
    gap_tolerance = forms.FloatField(label=_("Gap tolerance (m²)"), initial=GAP_TOLERANCE_M2, min_value=0)
