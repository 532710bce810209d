"""QGIS itself (Debian's 3.22, python3-qgis) reads the OGC API – Features and draws the vector tiles with
/tiles/style.json (issue 26: "GDAL and QGIS read every layer with default options"; "QGIS loads the style").

QGIS's Python is Debian's /usr/bin/python3, not the project's .venv: tests/layers/qgis_probe.py runs there as a
subprocess, headless, against a real HTTP server on the test database. `make test` installs QGIS
(scripts/setup_system.sh test); without it these tests FAIL, unless OCOP_ALLOW_NO_QGIS=1 says to skip them.
"""
import json
import os
import subprocess
import unicodedata
from pathlib import Path

import pytest

from layers.catalogue import all_layers
from tests.http_server import serving

pytestmark = pytest.mark.django_db

QGIS_PYTHON = "/usr/bin/python3"
PROBE = Path(__file__).with_name("qgis_probe.py")
LACQUER = "Công ty TNHH Mỹ nghệ Sơn mài Tương Bình Hiệp"


def require_qgis(python=QGIS_PYTHON):
    """Fail when QGIS's Python bindings cannot be imported; skip instead only when OCOP_ALLOW_NO_QGIS=1."""
    try:
        found = subprocess.run([python, "-c", "import qgis.core"], capture_output=True, timeout=120).returncode == 0
    except OSError:
        found = False
    if found:
        return
    reason = (f"QGIS's Python bindings do not import in {python} (`apt-get install python3-qgis qgis-providers`;"
              " `make test` installs them)")
    if os.environ.get("OCOP_ALLOW_NO_QGIS") == "1":
        pytest.skip(reason + "; skipped because OCOP_ALLOW_NO_QGIS=1")
    pytest.fail(reason + "; set OCOP_ALLOW_NO_QGIS=1 to skip these tests instead")


def test_missing_qgis_fails_unless_allowed_to_skip(monkeypatch):
    monkeypatch.delenv("OCOP_ALLOW_NO_QGIS", raising=False)
    with pytest.raises(pytest.fail.Exception, match="OCOP_ALLOW_NO_QGIS=1"):
        require_qgis("/nonexistent/python3")
    monkeypatch.setenv("OCOP_ALLOW_NO_QGIS", "0")
    with pytest.raises(pytest.fail.Exception):
        require_qgis("/bin/false")
    monkeypatch.setenv("OCOP_ALLOW_NO_QGIS", "1")
    with pytest.raises(pytest.skip.Exception):
        require_qgis("/bin/false")


@pytest.fixture(scope="module")
def ogc_server(django_db_setup):
    """A real HTTP server on the test database (tests/http_server.py says why not `live_server`)."""
    require_qgis()
    with serving() as base:
        yield base


def probe(tmp_path, *args):
    """Run qgis_probe.py with QGIS headless, in a HOME and QGIS profile of its own; its JSON report."""
    env = {**os.environ, "HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "OCOP_QGIS_PROFILE": str(tmp_path / "qgis-profile")}
    out = subprocess.run([QGIS_PYTHON, str(PROBE), *args], capture_output=True, text=True, timeout=600, env=env,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout)
    assert report["qgis_version"].startswith("3.")
    print("QGIS", report["qgis_version"])
    return report


def test_qgis_oapif_provider_reads_every_collection_whole_with_vietnamese_intact(client, ogc_server, tmp_path):
    layers = all_layers()
    report = probe(tmp_path, "oapif", ogc_server, *(layer.id for layer in layers))
    total = 0
    for layer in layers:
        read = report[layer.id]
        assert read["valid"], (layer.id, read["error"])
        # What the collection serves: its default filters included (admin_units: the units in force today).
        published = dict(layer.filtered().values_list("pk", "name")) if any(
            f.name == "name" for f in layer.fields) else dict.fromkeys(layer.filtered().values_list("pk", flat=True))
        matched = client.get(f"/ogc/collections/{layer.id}/items", {"limit": 1}).json()["numberMatched"]
        assert read["feature_count"] == len(read["rows"]) == matched == len(published), layer.id
        if not published:
            continue
        assert read["fields"] == [f.name for f in layer.fields], layer.id
        assert {row["id"] for row in read["rows"]} == set(published), layer.id
        if "name" in read["fields"]:
            names = {row["id"]: row["name"] for row in read["rows"]}
            assert names == published, layer.id  # every name, character for character
            assert all(unicodedata.is_normalized("NFC", name) for name in names.values() if name)
        total += len(published)
    assert total > 250  # the demo: about 300 features (admin_units: today's 37 units)
    assert LACQUER in {row["name"] for row in report["producers"]["rows"]}
    assert any(row["name"] != unicodedata.normalize("NFD", row["name"]) for row in report["products"]["rows"])


def test_qgis_loads_the_map_style_for_the_vector_tiles_and_draws_every_kind_of_layer(client, ogc_server, tmp_path):
    style = client.get("/tiles/style.json").json()
    report = probe(tmp_path, "tiles", ogc_server, str(tmp_path / "map.png"))
    for warning in report["warnings"]:
        print("QgsMapBoxGlStyleConverter warning:", warning)  # warnings are allowed, errors are not
    assert report["success"] and report["error"] == ""
    data_layers = [layer for layer in style["layers"] if "source-layer" in layer]
    assert {s["name"] for s in report["styles"]} >= {layer["id"] for layer in data_layers}
    assert {s["layer"] for s in report["styles"]} >= {layer["source-layer"] for layer in data_layers}
    assert {s["layer"] for s in report["styles"]} >= {layer.id for layer in all_layers()}
    vector_sources = {name for name, source in style["sources"].items() if source["type"] == "vector"}
    assert set(report["layers"]) == vector_sources
    for source_id, layer in report["layers"].items():
        # QGIS's own "Style URL" path (QgsVectorTileLayer.loadDefaultStyle) loads the style for each source.
        assert layer["valid"] and layer["style_loaded"] and layer["style_error"] == "", (source_id, layer)
        assert layer["styles"] == [s["id"] for s in data_layers if s["source"] == source_id]
    render = report["render"]
    assert render["errors"] == []
    assert render["drawn_pixels"] > 0.05 * render["width"] * render["height"]
    drawn = render["pixels_by_style_layer"]
    for style_layer in ("producers", "products", "tourism_sites", "admin_units-line", "craft_villages-fill"):
        assert drawn.get(style_layer, 0) > 20, (style_layer, drawn)
