"""The environments are split and locked (issue 27): production installs requirements.txt, which holds
the runtime and nothing else, with every transitive package pinned; the tests install
requirements/test.txt on top. These checks read the files and the code, so they fail when a pin
is added to one file and not the other, or when the code starts importing a test tool."""

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s#;]+)")


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower().split("[")[0]


def pins(path):
    """{package: version} of the `==` lines of one requirements file (no -r following)."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            found[canonical(match.group(1))] = match.group(2)
    return found


def unpinned_lines(path):
    return [line for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith(("#", "-r ")) and not PIN.match(line.strip())]


RUNTIME_LOCK = ROOT / "requirements.txt"
TEST_LOCK = ROOT / "requirements" / "test.txt"
BENCH_LOCK = ROOT / "requirements" / "bench.txt"
TEST_TOOLS = {"pytest", "pytest-django", "schemathesis", "hypothesis", "playwright", "networkx", "scikit-learn",
              "mapbox-vector-tile", "owslib", "openapi-spec-validator", "zxing-cpp", "ruff", "djlint", "mypy"}


def test_every_line_of_every_lock_is_an_exact_pin():
    for lock in (RUNTIME_LOCK, TEST_LOCK, BENCH_LOCK):
        assert unpinned_lines(lock) == [], lock


def test_the_production_lock_holds_no_test_tool():
    assert TEST_TOOLS.isdisjoint(pins(RUNTIME_LOCK)), TEST_TOOLS & set(pins(RUNTIME_LOCK))
    assert TEST_TOOLS <= set(pins(TEST_LOCK))


def test_each_direct_pin_is_the_version_its_lock_holds():
    pairs = [("runtime.in", RUNTIME_LOCK), ("test.in", TEST_LOCK), ("bench.in", BENCH_LOCK)]
    for source, lock in pairs:
        locked = pins(lock)
        for name, version in pins(ROOT / "requirements" / source).items():
            assert locked.get(name) == version, f"{source}: {name}=={version}, {lock.name}: {locked.get(name)}"


def test_the_test_lock_keeps_the_runtime_versions():
    runtime, test = pins(RUNTIME_LOCK), pins(TEST_LOCK)
    assert {name: test.get(name) for name in runtime} == runtime


def third_party_imports(folder):
    """Top-level module names imported anywhere in the server's code (test factories excluded)."""
    names = set()
    for path in folder.rglob("*.py"):
        if path.name == "factories.py" or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"gis_app", "layers", "__future__"}


def test_everything_the_server_imports_is_in_the_production_lock():
    runtime = set(pins(RUNTIME_LOCK))
    providers = metadata.packages_distributions()
    missing = {}
    for module in third_party_imports(ROOT / "gis_app") | third_party_imports(ROOT / "layers"):
        dists = {canonical(d) for d in providers.get(module, [])}
        if not dists & runtime:
            missing[module] = sorted(dists)
    assert missing == {}
