"""The apps import only from the layers below them, and no modules import each other in a cycle (issue 27).

The contracts are in pyproject.toml ([tool.importlinter]); the real `lint-imports` checks them here, so an
upward import (a feature importing a page, core importing an app) turns the suite red with the offending
file and line, as tests/code/test_code_checks.py does for ruff.
"""
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_lint_imports_keeps_every_contract():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    assert lint_imports.exists(), "import-linter is pinned in requirements/test.txt; run make venv"
    done = subprocess.run([str(lint_imports), "--no-cache"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 2 kept, 0 broken." in done.stdout, done.stdout


def test_every_app_has_its_layer():
    """A new app (or top-level module) of gis_app that is in no layer would be checked by nothing."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    named = {module.strip() for layer in layers for module in layer.split("|")}
    package = ROOT / "gis_app"
    present = {f"gis_app.{p.stem}" for p in package.iterdir()
               if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py" and p.stem != "__init__")}
    assert present - named == set(), "put these in a layer of [tool.importlinter] (docs/development.md)"
    assert named - present - {"layers"} == set(), "these layers name no module"
