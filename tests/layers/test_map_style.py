"""/tiles/style.json: the MapLibre style of the public layers, drawn from their declared Style (#26 item 6).

The style is checked with the style specification's own validator (@maplibre/maplibre-gl-style-spec, pinned in
package.json), run by node; QGIS 3.22 loads and draws it in tests/layers/test_qgis.py.
The rendering itself is checked in Chromium by tests/layers/test_map_style_browser.py.
"""
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from layers import catalogue

pytestmark = pytest.mark.django_db

VALIDATOR = Path(settings.BASE_DIR) / "scripts" / "validate_map_style.mjs"


@pytest.fixture(autouse=True)
def _no_basemap(settings):
    """No basemap unless a test sets one (as in the browser tests: nothing leaves the machine)."""
    settings.OCOP_TILES_URL = ""


def style_of(client, **headers):
    response = client.get("/tiles/style.json", headers=headers)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def by_source(style):
    layers = {}
    for layer in style["layers"]:
        layers.setdefault(layer.get("source"), []).append(layer)
    return layers


def validation_errors(tmp_path, style):
    if shutil.which("node") is None:
        pytest.fail("node is not installed: `make` installs it (the style validator runs on node)")
    path = tmp_path / "style.json"
    path.write_text(json.dumps(style), encoding="utf-8")
    result = subprocess.run(["node", str(VALIDATOR), str(path)], capture_output=True, text=True, timeout=60,
                            cwd=settings.BASE_DIR)
    assert result.stdout, result.stderr
    return [error["message"] for error in json.loads(result.stdout)]


def test_style_passes_the_maplibre_style_spec_validator(client, tmp_path, settings):
    settings.OCOP_TILES_URL = "https://{s}.tile.example.org/{z}/{x}/{y}.png"  # with the basemap too
    style = style_of(client)
    assert style["version"] == 8
    assert validation_errors(tmp_path, style) == []


def test_the_validator_finds_errors_in_a_broken_style(client, tmp_path):
    """The check above can fail: a circle drawn from a source the style lacks, a colour that is none."""
    style = style_of(client)
    style["layers"].append({"id": "stray", "type": "circle", "source": "nowhere", "source-layer": "x"})
    style["layers"][1]["paint"] = {"circle-color": "not a colour"}
    errors = validation_errors(tmp_path, style)
    assert any("nowhere" in message for message in errors), errors
    assert any("color" in message for message in errors), errors


def test_every_public_layer_has_a_source_its_own_tilejson_at_an_absolute_address(client):
    style = style_of(client)
    assert set(style["sources"]) == {layer.id for layer in catalogue.all_layers()}
    for layer in catalogue.all_layers():
        source = style["sources"][layer.id]
        assert source == {"type": "vector", "url": f"http://testserver/tiles/{layer.id}.json"}
        tilejson = client.get(source["url"]).json()
        # Each style layer reads the vector layer the TileJSON announces.
        announced = {vector["id"] for vector in tilejson["vector_layers"]}
        assert {drawn["source-layer"] for drawn in by_source(style)[layer.id]} == announced == {layer.id}


def test_symbols_follow_each_layers_declared_style_the_same_as_the_site_legend(client):
    style = style_of(client)
    drawn = by_source(style)
    for layer in catalogue.all_layers():
        colour, kinds = layer.style.colour, [d["type"] for d in drawn[layer.id]]
        if layer.is_point:
            assert kinds == ["circle"]
            assert drawn[layer.id][0]["paint"]["circle-color"] == colour
        elif "Polygon" in layer.geometry_type:
            assert kinds == (["fill", "line"] if layer.style.fill_opacity else ["line"]), layer.id
            for symbol in drawn[layer.id]:
                paint = symbol["paint"]
                assert paint.get("fill-color", paint.get("line-color")) == colour
            if layer.style.fill_opacity:
                assert drawn[layer.id][0]["paint"]["fill-opacity"] == layer.style.fill_opacity
        else:
            assert kinds == ["line"] and drawn[layer.id][0]["paint"]["line-color"] == colour
        assert all(d["minzoom"] == layer.min_zoom for d in drawn[layer.id])
    # The site's legend (catalogue.json) shows the same colours.
    legend = {entry["id"]: entry["colour"] for entry in client.get("/tiles/catalogue.json").json()["layers"]}
    assert legend == {entry["id"]: entry["colour"] for entry in style["metadata"]["ocop:legend"]}


