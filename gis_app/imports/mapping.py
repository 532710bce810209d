"""Column mapping: which source column fills which field, guessed from Vietnamese or English headers.

Headers are compared without accents, case, punctuation or spacing, so "Kinh độ", "KINH DO" and "kinh_do" are one
header. An explicit mapping (`source column=field`) always wins over the guess.
"""
import re

from django.utils.translation import gettext as _

from gis_app.core.importing import RowProblem
from gis_app.core.text import strip_accents


def header_key(text):
    """'Kinh độ (°)' -> 'kinh do': the form headers are compared in."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", strip_accents(str(text)).lower()).split())


# Headers recognised for each field (already in header_key form). Shapefile cuts names to 10 characters
# ("commune_co", "representa"). The Vietnamese survey convention names the northing X and the easting Y, so
# x/y mean lon/lat only for WGS84 files.
ALIASES = {
    "ref": ["ref", "ma", "ma so", "ma ho so", "ma quan ly", "registry code", "code"],
    "name": ["name", "ten", "ten chu the", "ten co so", "ten doanh nghiep", "ten san pham", "ten diem",
             "ten diem du lich", "producer name", "product name", "site name"],
    "legal_form": ["legal form", "loai hinh", "loai hinh chu the", "hinh thuc", "loai hinh to chuc", "loai chu the"],
    "address": ["address", "dia chi"],
    "commune_code": ["commune code", "ma xa", "ma phuong xa", "ma xa phuong", "ma don vi hanh chinh", "commune co"],
    "lon": ["lon", "lng", "long", "longitude", "kinh do", "x"],
    "lat": ["lat", "latitude", "vi do", "y"],
    "easting": ["easting", "e", "y", "toa do y", "y m"],
    "northing": ["northing", "n", "x", "toa do x", "x m"],
    "representative": ["representative", "representa", "nguoi dai dien", "dai dien"],
    "public_phone": ["public phone", "public pho", "phone", "dien thoai", "so dien thoai", "sdt"],
    "public_email": ["public email", "public ema", "email", "e mail", "thu dien tu"],
    "private_phone": ["private phone", "dien thoai rieng"],
    "private_email": ["private email", "email rieng"],
    "website": ["website", "trang web", "web"],
    "status": ["status", "trang thai"],
    "producer_ref": ["producer ref", "producer", "ma chu the", "producer code"],
    "subgroup_code": ["subgroup code", "subgroup", "ma nhom", "ma phan nhom", "nhom san pham", "phan nhom"],
    "description": ["description", "mo ta"],
    "kind": ["kind", "loai", "loai diem", "loai hinh"],
    "opening_time": ["opening time", "gio mo cua", "mo cua"],
    "closing_time": ["closing time", "gio dong cua", "dong cua"],
    "visit_minutes": ["visit minutes", "thoi gian tham quan", "thoi gian tham quan phut"],
    "services": ["services", "dich vu"],
    "phone": ["phone", "dien thoai", "so dien thoai", "sdt"],
}
COORDINATE_FIELDS = {"wgs84": ("lon", "lat"), "vn2000": ("easting", "northing")}


def parse_mapping(text):
    """'Tên cơ sở=name, Kinh độ=lon' -> {'Tên cơ sở': 'name', 'Kinh độ': 'lon'} (source column -> field)."""
    pairs = [part.split("=", 1) for part in re.split(r"[,\n;]", text or "") if "=" in part]
    return {column.strip(): field.strip() for column, field in pairs}


def guess_mapping(columns, fields, crs="wgs84", explicit=None, extra_aliases=None):
    """{field: source column} for `fields`: explicit choices first, then the first header matching an alias."""
    skipped = {name for pair in COORDINATE_FIELDS.values() for name in pair} - set(COORDINATE_FIELDS[crs])
    chosen = {field: column for column, field in (explicit or {}).items() if field in fields and column in columns}
    taken = set(chosen.values())
    keys = {column: header_key(column) for column in columns}
    for field in fields:
        if field in chosen or field in skipped:
            continue
        for alias in [field.replace("_", " ")] + (extra_aliases or {}).get(field, []) + ALIASES.get(field, []):
            column = next((c for c in columns if keys[c] == alias and c not in taken), None)
            if column:
                chosen[field] = column
                taken.add(column)
                break
    return chosen


def mapping_problems(source, columns, explicit, mapping, required, labels):
    """Problems with the mapping itself: unknown columns named in it, required fields left without a column."""
    problems = [RowProblem(source, 0, column, _("The mapping names column “%(column)s”, which the file does not have.")
                           % {"column": column}) for column in (explicit or {}) if column not in columns]
    problems += [RowProblem(source, 0, str(labels[field]),
                            _("Required column missing: “%(field)s”. Columns found: %(columns)s.")
                            % {"field": labels[field], "columns": ", ".join(columns)})
                 for field in required if field not in mapping]
    return problems
