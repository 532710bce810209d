"""Attribute filters of the lists (django-filter); the spatial parameters are parsed in `spatial.py`.

Conditions about products (group, sub-group, stars, recognition dates) are
gathered into one product query, so that "producers with a 4★ food product"
means one product that is both, not any two products.
"""
import datetime

import django_filters as filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gis_app.core.errors import InputError
from gis_app.core.params import parse_choice, parse_int
from gis_app.core.text import nfc
from gis_app.places.dates import report_day
from gis_app.places.models import AdminUnit
from gis_app.registry.models import (
    CraftVillage,
    Evaluation,
    Producer,
    Product,
    ProductGroup,
    ProductSubgroup,
    Stage,
    TourismSite,
)

from .queries import in_unit, resolve_unit
from .records import current_evaluations, visible_products

MAX_DAYS = 3650


def group_by_code(code):
    group = ProductGroup.objects.filter(code__iexact=code.strip()).first()
    if group is None:
        raise InputError("group", _("Unknown product group “%(code)s”.") % {"code": code})
    return group


def subgroup_by_code(code):
    subgroup = ProductSubgroup.objects.filter(code__iexact=code.strip()).first()
    if subgroup is None:
        raise InputError("subgroup", _("Unknown product sub-group “%(code)s”.") % {"code": code})
    return subgroup


def in_group(group):
    """Products of `group` or of a sub-group equivalent to one of its sub-groups (other taxonomy version)."""
    return Q(subgroup__group=group) | Q(subgroup__equivalents__group=group)


def in_subgroup(subgroup):
    """Products of `subgroup` or of a sub-group equivalent to it."""
    return Q(subgroup=subgroup) | Q(subgroup__equivalents=subgroup)


def parse_stages(value):
    """The stages named in `value` (comma-separated codes), or InputError naming the unknown ones."""
    stages = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [part for part in stages if part not in Stage.values]
    if unknown or not stages:
        raise InputError("stage", _("“%(value)s” is not one of: %(choices)s.")
                         % {"value": ", ".join(unknown) or value, "choices": ", ".join(Stage.values)})
    return stages


class TextSearch(filters.FilterSet):
    """`q`: a substring of any of `search_fields`, ignoring accents and case."""

    q = filters.CharFilter(method="filter_q", label=gettext_lazy("text search, accents ignored"))
    search_fields = ("name",)

    def filter_q(self, queryset, name, value):
        text = nfc(value.strip())
        if not text:
            return queryset
        match = Q()
        for path in self.search_fields:
            match |= Q(**{f"{path}__unaccent__icontains": text})
        return queryset.filter(match)


class RegistryFilterSet(TextSearch):
    """Filters shared by every registry list: text search and administrative unit."""

    unit = filters.CharFilter(method="filter_unit",
                              label=gettext_lazy("district or commune code, pre- or post-2025"))
    units_on = filters.DateFilter(method="keep", label=gettext_lazy(
        "day whose units a code means and each record's unit is given in (default: today)"))

    location_field = "location"
    commune_field = "commune"

    def keep(self, queryset, name, value):
        return queryset  # read by filter_unit

    def filter_unit(self, queryset, name, value):
        unit = resolve_unit(value, self.form.cleaned_data.get("units_on") or report_day())
        return in_unit(queryset, unit, self.location_field, self.commune_field)


