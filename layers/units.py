"""The unit of the report day on a layer's rows (#24): today's ward or commune by default, any earlier day with
`?units_on=YYYY-MM-DD`, next to the commune the record was filed under (kept as the history columns).

Declared once for every layer whose records have a commune and a place: `unit_fields()` are two public fields,
`units_filter(commune, point)` the dated filter that computes them in SQL (`places_unit_of` and
`places_unit_json`, places/naming.py, one expression per row, no Python step per row). It narrows nothing
(`Filter.narrows=False`): OGC pages rebuilt from ids apply it again (`Layer.dated`).
"""
from django.db.models import F
from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _

from gis_app.places.dates import PARAMETER, report_day
from gis_app.places.naming import UnitLabel, unit_of_day_expression

from .layer import Field, Filter


def unit_fields():
    """`unit_code` (official code) and `unit_name` ("phường Thủ Dầu Một, Thành phố Hồ Chí Minh") of the day."""
    return (Field("unit_code", title=_("administrative unit code (report day)")),
            Field("unit_name", title=_("administrative unit (report day)")))


def units_filter(commune, point, area=False):
    """`?units_on=`: the day the unit fields are read on (default today). `commune`, `point`: the rows' field
    paths (with `area`, `point` is a polygon whose point on surface stands for it)."""

    def annotate(queryset, day):
        return queryset.alias(unit_of_day=unit_of_day_expression(commune, point, day, area=area)).annotate(
            unit_code=KT("unit_of_day__code"), unit_name=UnitLabel(F("unit_of_day")))

    return Filter(PARAMETER, PARAMETER, _("units in force on this day (default today)"), kind="date",
                  method=annotate, default=report_day, narrows=False)
