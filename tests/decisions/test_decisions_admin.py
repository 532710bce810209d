"""The decisions in the admin: the list filtered by issuer, year and kind; a decision's page shows its batch; an
evaluation's page links to its decision; a decision outside its issuer's period is refused on the form, in
Vietnamese, naming the field; nothing of it is shown to an area officer."""
import pytest

from gis_app.decisions.models import Decision, DecisionItem, Issuer

pytestmark = pytest.mark.django_db


def test_the_list_filters_by_issuer_year_and_kind(admin_client_vi):
    city = Issuer.objects.get(key="ubnd-tp-hcm")
    html = admin_client_vi.get("/admin/decisions/decision/", {"issuer__id__exact": city.pk, "year": "2026",
                                                               "kind": "recognition"}).content.decode()
    assert "3100/QĐ-UBND" in html and "1200/QĐ-UBND" not in html and "215/QĐ-UBND" not in html
    html = admin_client_vi.get("/admin/decisions/decision/", {"kind": "revocation"}).content.decode()
    assert "215/QĐ-UBND" in html and "3100/QĐ-UBND" not in html
    html = admin_client_vi.get("/admin/decisions/decision/", {"year": "2021"}).content.decode()
    assert "1474/QĐ-UBND" in html and "3100/QĐ-UBND" not in html


def test_a_decisions_page_shows_its_batch_and_an_evaluations_page_links_to_its_decision(admin_client_vi):
    batch = max(Decision.objects.filter(kind="recognition"), key=lambda d: d.items.count())
    html = admin_client_vi.get(f"/admin/decisions/decision/{batch.pk}/change/").content.decode()
    assert "Các sản phẩm trong quyết định" in html  # the batch inline, under its Vietnamese title
    for item in batch.items.select_related("evaluation__product"):
        assert item.evaluation.product.name in html
    item = batch.items.first()
    html = admin_client_vi.get(f"/admin/registry/evaluation/{item.evaluation_id}/change/").content.decode()
    assert f"/admin/decisions/decision/{batch.pk}/change/" in html


def test_the_form_refuses_a_decision_outside_its_issuers_period_in_vietnamese(admin_client_vi):
    before = Decision.objects.count()
    response = admin_client_vi.post("/admin/decisions/decision/add/", {
        "number": "901/QĐ-UBND", "date": "2025-09-01", "issuer": Issuer.objects.get(key="ubnd-binh-duong").pk,
        "kind": "recognition", "subject": "Về việc thử", "reason_detail": "",
        "items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Ủy ban nhân dân tỉnh Bình Dương" in errors["issuer"][0]
    assert "Ủy ban nhân dân Thành phố Hồ Chí Minh" in errors["issuer"][0]
    assert Decision.objects.count() == before


def test_an_area_officer_sees_no_decision(client, users):
    client.force_login(users["district_officer"])
    response = client.get("/admin/decisions/decision/")
    assert response.status_code in (200, 403)
    assert "3100/QĐ-UBND" not in response.content.decode()
    assert DecisionItem.objects.exists()
