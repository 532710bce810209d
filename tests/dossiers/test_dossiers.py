"""Dossiers and rounds (issue 23, item 3): who may do each step, what a submitted dossier and a closed sheet
keep, the council's result by the rule set's method, and the overview's pipeline."""
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gis_app.criteria.models import CouncilMethod, Provenance
from gis_app.dossiers import workflow
from gis_app.dossiers.models import Answer, Dossier, Locked, ScoreSheet
from tests.dossier_helpers import filed_dossier, in_round, people, producer_with_commune, scored_by, small_sheet

pytestmark = pytest.mark.django_db
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


@pytest.fixture
def sheet(tmp_path):
    sheet = small_sheet(tmp_path)
    CouncilMethod.objects.update_or_create(rule_set=sheet.rule_set, defaults={
        "method": "average", "source": "thử; chưa đối chiếu văn bản gốc", "provenance": Provenance.DEMO})
    return sheet


@pytest.fixture
def who(django_user_model):
    return people(django_user_model, producer_with_commune())


def _png():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    return SimpleUploadedFile("dkkd.png", out.getvalue(), content_type="image/png")


def test_a_producer_registers_a_product_and_autosaves_its_self_assessment(client, who, sheet):
    client.force_login(who["producer"])
    page = client.get("/dossiers/new/", **VI)
    assert page.status_code == 200 and "Mẫu 01" in page.content.decode()
    response = client.post("/dossiers/new/", {
        "sheet": sheet.pk, "product_name": "Bánh tráng thử", "kind": "first", "representative": "Bà Thử",
        "phone": "0900000001", "description": "Bánh tráng phơi sương"}, **VI)
    dossier = Dossier.objects.get(product__name="Bánh tráng thử")
    assert response.status_code == 302 and response["Location"] == f"/dossiers/{dossier.pk}/"
    assert dossier.product.producer == who["producer"].profile.producer and dossier.state == "draft"
    criterion = sheet.criteria().first()
    option = criterion.options.order_by("-points").first()
    saved = client.post(f"/dossiers/{dossier.pk}/answer/", {"criterion": criterion.pk, "option": option.pk},
                        HTTP_ACCEPT="application/json", **VI)
    assert saved.json() == {"answered": 1, "criteria": 6, "percent": 17, "total": str(option.points),
                            "saved": "Đã lưu"}
    page = client.get(f"/dossiers/{dossier.pk}/", **VI).content.decode()
    assert "1 trên 6 tiêu chí đã tự đánh giá" in page and "dữ liệu minh hoạ" in page.lower()


def test_an_option_of_another_criterion_is_refused_with_the_field_named(client, who, sheet):
    dossier = workflow.register(who["producer"], sheet=sheet, product=None, product_name="SP", kind="first",
                                representative="A", phone="1", description="d", capacity="")
    first, second = list(sheet.criteria()[:2])
    client.force_login(who["producer"])
    response = client.post(f"/dossiers/{dossier.pk}/answer/",
                           {"criterion": first.pk, "option": second.options.first().pk},
                           HTTP_ACCEPT="application/json", **VI)
    assert response.status_code == 400 and response.json()["error"]["field"] == "option"
    assert not Answer.objects.filter(dossier=dossier).exists()


def test_a_submitted_dossier_is_immutable_and_its_history_keeps_the_versions(client, who, sheet):
    dossier = filed_dossier(sheet, who)
    client.force_login(who["producer"])
    criterion = sheet.criteria().first()
    response = client.post(f"/dossiers/{dossier.pk}/answer/",
                           {"criterion": criterion.pk, "option": criterion.options.first().pk},
                           HTTP_ACCEPT="application/json", **VI)
    assert response.status_code == 403
    upload = client.post(f"/dossiers/{dossier.pk}/attachments/", {"kind": "other", "file": _png()}, **VI)
    assert upload.status_code == 403 and not dossier.attachments.exists()
    dossier.description = "sửa sau khi gửi"
    with pytest.raises(Locked):
        dossier.save()
    with pytest.raises(Locked):
        Answer.objects.filter(dossier=dossier).first().delete()
    assert [h.state for h in dossier.history.order_by("history_date")][-1] == "submitted"
    assert "draft" in {h.state for h in dossier.history.all()}


