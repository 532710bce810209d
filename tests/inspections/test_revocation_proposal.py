"""A serious inspection leads to a revocation proposal: the inspection admin links to the revocation decision's
form prefilled with the product's recognition, the kind and the findings; the overdue list names the serious
inspections whose revocation is not decided (issue 23 item 4)."""
import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from gis_app.inspections.models import Inspection
from gis_app.registry.models import Evaluation
from tests.decisions.test_decisions import granted_by_district

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def inspected(record, outcome=Inspection.Outcome.SERIOUS):
    return Inspection.objects.create(product=record.product, date=TODAY - datetime.timedelta(days=30),
                                     kind=Inspection.Kind.UNANNOUNCED, body="Sở Nông nghiệp và Môi trường",
                                     outcome=outcome, findings="Mẫu không đạt chỉ tiêu an toàn thực phẩm")


def test_serious_inspections_without_a_revocation_are_listed_until_it_is_recorded():
    record, _grantor = granted_by_district()  # 3 stars of 01/03/2024, in force until 01/03/2027
    serious, minor = inspected(record), inspected(record, Inspection.Outcome.TO_FIX)
    assert serious.recognition() == record
    pending = set(Inspection.objects.serious_without_revocation())
    assert serious in pending and minor not in pending
    Evaluation.objects.filter(pk=record.pk).update(revoked_on=TODAY - datetime.timedelta(days=5),
                                                   revocation_number="95/QĐ-UBND", revocation_reason="Vi phạm")
    assert serious not in set(Inspection.objects.serious_without_revocation())


def test_the_inspection_admin_proposes_the_revocation_prefilled(client, users):
    record, _grantor = granted_by_district()
    serious = inspected(record)
    client.force_login(users["provincial_officer"])
    page = client.get(reverse("admin:inspections_inspection_change", args=[serious.pk]), HTTP_ACCEPT_LANGUAGE="vi")
    content = page.content.decode()
    assert "Đề xuất thu hồi" in content
    start = content.index(reverse("admin:decisions_decision_add") + "?")
    link = content[start:content.index('"', start)].replace("&amp;", "&")
    query = parse_qs(urlparse(link).query)
    assert query["kind"] == ["revocation"] and query["evaluation"] == [str(record.pk)]
    assert "Mẫu không đạt" in query["reason_detail"][0]
    form_page = client.get(link)
    assert form_page.status_code == 200
    assert form_page.context["adminform"].form.initial["kind"] == "revocation"
    batch = form_page.context["inline_admin_formsets"][0].formset
    assert batch.forms[0].initial["evaluation"] == record.pk
    listing = client.get(reverse("admin:inspections_inspection_changelist"), {"revocation": "missing"})
    assert serious in listing.context["cl"].result_list


def test_the_overdue_list_names_serious_inspections_without_a_revocation(client, users):
    record, _grantor = granted_by_district()
    serious = inspected(record)
    client.force_login(users["provincial_officer"])
    page = client.get(reverse("admin:inspections_followup_changelist"), {"state": "overdue"},
                      HTTP_ACCEPT_LANGUAGE="vi")
    words = [str(m) for m in get_messages(page.wsgi_request)]
    assert any("chưa có quyết định thu hồi" in w and str(serious.product) in w for w in words), words
