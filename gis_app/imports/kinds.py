"""What can be imported: producers, products and tourism sites, each declared once (fields, headers, builder).

A builder turns one mapped row into an unsaved model instance, raising `RowError(field, message)` for values it
cannot read; model validation (territory, choices, lengths) happens afterwards in the importer.
"""
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gis_app.core.text import strip_accents
from gis_app.registry.models import Producer, Product, ProductSubgroup, Status, TourismSite

from .values import as_choice, as_choice_list, as_clock, as_int, choice_lookup

LOCATION_FIELDS = ["commune_code", "lon", "lat", "easting", "northing"]
LEGAL_FORM_SYNONYMS = {
    "doanh nghiep": "enterprise", "cong ty": "enterprise", "cong ty tnhh": "enterprise", "dntn": "enterprise",
    "hop tac xa": "cooperative", "htx": "cooperative", "to hop tac": "coop_group", "tht": "coop_group",
    "ho kinh doanh": "household", "ho gia dinh": "household", "co so": "household", "hkd": "household",
}
SITE_KIND_SYNONYMS = {
    "vuon trai cay": "orchard", "vuon cay an trai": "orchard", "miet vuon": "orchard",
    "du lich sinh thai": "ecotourism", "khu du lich sinh thai": "ecotourism", "nha vuon": "homestay",
    "trung bay ocop": "showroom", "diem ban ocop": "showroom", "lang nghe": "craft_village",
    "di tich": "heritage", "di tich lich su": "heritage",
}
STATUS_SYNONYMS = {"nhap": "draft", "cong bo": "published", "da cong bo": "published"}


class RowError(ValueError):
    def __init__(self, field, message):
        self.field = field
        super().__init__(message)


@dataclass
class Kind:
    code: str
    model: type
    fields: list
    required: list
    text_fields: list  # copied as they are (NFC already)
    located: bool = True
    aliases: dict = field(default_factory=dict)

    def labels(self):
        model_fields = {f.name: f for f in self.model._meta.fields}
        extra = {"commune_code": _("commune code"), "lon": _("longitude"), "lat": _("latitude"),
                 "easting": _("VN-2000 easting (Y)"), "northing": _("VN-2000 northing (X)"),
                 "producer_ref": _("producer registry code"), "subgroup_code": _("sub-group code")}
        return {name: str(model_fields[name].verbose_name) if name in model_fields else str(extra.get(name, name))
                for name in self.fields}

    def existing(self, values):
        """The record this row updates (same registry code), or None."""
        ref = values.get("ref")
        if ref and "ref" in self.fields:
            return self.model.objects.filter(ref=str(ref).strip()).first()
        return None

    def existing_many(self, rows):
        """{registry code: record} for the codes of `rows` (mapped values) that exist: one query per batch."""
        if "ref" not in self.fields:
            return {}
        refs = {str(values["ref"]).strip() for values in rows if values.get("ref")}
        return {record.ref: record for record in self.model.objects.filter(ref__in=refs)} if refs else {}


def choice(values, name, choices, synonyms=None):
    try:
        return as_choice(values[name], choice_lookup(choices, synonyms), choices)
    except ValueError as error:
        raise RowError(name, str(error))


def fill_common(obj, kind, values):
    for name in kind.text_fields:
        if name in values:
            setattr(obj, name, "" if values[name] is None else str(values[name]))
    if values.get("ref") is not None:
        obj.ref = str(values["ref"]).strip()
    if values.get("status") is not None:
        obj.status = choice(values, "status", Status, STATUS_SYNONYMS)


def build_producer(kind, values, obj, context):
    fill_common(obj, kind, values)
    if values.get("legal_form") is not None:
        obj.legal_form = choice(values, "legal_form", Producer.LegalForm, LEGAL_FORM_SYNONYMS)
    return obj


def build_product(kind, values, obj, context):
    fill_common(obj, kind, values)
    ref = values.get("producer_ref")
    if ref is not None:
        producers = context.setdefault("producers", {})  # each code looked up once per import
        key = str(ref).strip()
        if key not in producers:
            producers[key] = Producer.objects.filter(ref=key).first()
        producer = producers[key]
        if producer is None:
            raise RowError("producer_ref", _("No producer has registry code “%(ref)s”.") % {"ref": ref})
        obj.producer = producer
    code = values.get("subgroup_code")
    if code is not None:
        key = strip_accents(str(code)).strip().lower()
        subgroup = next((s for s in context.setdefault("subgroups", list(ProductSubgroup.objects.all()))
                         if key in (s.code.lower(), strip_accents(s.name_vi).lower(), s.name_en.lower())), None)
        if subgroup is None:
            raise RowError("subgroup_code", _("No product sub-group has code or name “%(code)s”.") % {"code": code})
        obj.subgroup = subgroup
    return obj


def build_site(kind, values, obj, context):
    fill_common(obj, kind, values)
    if values.get("kind") is not None:
        obj.kind = choice(values, "kind", TourismSite.Kind, SITE_KIND_SYNONYMS)
    for name in ("opening_time", "closing_time"):
        if name in values:
            try:
                setattr(obj, name, as_clock(values[name]) if values[name] is not None else None)
            except ValueError as error:
                raise RowError(name, str(error))
    if values.get("visit_minutes") is not None:
        try:
            obj.visit_minutes = as_int(values["visit_minutes"])
        except ValueError as error:
            raise RowError("visit_minutes", str(error))
    if "services" in values:
        try:
            obj.services = as_choice_list(values["services"] or "", choice_lookup(TourismSite.Service),
                                          TourismSite.Service)
        except ValueError as error:
            raise RowError("services", str(error))
    return obj


PRODUCER_TEXT = ["name", "address", "representative", "public_phone", "public_email", "private_phone",
                 "private_email", "website"]
KINDS = {
    "producers": (Kind("producers", Producer, ["ref", "name", "legal_form", "address", *LOCATION_FIELDS,
                                               "representative", "public_phone", "public_email", "private_phone",
                                               "private_email", "website", "status"],
                       ["name", "legal_form"], PRODUCER_TEXT,
                       aliases={"ref": ["ma chu the", "producer code"]}), build_producer),
    "products": (Kind("products", Product, ["ref", "name", "producer_ref", "subgroup_code", "description", "status"],
                      ["name", "producer_ref", "subgroup_code"], ["name", "description"], located=False,
                      aliases={"ref": ["ma san pham", "ma sp", "product code"]}), build_product),
    "sites": (Kind("sites", TourismSite, ["name", "kind", "description", "address", *LOCATION_FIELDS,
                                          "opening_time", "closing_time", "visit_minutes", "services", "phone",
                                          "website", "status"],
                   ["name", "kind"], ["name", "description", "address", "phone", "website"]), build_site),
}
KIND_CHOICES = [("producers", gettext_lazy("Producers")), ("products", gettext_lazy("OCOP products")),
                ("sites", gettext_lazy("Tourism sites"))]
