"""The officer map's selection as a file: /map/producers.{xlsx,csv,geojson}?<the API's producer filters>.

One server path for the three downloads, so that they agree with each other and with the map:
- the rows are those of the API list the map draws (`ProducerList.selection`: the same filter set, spatial
  parameters, visibility rule and order), every page of it; `page` and `page_size` are the list's paging and
  mean nothing here (the whole selection), other unknown parameters are ignored as the list ignores them;
- a bad filter is the list's 400 in the house shape, naming the parameter in the request's language;
- visitors get published producers and public fields only; staff get the private contacts of the records
  their area rights let them read (gis_app/accounts/rules.py, through `records.private_values`), the columns
  only for users with a role;
- with `expiring_within`, a column gives each producer's soonest end of a recognition in force among the
  products meeting the product filters (as the map's "expiring" filter means it).
Rows are read through a server-side cursor (`iterator`); the workbook is openpyxl's write-only mode
(`layers.xlsx.write_table`: typed cells, frozen header, filters on), the CSV and GeoJSON are streamed.
"""
import os
import tempfile

from django.db.models import OuterRef, Subquery
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import pgettext, pgettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView

from gis_app.api import records
from gis_app.api.geojson import feature
from gis_app.api.records import current_evaluations
from gis_app.api.views import ProducerList
from gis_app.core import csvout, geojson
from gis_app.registry.models import ProductGroup
from layers.xlsx import write_table

CONTEXT = "officer map file"
STREAM_ROWS = 2000  # rows fetched at a time by the server-side cursor
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
}
FILE_NAME = "ocop-producers"
PAGING = ("page", "page_size")


def _unit_name(unit):
    return f"{unit['kind']} {unit['name']}".strip() if unit else ""


def _district_name(unit):
    parent = unit.get("parent") if unit else None
    return _unit_name(parent) if parent and parent["level"] == "district" else ""


def _point(index):
    def get(row):
        geometry = row["_geometry"]
        return geometry["coordinates"][index] if geometry else None
    return get


# (title, kind, value of a feature's properties): the columns of the CSV and the workbook, in order.
COLUMNS = [
    (pgettext_lazy(CONTEXT, "Identifier"), "integer", lambda row: row["id"]),
    (pgettext_lazy(CONTEXT, "Registry code"), "string", lambda row: row["ref"]),
    (pgettext_lazy(CONTEXT, "OCOP producer"), "string", lambda row: row["name"]),
    (pgettext_lazy(CONTEXT, "Legal form"), "string", lambda row: row["legal_form_label"]),
    (pgettext_lazy(CONTEXT, "Product groups"), "string", lambda row: row["_groups"]),
    (pgettext_lazy(CONTEXT, "Highest star rating"), "integer", lambda row: row["max_stars"]),
    (pgettext_lazy(CONTEXT, "OCOP products"), "integer", lambda row: row["product_count"]),
    (pgettext_lazy(CONTEXT, "Address"), "string", lambda row: row["address"]),
    # The unit of the map's day (`units_on`, today by default: today's ward or commune, no district after
    # 1 July 2025), as the map counts it; the unit the record was filed under when the row has no unit of the day.
    (pgettext_lazy(CONTEXT, "Commune"), "string", lambda row: _unit_name(row.get("unit")) or row["commune_name"]),
    (pgettext_lazy(CONTEXT, "District"), "string",
     lambda row: _district_name(row.get("unit")) if row.get("unit") else row["district_name"]),
    (pgettext_lazy(CONTEXT, "Phone"), "string", lambda row: row["public_phone"]),
    (pgettext_lazy(CONTEXT, "Email"), "string", lambda row: row["public_email"]),
    (pgettext_lazy(CONTEXT, "Website"), "string", lambda row: row["website"]),
]
PRIVATE_COLUMNS = {
    "private_phone": (pgettext_lazy(CONTEXT, "Private phone"), "string", lambda row: row["private_phone"]),
    "private_email": (pgettext_lazy(CONTEXT, "Private email"), "string", lambda row: row["private_email"]),
}
EXPIRY_COLUMN = (pgettext_lazy(CONTEXT, "Recognition valid until"), "date", lambda row: row["_expires"])
POINT_COLUMNS = [
    (pgettext_lazy(CONTEXT, "Longitude"), "number", _point(0)),
    (pgettext_lazy(CONTEXT, "Latitude"), "number", _point(1)),
]