def test_attachments_go_through_the_photo_pipeline_or_are_pdfs(client, who, sheet):
    dossier = workflow.register(who["producer"], sheet=sheet, product=None, product_name="SP", kind="first",
                                representative="A", phone="1", description="d", capacity="")
    client.force_login(who["producer"])
    assert client.post(f"/dossiers/{dossier.pk}/attachments/",
                       {"kind": "business_registration", "file": _png()}, **VI).status_code == 302
    pdf = SimpleUploadedFile("kq.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    assert client.post(f"/dossiers/{dossier.pk}/attachments/", {"kind": "test_results", "file": pdf},
                       **VI).status_code == 302
    text = SimpleUploadedFile("x.txt", b"not a document", content_type="text/plain")
    refused = client.post(f"/dossiers/{dossier.pk}/attachments/", {"kind": "other", "file": text}, **VI)
    assert refused.status_code == 400 and "không phải là ảnh" in refused.content.decode().lower()
    assert sorted(dossier.attachments.values_list("kind", flat=True)) == ["business_registration", "test_results"]


def test_only_the_officer_of_the_producers_commune_pre_checks_and_a_return_needs_reasons(client, who, sheet):
    dossier = filed_dossier(sheet, who)
    client.force_login(who["stranger"])
    assert client.get(f"/dossiers/{dossier.pk}/", **VI).status_code == 404
    assert client.post(f"/dossiers/{dossier.pk}/check/", {"action": "forward"}, **VI).status_code == 404
    client.force_login(who["officer"])
    refused = client.post(f"/dossiers/{dossier.pk}/check/", {"action": "return", "reasons": " "}, **VI)
    assert refused.status_code == 400 and 'data-field="reasons"' in refused.content.decode()
    client.post(f"/dossiers/{dossier.pk}/check/", {"action": "return", "reasons": "Thiếu kết quả kiểm nghiệm"}, **VI)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.return_reason, dossier.checked_by) == ("returned", "Thiếu kết quả kiểm nghiệm",
                                                                          who["officer"])
    client.force_login(who["producer"])
    assert "Thiếu kết quả kiểm nghiệm" in client.get(f"/dossiers/{dossier.pk}/", **VI).content.decode()
    workflow.submit(who["producer"], dossier)  # amended and submitted again
    workflow.pre_check(who["officer"], dossier, forward=True)
    assert Dossier.objects.get(pk=dossier.pk).state == "forwarded"


def test_a_draft_is_not_shown_to_the_commune_and_a_producer_sees_only_its_own(client, who, sheet,
                                                                            django_user_model):
    dossier = workflow.register(who["producer"], sheet=sheet, product=None, product_name="SP", kind="first",
                                representative="A", phone="1", description="d", capacity="")
    client.force_login(who["officer"])
    assert client.get(f"/dossiers/{dossier.pk}/", **VI).status_code == 404
    other = people(django_user_model, workflow.Dossier.objects.get(pk=dossier.pk).producer.__class__.objects
                   .exclude(pk=dossier.producer_id).filter(commune__isnull=False).first(), prefix="o")
    client.force_login(other["producer"])
    assert client.get(f"/dossiers/{dossier.pk}/", **VI).status_code == 404


def test_each_members_sheet_is_kept_and_the_council_result_is_their_average(client, who, sheet):
    dossier = filed_dossier(sheet, who)
    in_round(who, dossier, sheet)
    assert ScoreSheet.objects.filter(dossier=dossier).count() == 2

    def choose(name, criterion):  # member 1 gives everything, member 2 half of part A
        options = list(criterion.options.order_by("points"))
        return options[1] if name == "member2" and criterion.part == "A" else options[-1]

    dossier = scored_by(who, dossier, choose)
    totals = [sum(s.points().values()) for s in dossier.score_sheets.order_by("member__username")]
    weight_a = sheet.rule_set.weight_a
    assert totals == [Decimal(100), Decimal(100) - Decimal(weight_a) / 2]
    assert dossier.state == "scored" and dossier.council_total == sum(totals) / 2
    client.force_login(who["province"])
    page = client.get(f"/dossiers/{dossier.pk}/", **VI).content.decode()
    assert "Phiếu chấm của các thành viên" in page and page.count("data-member=") == 2
    closed = dossier.score_sheets.first()
    with pytest.raises(workflow.Refused):
        workflow.score(closed.member, dossier, sheet.criteria().first().pk, sheet.criteria().first().options.first().pk)
    closed.closed_at = None
    with pytest.raises(Locked):
        closed.save()


def test_a_failed_mandatory_criterion_on_the_council_sheet_never_gives_3_stars(who, sheet):
    """148/QĐ-TTg (secondary sources): criteria mandatory for 3★ — here C.1.1, failed by both members."""
    dossier = filed_dossier(sheet, who)
    in_round(who, dossier, sheet)
    dossier = scored_by(who, dossier, lambda name, c: c.options.order_by("points").first() if c.code == "C.1.1"
                        else c.options.order_by("points").last())
    assert dossier.council_total >= 50 and dossier.council_stars == 2
    with pytest.raises(workflow.Refused) as refused:
        workflow.decide(who["province"], dossier, 3)
    assert refused.value.field == "stars"


