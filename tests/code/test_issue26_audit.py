"""docs/partners.md's table "Issue 26: what each item is proven by" names only tests that exist, so the audit
cannot point at a test that was renamed or removed."""
import re
from pathlib import Path

from django.conf import settings


def test_every_test_the_issue_26_table_names_exists():
    docs = (Path(settings.BASE_DIR) / "docs/partners.md").read_text(encoding="utf-8")
    table = docs.split("## Issue 26: what each item is proven by", 1)[1].split("\n## ", 1)[0]
    tests, missing = Path(settings.BASE_DIR) / "tests", []
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) >= 40
    for row in rows:
        module = None  # a `::name` continues the path named before it in the same row
        for path, name in re.findall(r"`([\w/]+\.py)?::(test_\w+)`", row.split(" | ", 1)[1]):
            module = path or module
            assert module, row
            source = (tests / module).read_text(encoding="utf-8")
            if not re.search(rf"^(async )?def {name}\(", source, re.M):
                missing.append(f"{module}::{name}")
        for path in re.findall(r"`([\w/]+\.py)`", row):
            if not (tests / path).exists():
                missing.append(path)
    assert missing == []
