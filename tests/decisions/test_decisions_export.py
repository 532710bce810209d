"""The decision-level workbook lists, per recognition decision, the products it recognises as an office publishes
them, with typed cells; staff only (provincial officers and administrators)."""
import datetime
import io

import pytest
from openpyxl import load_workbook

from gis_app.decisions.models import Decision, DecisionItem

pytestmark = pytest.mark.django_db
URL = "/admin/decisions/decision/export.xlsx"


def sheet_of(response):
    assert response.status_code == 200, response.content[:300]
    return load_workbook(io.BytesIO(response.content)).active


def test_the_workbook_lists_each_decisions_products_with_typed_cells(admin_client_vi):
    sheet = sheet_of(admin_client_vi.get(URL, {"year": "2024"}))
    rows = list(sheet.iter_rows(values_only=False))
    assert [c.value for c in rows[0]][:3] == ["Số quyết định", "Ngày quyết định", "Cơ quan ban hành"]
    expected = DecisionItem.objects.filter(kind="recognition", decision__date__year=2024)
    assert len(rows) - 1 == expected.count() > 5
    item = expected.select_related("decision__issuer", "evaluation__product__producer").order_by(
        "decision__date").first()
    first = rows[1]
    assert first[0].value == item.decision.number and first[0].data_type == "s"
    assert first[1].is_date and first[1].value.date() == item.decision.date
    assert isinstance(first[8].value, int) and first[8].value == item.evaluation.stars
    assert first[9].is_date and first[9].value.date() == item.evaluation.valid_until
    by_product = {row[4].value: row for row in rows[1:]}
    row = by_product[item.evaluation.product.name]
    assert row[2].value == item.decision.issuer.name_vi and row[5].value == item.evaluation.product.producer.name
    # before 01/07/2025 a commune or ward of a district, as the decision printed it
    assert all(r[7].value for r in rows[1:]) and all(r[6].value for r in rows[1:])


def test_after_the_reform_the_ward_is_the_citys_and_there_is_no_district(admin_client_vi):
    sheet = sheet_of(admin_client_vi.get(URL, {"year": "2026"}))
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows and all(r[2] == "Ủy ban nhân dân Thành phố Hồ Chí Minh" for r in rows)
    assert all(r[6] and r[7] is None for r in rows)
    assert all(isinstance(r[1], datetime.datetime) and r[1].year == 2026 for r in rows)


def test_the_export_is_for_provincial_staff_only_and_refuses_a_bad_filter_naming_it(client, users, admin_client):
    client.force_login(users["district_officer"])
    assert client.get(URL).status_code in (302, 403)
    response = admin_client.get(URL, {"year": "hai nghìn"})
    assert response.status_code == 400 and "year" in response.content.decode()
    assert Decision.objects.exists()