class ProductConditions(RegistryFilterSet):
    """Filters that are conditions on products, combined into one product query."""

    group = filters.CharFilter(method="on_products", label=gettext_lazy("product group code, either taxonomy"))
    subgroup = filters.CharFilter(method="on_products",
                                  label=gettext_lazy("product sub-group code, either taxonomy"))
    min_stars = filters.CharFilter(method="on_products", label=gettext_lazy("minimum stars in force (1–5)"))
    valid_on = filters.DateFilter(method="on_products",
                                  label=gettext_lazy("with a recognition in force on this day (YYYY-MM-DD)"))
    expiring_within = filters.CharFilter(method="on_products", label=gettext_lazy(
        "whose recognition in force today ends within this many days"))
    stage = filters.CharFilter(method="on_products", label=gettext_lazy(
        "stage of the programme cycle: idea, business_plan, awaiting_evaluation, rated (comma-separated)"))
    ocop = filters.CharFilter(method="on_products", label=gettext_lazy(
        "true: OCOP products only (recognised and in force on valid_on or today); false: the other products in the "
        "programme"))

    product_prefix = None  # path from the listed model to Product, None for products themselves

    def on_products(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def product_query(self):
        """The visible products meeting every product condition, or None when none was given."""
        data = self.form.cleaned_data
        given = [name for name in ("group", "subgroup", "min_stars", "valid_on", "expiring_within", "stage", "ocop")
                 if data.get(name) not in (None, "")]
        if not given:
            return None
        products = visible_products(getattr(self.request, "user", None))
        today = timezone.localdate()
        day = data.get("valid_on") or today
        if data.get("group"):
            products = products.filter(in_group(group_by_code(data["group"])))
        if data.get("subgroup"):
            products = products.filter(in_subgroup(subgroup_by_code(data["subgroup"])))
        # One call of the recognition rule per product (registry/recognition.py), not one per evaluation.
        if data.get("valid_on") and not data.get("min_stars"):
            products = products.with_current_stars(day).filter(current_stars__isnull=False)
        if data.get("min_stars"):
            stars = parse_int("min_stars", data["min_stars"], 1, 5)
            products = products.with_current_stars(day).filter(current_stars__gte=stars)
        if data.get("ocop"):  # the one rule: stars in force on the day (registry/recognition.py)
            ocop = parse_choice("ocop", data["ocop"].lower(), ("true", "false")) == "true"
            products = products.with_current_stars(day).filter(current_stars__isnull=not ocop)
        if data.get("stage"):
            products = products.filter(stage__in=parse_stages(data["stage"]))
        if data.get("expiring_within"):
            days = parse_int("expiring_within", data["expiring_within"], 0, MAX_DAYS)
            ending = current_evaluations(today).filter(valid_until__lte=today + datetime.timedelta(days=days))
            products = products.filter(pk__in=ending.values("product"))
        return products

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        products = self.product_query()
        if products is None:
            return queryset
        if self.product_prefix is None:
            return queryset.filter(pk__in=products.values("pk"))
        return queryset.filter(pk__in=products.values(self.product_prefix))


class ProducerFilter(ProductConditions):
    legal_form = filters.ChoiceFilter(choices=Producer.LegalForm.choices)
    product_prefix = "producer"
    search_fields = ("name", "address", "ref")

    class Meta:
        model = Producer
        fields = []


class ProductFilter(ProductConditions):
    legal_form = filters.ChoiceFilter(field_name="producer__legal_form", choices=Producer.LegalForm.choices)
    pilot = filters.BooleanFilter(field_name="pilot", label=gettext_lazy("pilot products only (true/false)"))
    producer = filters.NumberFilter(field_name="producer_id")
    location_field = "producer__location"
    commune_field = "producer__commune"
    search_fields = ("name", "producer__name", "ref")

    class Meta:
        model = Product
        fields = []


class EvaluationFilter(RegistryFilterSet):
    group = filters.CharFilter(method="filter_group", label=gettext_lazy("product group code, either taxonomy"))
    subgroup = filters.CharFilter(method="filter_subgroup",
                                  label=gettext_lazy("product sub-group code, either taxonomy"))
    min_stars = filters.CharFilter(method="filter_min_stars", label=gettext_lazy("minimum stars (1–5)"))
    valid_on = filters.DateFilter(method="filter_valid_on", label=gettext_lazy("in force on this day"))
    expiring_within = filters.CharFilter(method="filter_expiring",
                                         label=gettext_lazy("in force today and ending within this many days"))
    rule_set = filters.CharFilter(field_name="rule_set__code")
    product = filters.NumberFilter(field_name="product_id")
    location_field = "product__producer__location"
    commune_field = "product__producer__commune"
    search_fields = ("product__name", "product__producer__name", "decision_number")

    class Meta:
        model = Evaluation
        fields = []

    # An evaluation is filed under the sub-group it was scored under (its own), matched in either version.
    def filter_group(self, queryset, name, value):
        group = group_by_code(value)
        return queryset.filter(Q(subgroup__group=group) | Q(subgroup__equivalents__group=group)).distinct()

    def filter_subgroup(self, queryset, name, value):
        subgroup = subgroup_by_code(value)
        return queryset.filter(Q(subgroup=subgroup) | Q(subgroup__equivalents=subgroup)).distinct()

    def filter_min_stars(self, queryset, name, value):
        return queryset.filter(stars__gte=parse_int("min_stars", value, 1, 5))

    def filter_valid_on(self, queryset, name, value):
        return queryset.filter(pk__in=current_evaluations(value).values("pk"))

    def filter_expiring(self, queryset, name, value):
        today = timezone.localdate()
        days = parse_int("expiring_within", value, 0, MAX_DAYS)
        return queryset.filter(pk__in=current_evaluations(today).filter(
            valid_until__lte=today + datetime.timedelta(days=days)).values("pk"))


class SiteFilter(RegistryFilterSet):
    kind = filters.ChoiceFilter(choices=TourismSite.Kind.choices)
    service = filters.ChoiceFilter(method="filter_service", choices=TourismSite.Service.choices)
    search_fields = ("name", "address", "description")

    class Meta:
        model = TourismSite
        fields = []

    def filter_service(self, queryset, name, value):
        return queryset.filter(services__contains=[value])


class VillageFilter(RegistryFilterSet):
    location_field = "area"
    search_fields = ("name", "craft")

    class Meta:
        model = CraftVillage
        fields = []


class UnitFilter(TextSearch):
    level = filters.ChoiceFilter(choices=AdminUnit.Level.choices)
    on = filters.DateFilter(method="filter_on", label=gettext_lazy("units in force on this day"))
    parent = filters.CharFilter(field_name="parent__code")

    class Meta:
        model = AdminUnit
        fields = []

    def filter_on(self, queryset, name, value):
        # Units in force that day, with the kind and name they had then (thị xã before it became thành phố).
        return queryset.valid_on(value).with_names_on(value)
