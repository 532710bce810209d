"""The suspicious-dates report's CSV goes through the one CSV writer: a stored text a spreadsheet would run is
written as text (it was the one CSV written without the guard, #27)."""
import csv
import io

import pytest
from django.core.management import call_command

from gis_app.web.management.commands import suspicious_dates
from gis_app.web.suspicious import Finding


@pytest.mark.django_db
def test_formula_cells_are_defused(monkeypatch):
    planted = Finding("evaluation", 1, "decision_number", "=HYPERLINK(\"http://x\")", None, ["@SUM(A1)"])
    monkeypatch.setattr(suspicious_dates, "evaluation_findings", lambda *a: [planted])
    monkeypatch.setattr(suspicious_dates, "legal_fact_findings", lambda *a: [])
    monkeypatch.setattr(suspicious_dates, "tour_findings", lambda *a: [])
    out = io.StringIO()
    call_command("suspicious_dates", "--csv", "--language", "en", stdout=out)
    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    assert header[0] == "record" and len(row) == len(header)
    assert row[3] == "'=HYPERLINK(\"http://x\")" and row[5] == "'@SUM(A1)"
