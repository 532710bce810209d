"""The page scripts stay in one shape (#27 item 6): no code inline in templates (json_script data only), every map
made by web/map.js createMap from the page's map_config, no hard-coded map centre or site address, ES modules
loaded as modules.
"""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAP_JS = ROOT / "gis_app" / "web" / "static" / "web" / "map.js"

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
# A latitude and longitude of the province written as a literal ([11.05, 106.65] and its kin).
CENTRE = re.compile(r"\[\s*1[01]\.\d+\s*,\s*10[67]\.\d+\s*\]")
# A map made, or a name put on window, outside map.js.
MAP_MADE = re.compile(r"\bL\.map\s*\(|\bnew\s+L\.Map\b|\bL\.Map\.djangoMap\b")
WINDOW_SET = re.compile(r"\bwindow\s*(?:\.\s*\w+|\[[^\]]+\])\s*=(?!=)")
BOOTSTRAP_DEFINED = re.compile(r"\bcreateMap\s*[:=]|function\s+createMap\b")
# An address of the site written out: templates use {% url %}, scripts take addresses from map_config or data-.
TEMPLATE_PATH = re.compile(r"""\b(?:href|src|action)="/""")
SCRIPT_PATH = re.compile(r"""["'`]/(?:api|ogc|tours|map|admin|supply|products|producers|sites|events|dossiers|rounds"""
                         r"""|dashboard|jobs|export|tiles)/""")
STATIC_SRC = re.compile(r"""<script\b([^>]*)\bsrc="\{%\s*static\s+'([^']+\.js)'\s*%\}"([^>]*)>""")


def templates():
    return sorted([*ROOT.glob("gis_app/*/templates/**/*.html"), *ROOT.glob("templates/**/*.html")])


def scripts():
    return sorted(path for path in ROOT.glob("gis_app/*/static/**/*.js") if "vendor" not in path.parts)


def static_file(name):
    for folder in ROOT.glob("gis_app/*/static"):
        if (folder / name).exists():
            return folder / name
    return None


def inline_code(text):
    """The inline scripts of a template's text that hold code ({% leaflet_map %} writes one too)."""
    found = [body.strip()[:60] for attrs, body in SCRIPT.findall(text)
             if body.strip() and "application/json" not in attrs and "application/ld+json" not in attrs]
    return found + ["{% leaflet_map %}"] * len(re.findall(r"\{%\s*leaflet_map\b", text))


def map_globals(text):
    return MAP_MADE.findall(text) + WINDOW_SET.findall(text) + BOOTSTRAP_DEFINED.findall(text)


def test_no_template_holds_inline_script_code():
    found = {str(path.relative_to(ROOT)): inline_code(path.read_text(encoding="utf-8")) for path in templates()}
    assert {path: code for path, code in found.items() if code} == {}


def test_maps_are_made_and_named_only_by_map_js():
    found = {str(path.relative_to(ROOT)): map_globals(path.read_text(encoding="utf-8"))
             for path in scripts() if path != MAP_JS}
    assert {path: hits for path, hits in found.items() if hits} == {}


def test_no_script_hard_codes_a_map_centre():
    found = [str(path.relative_to(ROOT)) for path in [*scripts(), *templates()]
             if CENTRE.search(path.read_text(encoding="utf-8"))]
    assert found == []


def test_addresses_come_from_url_names():
    found = [f"{path.relative_to(ROOT)}: {hit}" for path in templates()
             for hit in TEMPLATE_PATH.findall(path.read_text(encoding="utf-8"))]
    found += [f"{path.relative_to(ROOT)}: {hit}" for path in scripts()
              for hit in SCRIPT_PATH.findall(path.read_text(encoding="utf-8"))]
    assert found == []


def test_scripts_that_import_are_loaded_as_modules():
    wrong = []
    for path in templates():
        for before, name, after in STATIC_SRC.findall(path.read_text(encoding="utf-8")):
            source = static_file(name)
            is_module = bool(source and re.search(r"^\s*(import|export)\b", source.read_text(encoding="utf-8"), re.M))
            if is_module != ('type="module"' in before + after):
                wrong.append(f"{path.relative_to(ROOT)}: {name}")
    assert wrong == []


def test_the_checks_catch_what_they_forbid():
    """Each check fails on the shapes it forbids (the old supply page, the old events map, the old overlay)."""
    assert inline_code('<script>\n(function () { const API = {}; })();\n</script>')
    assert inline_code('{% leaflet_map "supplymap" callback="window.supplyMapInit" %}')
    assert not inline_code('<script id="x" type="application/json">{"a": 1}</script><script src="a.js"></script>')
    assert map_globals('var map = L.map(holder);')
    assert map_globals('window.ocopRoadsOverlay = function (map, options) {')
    assert map_globals('OCOP.createMap = function (id, config, view) {')
    assert not map_globals('if (window.ocopRoadsOverlay === undefined) return; const map = createMap("x", c);')
    assert CENTRE.search('OCOP.createMap("events-map", {center: [11.05, 106.65], zoom: 10})')
    assert TEMPLATE_PATH.search('<a href="/supply/">') and not TEMPLATE_PATH.search('<a href="{% url \'supply:page\' %}">')
    assert SCRIPT_PATH.search('const URL = "/ogc/collections/roads/items";')
    assert not SCRIPT_PATH.search('fetch(config.roadsUrl + "?f=json")')
