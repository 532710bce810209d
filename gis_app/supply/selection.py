"""Which producers a supply study looks at: filters by product group, stars and administrative unit of a day
(today's wards and communes by default, #24), checked against the data."""
import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gis_app.api.queries import in_unit, resolve_unit
from gis_app.core.errors import InputError
from gis_app.core.params import parse_int
from gis_app.places.dates import report_day, units_on
from gis_app.places.models import AdminUnit
from gis_app.registry.models import Producer, Product, ProductGroup, ProductSubgroup


@dataclass(frozen=True)
class ProducerFilter:
    """Producer selection: a group or sub-group code (either taxonomy), minimum current stars, and the code of
    an administrative unit (`unit`) read on the day `units_on` (today by default): one of today's wards and
    communes, or with units_on=2025-06-30 an old commune or district. `district` is the deprecated filter of
    before #24: an old (pre-2025) district code, kept so that existing links keep working."""

    group: str = ""
    min_stars: int | None = None
    district: str = ""
    unit: str = ""
    units_on: datetime.date = field(default_factory=report_day)

    def subgroups(self):
        """Ids of the sub-groups the `group` code stands for, with their equivalents in the other taxonomy."""
        if not self.group:
            return None
        codes = ProductSubgroup.objects.filter(code=self.group)
        if not codes.exists():
            if not ProductGroup.objects.filter(code=self.group).exists():
                raise InputError("group", _("Unknown product group or sub-group “%(code)s”.") % {"code": self.group})
            codes = ProductSubgroup.objects.filter(group__code=self.group)
        ids = set(codes.values_list("id", flat=True))
        ids |= set(ProductSubgroup.equivalents.through.objects.filter(from_productsubgroup__in=ids)
                   .values_list("to_productsubgroup_id", flat=True))
        return ids

    def producers(self):
        """Published producers with at least one published product matching group and stars, in the unit (a
        producer filed under an old commune is in the ward that took it over) and the old district."""
        producers = Producer.objects.published()
        subgroups = self.subgroups()
        if subgroups is not None or self.min_stars:
            products = Product.objects.published()
            if subgroups is not None:
                products = products.filter(subgroup__in=subgroups)
            if self.min_stars:
                products = products.with_current_stars().filter(current_stars__gte=self.min_stars)
            producers = producers.filter(id__in=products.values("producer_id"))
        if self.district:
            if not AdminUnit.objects.filter(level=AdminUnit.Level.DISTRICT, code=self.district).exists():
                raise InputError("district", _("Unknown district code “%(code)s”.") % {"code": self.district})
            producers = producers.filter(commune__parent__level=AdminUnit.Level.DISTRICT,
                                         commune__parent__code=self.district)
        if self.unit:
            producers = in_unit(producers, resolve_unit(self.unit, self.units_on))
        return producers

    def ids_sql(self):
        """(sql, params) selecting the ids of the chosen producers, to embed as a subquery."""
        return self.producers().values("id").query.sql_with_params()

    def ids_sql_named(self, prefix="ids"):
        """Like ids_sql, with named placeholders (%(ids_0)s …) and a dict of params, for named-parameter SQL."""
        sql, params = self.ids_sql()
        names = iter(range(len(params)))
        sql = re.sub(r"%%|%s", lambda m: m.group(0) if m.group(0) == "%%" else f"%({prefix}_{next(names)})s", sql)
        return sql, {f"{prefix}_{i}": value for i, value in enumerate(params)}

    @classmethod
    def from_params(cls, params):
        """The filter named by request parameters `group`, `min_stars`, `unit`, `units_on` and (deprecated)
        `district`; InputError naming the field for a bad day, stars or unit code."""
        stars = params.get("min_stars") or None
        day, unit = units_on(params.get("units_on")), (params.get("unit") or "").strip()
        if unit:
            resolve_unit(unit, day)  # an unknown code is refused now (a job's parameters before it is queued)
        return cls(
            units_on=day,
            unit=unit,
            group=(params.get("group") or "").strip(),
            min_stars=parse_int("min_stars", stars, 1, 5) if stars else None,
            district=(params.get("district") or "").strip(),
        )