# A file of the officer map, not a resource of the REST API: out of its OpenAPI schema (the list it answers is in).
@extend_schema(exclude=True)
class OfficerMapExport(ProducerList):
    """The API's producer list, answered as a file instead of a page of GeoJSON."""

    def dispatch(self, request, *args, **kwargs):
        # Not the list's near-me shortcut (a page of JSON): the framework's path, filters and all.
        return GenericAPIView.dispatch(self, request, *args, **kwargs)

    def get(self, request, suffix):
        queryset, rows, limit = self.selection(request)
        expiring = bool(request.query_params.get("expiring_within"))
        if expiring:
            rows = rows.annotate(recognition_ends=self.soonest_end(request))
        rows = rows[:limit] if limit is not None else rows
        features = self.features(rows, expiring)
        if suffix == "geojson":
            return self.attachment(StreamingHttpResponse(geojson_chunks(features), content_type=FORMATS[suffix]),
                                   suffix)
        first = next(features, None)
        columns = self.columns(request.user, first, expiring)
        table = ([get(flat) for _title, _kind, get in columns] for flat in map(_flat, _chain(first, features)))
        titles = [str(title) for title, _kind, _get in columns]
        if suffix == "csv":
            return self.attachment(StreamingHttpResponse(csv_chunks(titles, columns, table),
                                                         content_type=FORMATS[suffix]), suffix)
        work = tempfile.TemporaryDirectory(prefix="ocop-selection-")
        path = os.path.join(work.name, f"{FILE_NAME}.xlsx")
        write_table(path, pgettext(CONTEXT, "OCOP producers"), titles, [kind for _t, kind, _g in columns], table)
        handle = open(path, "rb")  # noqa: SIM115 (FileResponse closes it)
        work.cleanup()  # the open file stays readable on POSIX until FileResponse closes it
        return self.attachment(FileResponse(handle, content_type=FORMATS[suffix]), suffix)

    def soonest_end(self, request):
        """Per producer, the soonest end of a recognition in force among the products meeting the filters."""
        filterset = DjangoFilterBackend().get_filterset(request, self.get_queryset(), self)
        filterset.is_valid()  # already validated by the selection: a bad filter was a 400 there
        products = filterset.product_query()
        ends = current_evaluations(timezone.localdate()).filter(product__producer=OuterRef("pk"))
        if products is not None:
            ends = ends.filter(product__in=products)
        return Subquery(ends.order_by("valid_until").values("valid_until")[:1])

    def features(self, rows, expiring):
        """The selection's features, one at a time from a server-side cursor, with the groups in words."""
        names = {}
        for group in ProductGroup.objects.all():
            names[group.code] = str(group.name)
        properties = records.unit_of_day_properties(self.resource.properties)
        for row in rows.iterator(chunk_size=STREAM_ROWS):
            expires = row.pop("recognition_ends", None)
            item = feature(row, properties)
            words = []
            for code in item["properties"].get("groups") or ():
                if names.get(code, code) not in words:
                    words.append(names.get(code, code))
            item["_groups"], item["_expires"] = "; ".join(words), expires
            yield item

    @staticmethod
    def columns(user, first, expiring):
        columns = list(COLUMNS)
        # Private contacts only where the API gives them (users with a role: accounts/rules.py).
        private = first["properties"] if first else {}
        columns += [column for key, column in PRIVATE_COLUMNS.items() if key in private]
        if expiring:
            columns.append(EXPIRY_COLUMN)
        return columns + POINT_COLUMNS

    @staticmethod
    def attachment(response, suffix):
        response["Content-Disposition"] = f'attachment; filename="{FILE_NAME}.{suffix}"'
        response["Cache-Control"] = "private, no-store"  # a staff user's file holds private contacts
        return response


def _flat(item):
    """What the columns read of a feature: its properties, its geometry and the computed fields."""
    return {**item["properties"], "_geometry": item["geometry"], "_groups": item["_groups"],
            "_expires": item["_expires"]}


def _chain(first, rest):
    if first is not None:
        yield first
        yield from rest


def csv_chunks(titles, columns, table):
    """The selection as CSV through the server's one writer (gis_app/core/csvout.py: formula guard, CRLF, a
    byte-order mark so that Excel shows Vietnamese right), dates as dd/mm/yyyy; one chunk per row."""
    kinds = [kind for _title, kind, _get in columns]
    rows = ([value.strftime("%d/%m/%Y") if kind == "date" and value is not None else value
             for value, kind in zip(values, kinds, strict=True)] for values in table)
    return csvout.chunks(titles, rows, bom=True)


def geojson_chunks(features):
    """A FeatureCollection, feature by feature (gis_app/core/geojson.py): the API's features, as the map holds them."""
    return geojson.chunks({key: item[key] for key in ("type", "id", "geometry", "properties")} for item in features)
