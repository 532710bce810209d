"""The code stays as the linter and the migrations say it is.

Both checks run the real tools, so a change that adds an unsorted import, an
unused name or a model field without its migration turns the suite red here,
not in a reviewer's eye.
"""
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_ruff_finds_nothing():
    ruff = Path(sys.executable).with_name("ruff")
    assert ruff.exists(), "ruff is pinned in requirements/test.txt; run make venv"
    done = subprocess.run([str(ruff), "check", "--no-cache", str(ROOT)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    from django.core.management import call_command
    # --check exits non-zero when a migration is missing; --dry-run writes nothing.
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=1)
    except SystemExit as exit_:
        pytest.fail(f"a model change has no migration (makemigrations --check exited {exit_.code})")


def template_folders():
    return [ROOT / "templates", *sorted(ROOT.glob("gis_app/*/templates"))]


def test_djlint_finds_nothing_in_the_templates():
    # The rules and the ones left out are in [tool.djlint] of pyproject.toml; --lint never rewrites a file.
    djlint = Path(sys.executable).with_name("djlint")
    assert djlint.exists(), "djlint is pinned in requirements/test.txt; run make venv"
    folders = template_folders()
    assert len(folders) > 5, folders
    done = subprocess.run([str(djlint), "--lint", *map(str, folders)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Linted" in done.stdout, done.stdout


def test_biome_finds_nothing_in_the_javascript():
    # biome.jsonc says which files (gis_app/*/static, static/, scripts/*.mjs; never node_modules) and which
    # rules; the formatter is off there, so `biome ci` only lints and never rewrites a file.
    biome = ROOT / "node_modules" / ".bin" / "biome"
    assert biome.exists(), "@biomejs/biome is pinned in package.json; run make node"
    done = subprocess.run([str(biome), "ci", "--colors=off", "--max-diagnostics=none"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    checked = re.search(r"Checked (\d+) files?", done.stdout + done.stderr)
    assert checked and int(checked.group(1)) >= 20, done.stdout + done.stderr


TYPED_PACKAGES = ("gis_app/core", "gis_app/places")
# Django's own hooks (admin classes, commands, app configs, template tags) keep Django's signatures unhinted.
UNTYPED_HOOKS = ("admin.py", "apps.py", "/management/", "/templatetags/", "/migrations/")


def unhinted_public_functions():
    import ast

    found = []
    for package in TYPED_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if any(hook in relative for hook in UNTYPED_HOOKS):
                continue
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_"):
                    a = node.args
                    arguments = [*a.posonlyargs, *a.args, *a.kwonlyargs, *filter(None, (a.vararg, a.kwarg))]
                    if node.returns is None or any(argument.annotation is None for argument in arguments):
                        found.append(f"{relative}:{node.lineno} {node.name}")
    return found


def test_every_public_function_of_core_and_places_has_type_hints():
    assert unhinted_public_functions() == []


def test_mypy_finds_nothing_in_core_and_places():
    # [tool.mypy] in pyproject.toml names the packages and the strictness; mypy reads it from the root.
    done = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout, done.stdout


def test_markers_follow_the_fixtures_and_the_modules():
    from tests.conftest import SLOW_TESTS, markers_for

    assert markers_for(["db", "tab"], "tests.web.test_journeys") == {"browser"}
    assert markers_for(["phone_tab"], "tests.web.test_officer_phone_browser") == {"browser"}
    assert markers_for(["browser", "server"], "tests.web.test_offline_browser") == {"browser"}
    # `server` alone is no browser: the OGC and supervisord modules have servers of their own.
    assert markers_for(["server", "client"], "tests.layers.test_ogc") == set()
    assert markers_for(["server", "redis_server"], "tests.ops.test_supervised_faults", "test_x") == {"slow"}
    slow_job = "test_the_worker_command_runs_jobs_in_a_forked_process_with_a_memory_limit"
    assert markers_for(["db"], "tests.jobs.test_jobs", slow_job) == {"slow"}
    assert markers_for(["db"], "tests.jobs.test_jobs", "test_a_job_whose_row_is_gone_is_skipped") == set()
    # A renamed module or test would silently lose its mark.
    missing = []
    for entry in SLOW_TESTS:
        module, _sep, test = entry.partition("::")
        path = ROOT / "tests" / f"{module}.py"
        if not path.exists() or (test and f"def {test}(" not in path.read_text(encoding="utf-8")):
            missing.append(entry)
    assert missing == []


def test_every_collected_test_that_drives_chromium_is_marked_browser(request):
    # In a whole run (make test) this reads every test; `pytest -m "not browser"` relies on it.
    unmarked = [item.nodeid for item in request.session.items
                if {"browser", "tab", "phone_tab"} & set(getattr(item, "fixturenames", ()))
                and item.get_closest_marker("browser") is None]
    assert unmarked == []
