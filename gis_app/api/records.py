"""What each list of the API shows: the visible rows and their properties, computed by the database.

Each endpoint has `*_rows(user)` (its queryset, restricted to what the caller
may see), `*_values(queryset, user, day, extra)` (plain dicts with a `geometry`
GeoJSON string; stars are those in force on `day`) and `*_properties(row)`
(labels in the request's language), ready for `geojson.feature`. Derived facts (current
stars, group codes in both taxonomies, member counts) are correlated subqueries,
so that joins never multiply rows and filters stay free to chain.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import JSONObject
from django.utils import timezone

from gis_app.accounts import rules
from gis_app.core.geojson import AsGeoJSON  # RFC 7946 ring order
from gis_app.core.spatial import count_of, in_area
from gis_app.places.models import AdminUnit, UnitSuccession
from gis_app.places.naming import describe, unit_of_day_expression
from gis_app.registry.models import (
    CouncilLevel,
    CraftVillage,
    Evaluation,
    IssuingAuthority,
    Producer,
    Product,
    ProductGroup,
    Stage,
    TourismSite,
    decision_fields,
)
from gis_app.registry.recognition import (
    Recognition,
    current_stars_expression,
    decision_expression,
    is_decision_in_force,
    ocop_label,
    state_from,
)

from .queries import is_staff

GEOJSON_DIGITS = 6  # ~0.1 m, finer than any coordinate the registry holds


def today():
    return timezone.localdate()


def unit_fields(prefix=""):
    """The commune and district of a record (through its commune link)."""
    return {
        "commune_code": F(f"{prefix}commune__code"),
        "commune_name": F(f"{prefix}commune__name"),
        "district_code": F(f"{prefix}commune__parent__code"),
        "district_name": F(f"{prefix}commune__parent__name"),
    }


def with_unit_of_day(rows, units, day):
    """`rows` (a values queryset) with `unit`: the unit of the day each belongs to (places' rule, in SQL), named as
    on that day; `units` is a Resource's (commune path, point path, is_area), None for rows without a unit."""
    if units is None:
        return rows
    commune, point, area = units
    return rows.annotate(unit=unit_of_day_expression(commune, point, day, area=area))


def unit_of_day_properties(properties):
    """`properties` (a row function) also describing the row's `unit` of the day (label, level label)."""
    def described(row):
        if "unit" in row:
            row["unit"] = describe(row["unit"])
        return properties(row)
    return described


def current_evaluations(day):
    """Evaluations that are their product's recognition decision in force on `day` (registry/recognition.py)."""
    return Evaluation.objects.filter(is_decision_in_force(day))


def visible_products(user):
    """Products the caller may see: for the public, published products of published producers."""
    return Product.objects.visible_to(user)  # public: published products of published producers


def groups_of_subgroups(subgroups):
    """Group codes (in both taxonomy versions) of the sub-groups in the subquery `subgroups`, sorted."""
    groups = ProductGroup.objects.filter(Q(subgroups__in=subgroups) | Q(subgroups__equivalents__in=subgroups))
    return ArraySubquery(groups.order_by("code").values("code").distinct())


def max_stars(products, key):
    """The best stars in force on `day` among `products` (correlated on `key`), as a scalar subquery."""
    return Subquery(products.order_by().values(key).annotate(best=Max("current_stars")).values("best")[:1],
                    output_field=IntegerField())


# --- Producers ------------------------------------------------------------------------------------


def producer_rows(user):
    return Producer.objects.visible_to(user)


PRIVATE_ALIAS = "readable_"  # values() may not name an expression after a field: renamed in *_properties


def private_values(user, model):
    """The private fields of `model` as the caller may read them (`accounts.rules.reads_private`): the value on
    the rows the caller may change, null on the others; no such keys at all for visitors, whose answers are the
    public ones. Keys are `readable_<field>` until `readable_properties` names them."""
    names = rules.private_fields(model)
    if not names or rules.role_of(user) is None:
        return {}
    readable = rules.reads_private(user, model.objects.all())
    if not readable.query.has_filters():  # every row (provincial officers, administrators)
        return {f"{PRIVATE_ALIAS}{name}": F(name) for name in names}
    return {f"{PRIVATE_ALIAS}{name}": Case(When(pk__in=readable.values("pk"), then=F(name)), default=Value(None),
                                           output_field=model._meta.get_field(name)) for name in names}


def readable_properties(row):
    for key in [key for key in row if key.startswith(PRIVATE_ALIAS)]:
        row[key.removeprefix(PRIVATE_ALIAS)] = row.pop(key)
    return row


def producer_values(queryset, user, day, extra=()):
    products = visible_products(user).filter(producer=OuterRef(OuterRef("pk")))
    own_products = visible_products(user).filter(producer=OuterRef("pk"))
    starred = visible_products(user).with_current_stars(day).filter(producer=OuterRef("pk"))
    return queryset.values(
        *extra, "id", "ref", "name", "status", "legal_form", "address", "public_phone", "public_email", "website",
        **unit_fields(),
        **private_values(user, Producer),
        geometry=AsGeoJSON("location", precision=GEOJSON_DIGITS),
        groups=groups_of_subgroups(products.values("subgroup")),
        max_stars=max_stars(starred, "producer"),
        product_count=count_of(own_products),
    )


def producer_properties(row):
    readable_properties(row)
    row["legal_form_label"] = str(Producer.LegalForm(row["legal_form"]).label)
    return row


# --- Products and evaluations ---------------------------------------------------------------------


def product_rows(user):
    return visible_products(user)


def product_values(queryset, user, day, extra=()):
    queryset = queryset.annotate(decision_id=decision_expression(day))
    return queryset.values(
        *extra, "id", "ref", "name", "name_en", "description", "description_en", "status", "producer_id", "stage",
        "stage_since", "pilot",
        producer_name=F("producer__name"), legal_form=F("producer__legal_form"),
        subgroup_code=F("subgroup__code"), group_code=F("subgroup__group__code"),
        taxonomy=F("subgroup__group__version__code"),
        **unit_fields("producer__"),
        geometry=AsGeoJSON("producer__location", precision=GEOJSON_DIGITS),
        groups=groups_of_subgroups(Product.objects.filter(pk=OuterRef(OuterRef("pk"))).values("subgroup")),
        stars=current_stars_expression(day),
        **decision_fields(day),
    )


def product_properties(row, day=None):
    """Stars and `recognised_until` only while the decision is in force; `recognition` says which state it is in."""
    day = day or today()
    row["legal_form_label"] = str(Producer.LegalForm(row["legal_form"]).label)
    row["stage_label"] = str(Stage(row["stage"]).label)
    row["stage_since"] = row["stage_since"].isoformat() if row["stage_since"] else None
    until, revoked = row.pop("decision_valid_until"), row.pop("decision_revoked_on")
    state = state_from(until, revoked, day)
    recognition = Recognition(state, row["stars"] if state == Recognition.IN_FORCE else row["decision_stars"])
    row["recognition"] = state
    row["recognition_label"] = str(recognition.label)
    # The OCOP label: true only while recognised and in force on the day; the line pages show (ocop_label).
    row["ocop_product"] = recognition.in_force
    row["label"] = str(ocop_label(state, recognition.stars, row["stage_label"]))
    row["recognised_until"] = until.isoformat() if state == Recognition.IN_FORCE else None
    row["revoked_on"] = revoked.isoformat() if state == Recognition.REVOKED else None
    row["decision_date"] = row["decision_date"].isoformat() if row["decision_date"] else None
    row.pop("decision_stars")
    return row


def evaluation_rows(user):
    return Evaluation.objects.visible_to(user).filter(product__in=visible_products(user))


def evaluation_values(queryset, user, day, extra=()):
    if is_staff(user):
        extra = (*extra, "status")
    return queryset.values(
        *extra, "id", "product_id", "score_a", "score_b", "score_c", "total", "stars", "council_level",
        "issuing_authority", "decision_number", "decision_date", "valid_until", "extension_reason", "revoked_on",
        "revocation_number", "revocation_reason",
        product_name=F("product__name"), producer_id=F("product__producer_id"),
        producer_name=F("product__producer__name"), rule_set_code=F("rule_set__code"),
        subgroup_code=F("subgroup__code"), group_code=F("subgroup__group__code"),
        taxonomy=F("subgroup__group__version__code"),
        in_force=ExpressionWrapper(is_decision_in_force(day), output_field=BooleanField()),
        **unit_fields("product__producer__"),
        geometry=AsGeoJSON("product__producer__location", precision=GEOJSON_DIGITS),
    )


def evaluation_properties(row, day=None):
    for key in ("score_a", "score_b", "score_c", "total"):
        row[key] = float(row[key])
    row["council_level_label"] = str(CouncilLevel(row["council_level"]).label) if row["council_level"] else None
    row["issuing_authority_label"] = (str(IssuingAuthority(row["issuing_authority"]).label)
                                      if row["issuing_authority"] else None)
    row["recognised"] = row["valid_until"] is not None
    for key in ("decision_date", "valid_until", "revoked_on"):
        row[key] = row[key].isoformat() if row[key] else None
    return row


# --- Tourism sites and craft villages -------------------------------------------------------------


def site_rows(user):
    return TourismSite.objects.visible_to(user)


def site_values(queryset, user, day, extra=()):
    return queryset.values(
        *extra, "id", "name", "name_en", "status", "kind", "address", "description", "description_en",
        "opening_time", "closing_time",
        "open_weekdays", "opening_note", "services", "visit_minutes", "phone", "website", **unit_fields(),
        geometry=AsGeoJSON("location", precision=GEOJSON_DIGITS),
    )


def site_properties(row):
    row["kind_label"] = str(TourismSite.Kind(row["kind"]).label)
    for key in ("opening_time", "closing_time"):
        row[key] = row[key].strftime("%H:%M") if row[key] else None
    labels = dict(TourismSite.Service.choices)
    row["service_labels"] = [str(labels.get(code, code)) for code in row["services"]]
    return row


def village_rows(user):
    return CraftVillage.objects.visible_to(user)


def village_values(queryset, user, day, extra=()):
    return queryset.values(
        *extra, "id", "name", "name_en", "status", "craft", "recognition_year", "description", "description_en",
        **unit_fields(),
        geometry=AsGeoJSON("area", precision=GEOJSON_DIGITS),
        members=member_count(user),
    )


def village_properties(row):
    return row


def member_count(user):
    """The number of visible producers located inside the village area (edges included)."""
    return count_of(in_area(Producer.objects.visible_to(user), OuterRef("area")))


# --- Administrative units -------------------------------------------------------------------------


def unit_rows(user):
    return AdminUnit.objects.all()


def unit_values(queryset, user, day, extra=()):
    # With `on=`, the filter annotated the kind and name in force that day.
    as_of = tuple(name for name in ("kind_on", "name_on") if name in queryset.query.annotations)
    shares = UnitSuccession.objects.filter(old_unit=OuterRef("pk")).order_by("new_unit__code").values(
        json=JSONObject(code="new_unit__code", valid_from="new_unit__valid_from", area_share="area_share",
                        main="is_main_successor"))
    return queryset.values(
        *extra, *as_of, "id", "code", "level", "kind", "name", "valid_from", "valid_to", "shape_source",
        successor_shares=ArraySubquery(shares),
        parent_code=F("parent__code"), parent_name=F("parent__name"),
        geometry=AsGeoJSON("geom", precision=GEOJSON_DIGITS),
        successor_codes=ArraySubquery(AdminUnit.objects.filter(predecessors__old_unit=OuterRef("pk"))
                                      .order_by("code").values("code")),
        predecessor_codes=ArraySubquery(AdminUnit.objects.filter(successors__new_unit=OuterRef("pk"))
                                        .order_by("code").values("code")),
    )


def unit_properties(row):
    if "name_on" in row:
        row["kind"], row["name"] = row.pop("kind_on"), row.pop("name_on")
    row["level_label"] = str(AdminUnit.Level(row["level"]).label)
    row["valid_from"] = row["valid_from"].isoformat()
    row["valid_to"] = row["valid_to"].isoformat() if row["valid_to"] else None
    return row

