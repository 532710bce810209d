"""CSV cells that a spreadsheet will not run as formulas (CSV injection, OWASP "CSV Injection").

A text cell beginning with = + - @, a tab or a carriage return is taken by Excel, LibreOffice and Google
Sheets as the start of a formula (`=HYPERLINK(…)`, `@SUM(…)`, DDE calls). OWASP's advice: prefix such a
cell with a single quote, so it is shown as the text it is, and quote cells holding the separator or
quotes (Python's `csv` module and ogr2ogr already do). Leading spaces do not protect a cell, so they are
looked through. Numbers are left alone: `-5` in a number column is a number, not a formula.

Every CSV the server writes passes its text through `safe_cell`: through `csvout` (supply clusters, the
suspicious-dates report, the officer map's selection: gis_app/web/selection.py) or, for GDAL's CSV,
`safe_feature_text` (layer exports); `ocop.js`'s `csvCell`, for CSV written in a browser, follows the same
prefixes (`FORMULA_PREFIXES`, handed to the pages by `map_config`).
"""
import json
from collections.abc import Iterable
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_dangerous(text: str) -> bool:
    return text.lstrip(" ").startswith(FORMULA_PREFIXES) or text.startswith(FORMULA_PREFIXES)


def safe_cell(value: Any) -> Any:
    """`value` as a CSV cell: text that a spreadsheet could run gets a leading `'`; other values unchanged."""
    if isinstance(value, str) and is_dangerous(value):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


def safe_properties(feature_collection: dict) -> dict:
    """A GeoJSON FeatureCollection (dict) with every text property made safe, for converters writing CSV."""
    for feature in feature_collection.get("features", ()):
        properties = feature.get("properties") or {}
        for key, value in properties.items():
            properties[key] = safe_cell(value)
    return feature_collection


def safe_feature_text(text: str) -> str:
    """One GeoJSON Feature (JSON text) with every text property made safe: exports stream feature by feature."""
    feature = json.loads(text)
    safe_properties({"features": [feature]})
    return json.dumps(feature, ensure_ascii=False)