def test_a_council_rating_lower_records_its_reason(client, who, sheet):
    dossier = filed_dossier(sheet, who)
    in_round(who, dossier, sheet)
    dossier = scored_by(who, dossier, lambda name, c: c.options.order_by("points").last())
    client.force_login(who["province"])
    assert 'id="decide-form"' in client.get(f"/dossiers/{dossier.pk}/", **VI).content.decode()
    refused = client.post(f"/dossiers/{dossier.pk}/decide/", {"stars": "", "reason": ""}, **VI)
    assert refused.status_code == 400 and 'data-field="reason"' in refused.content.decode()
    client.post(f"/dossiers/{dossier.pk}/decide/", {"stars": "", "reason": "Đạt trên 50 điểm nhưng không đủ điều kiện"},
                **VI)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.council_stars, dossier.decided_stars) == ("decided", 5, None)
    assert dossier.decision_reason == "Đạt trên 50 điểm nhưng không đủ điều kiện"


def test_rounds_are_opened_by_provincial_officers_only_and_are_due_by_30_6_or_30_12(client, who, sheet):
    client.force_login(who["officer"])
    assert client.get("/rounds/", **VI).status_code == 403
    client.force_login(who["province"])
    bad = client.post("/rounds/", {"name": "Đợt 2", "rule_set": sheet.rule_set.pk, "due_on": "2026-11-15",
                                   "members": [who["member1"].pk]}, **VI)
    assert bad.status_code == 400 and "30/06, 30/12" in bad.content.decode()  # RoundDeadline rows of 26/2026
    day = workflow.timezone.localdate()
    good = client.post("/rounds/", {"name": "Đợt 2", "rule_set": sheet.rule_set.pk,
                                    "due_on": f"{day.year}-12-30", "members": [who["member1"].pk, who["member2"].pk]},
                       **VI)
    assert good.status_code == 302


def test_the_overview_shows_the_rounds_pipeline(admin_client_vi, who, sheet):
    received = filed_dossier(sheet, who)
    scored = filed_dossier(sheet, who)
    round_ = in_round(who, scored, sheet)
    scored_by(who, scored, lambda name, c: c.options.order_by("points").last())
    page = admin_client_vi.get("/dashboard/").content.decode()
    assert 'id="round-pipeline"' in page and "Đã chấm điểm" in page
    counts = workflow.pipeline()
    assert counts[round_.pk]["scored"] == 1 and counts[None]["received"] >= 1
    assert f'data-round="{round_.pk}"' in page
    assert received.state == "submitted"


def test_documents_are_read_through_the_dossiers_rights_not_a_public_media_url(client, who, sheet):
    dossier = workflow.register(who["producer"], sheet=sheet, product=None, product_name="SP", kind="first",
                                representative="A", phone="1", description="d", capacity="")
    client.force_login(who["producer"])
    client.post(f"/dossiers/{dossier.pk}/attachments/", {"kind": "test_results", "file": SimpleUploadedFile(
        "kq.pdf", b"%PDF-1.4\n%kq\n", content_type="application/pdf")}, **VI)
    document = dossier.attachments.get()
    url = f"/dossiers/{dossier.pk}/attachments/{document.pk}/"
    assert url in client.get(f"/dossiers/{dossier.pk}/", **VI).content.decode()
    assert b"".join(client.get(url).streaming_content).startswith(b"%PDF-1.4")
    client.force_login(who["stranger"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page
    assert not document.file.path.startswith(str(__import__("django.conf").conf.settings.MEDIA_ROOT))


def test_a_decision_outside_1_to_5_stars_is_a_400_naming_the_field(client, who, sheet):
    dossier = filed_dossier(sheet, who)
    in_round(who, dossier, sheet)
    dossier = scored_by(who, dossier, lambda name, c: c.options.order_by("points").last())
    client.force_login(who["province"])
    response = client.post(f"/dossiers/{dossier.pk}/decide/", {"stars": "-1", "reason": "x"}, **VI)
    assert response.status_code == 400 and 'data-field="stars"' in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).state == "scored"


def test_the_dossier_pages_speak_english_second(client, who, sheet):
    dossier = filed_dossier(sheet, who)
    client.force_login(who["producer"])
    page = client.get(f"/dossiers/{dossier.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Self-assessment (Form 02)" in page and "submitted to the commune" in page
    assert "Illustrative data, not checked against the original text." in page