def test_points_are_drawn_over_lines_over_polygons(client):
    order = {"fill": 0, "line": 1, "circle": 2}
    data_layers = [layer for layer in style_of(client)["layers"] if layer.get("source")]
    ranks = []
    for layer in data_layers:
        declared = next(d for d in catalogue.all_layers() if d.id == layer["source"])
        ranks.append(2 if declared.is_point else 0 if "Polygon" in declared.geometry_type else 1)
        assert layer["type"] in order
    assert ranks == sorted(ranks)


def test_a_layer_declared_later_appears_in_the_style_with_its_colour(client, monkeypatch):
    from gis_app.registry.models import TourismSite
    from layers.layer import Field, Layer, Style

    orchards = Layer(id="orchards", title="Orchards", description="Orchards.",
                     queryset=lambda: TourismSite.objects.published(), geometry="location", geography=True,
                     geometry_type="Point", fields=(Field("id", "pk", "integer", in_tiles=True),),
                     style=Style("#123456", legend="Orchard"))
    catalogue.all_layers()
    monkeypatch.setitem(catalogue._layers, orchards.id, orchards)
    style = style_of(client)
    assert by_source(style)["orchards"][0]["paint"]["circle-color"] == "#123456"


def test_legend_labels_are_in_the_request_language(client):
    english = {e["id"]: e["label"] for e in style_of(client, accept_language="en")["metadata"]["ocop:legend"]}
    vietnamese = {e["id"]: e["label"] for e in style_of(client, accept_language="vi")["metadata"]["ocop:legend"]}
    assert english["producers"] == "OCOP producer"
    assert vietnamese["producers"] != english["producers"]
    layer = next(layer for layer in style_of(client, accept_language="en")["layers"] if layer["id"] == "producers")
    assert layer["metadata"]["ocop:legend"] == "OCOP producer"


def test_addresses_use_ocop_public_url_when_it_is_set(client, settings):
    settings.OCOP_PUBLIC_URL = "https://ocop.example.vn/"
    style = style_of(client)
    assert style["sources"]["producers"]["url"] == "https://ocop.example.vn/tiles/producers.json"


def test_basemap_is_a_raster_under_the_data_when_configured_and_absent_otherwise(client, settings):
    settings.OCOP_TILES_URL = "https://tile.example.org/{z}/{x}/{y}.png"
    settings.OCOP_TILES_ATTRIBUTION = "© Example"
    style = style_of(client)
    assert style["sources"]["basemap"] == {"type": "raster", "tiles": ["https://tile.example.org/{z}/{x}/{y}.png"],
                                           "tileSize": 256, "maxzoom": 19, "attribution": "© Example"}
    assert [layer["id"] for layer in style["layers"][:2]] == ["background", "basemap"]
    settings.OCOP_TILES_URL = ""
    style = style_of(client)
    assert "basemap" not in style["sources"] and all(layer["id"] != "basemap" for layer in style["layers"])


def test_style_has_no_text_labels_so_needs_no_glyph_server(client):
    style = style_of(client)
    assert "glyphs" not in style and "sprite" not in style
    assert all(layer["type"] != "symbol" for layer in style["layers"])


def test_style_answers_cors_and_only_safe_methods(client):
    response = client.get("/tiles/style.json", headers={"origin": "https://qgis.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.post("/tiles/style.json").status_code == 405


def test_the_preview_page_lets_maplibre_fetch_the_basemap_tiles_and_only_then(client, settings):
    from gis_app.core.security import content_security_policy

    assert "connect-src 'self';" in client.get("/tiles/style-preview/")["Content-Security-Policy"]
    settings.OCOP_TILES_URL = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    page = client.get("/tiles/style-preview/")
    assert page.status_code == 200 and b"vendor/maplibre-gl/maplibre-gl.js" in page.content
    assert "connect-src 'self' https://*.tile.example.org;" in page["Content-Security-Policy"]
    assert "connect-src 'self';" in content_security_policy()  # the other pages keep their own origin only
