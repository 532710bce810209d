"""Every environment variable the code reads is documented in docs/settings.md (issue 27: 47 settings,
about 10 documented). The names are found in the code itself, so a new variable without its line fails."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON_READS = re.compile(r"""(?:environ\.get|environ\[|getenv|env_bool)\(?\s*["']([A-Z][A-Z0-9_]+)["']""")
SHELL_READS = re.compile(r"\$\{([A-Z][A-Z0-9_]+):?-")


def variables_read():
    names = set()
    for folder in ("gis_app", "layers"):
        for path in (ROOT / folder).rglob("*.py"):
            names |= set(PYTHON_READS.findall(path.read_text(encoding="utf-8")))
    for path in (ROOT / "scripts").glob("serve*.sh"):
        names |= set(SHELL_READS.findall(path.read_text(encoding="utf-8")))
    return names


def test_the_code_reads_the_variables_this_test_knows_how_to_find():
    assert {"DATABASE_URL", "DJANGO_DEBUG", "WORKERS", "NO_JOBS_WORKER"} <= variables_read()


def table_rows():
    """[cells] of each row of the tables in docs/settings.md: variable, default, what it does, who sets it."""
    rows = []
    for line in (ROOT / "docs" / "settings.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def documented_variables():
    return {name for cells in table_rows() for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cells[0])}


def test_every_variable_the_code_reads_is_documented():
    # In the first column of a table, not merely named somewhere on the page.
    assert sorted(variables_read() - documented_variables()) == []


def test_every_row_says_the_default_what_it_does_and_who_sets_it():
    rows = table_rows()
    assert len(rows) > 50
    assert [cells[0] for cells in rows if len(cells) != 4 or not all(cells)] == []
