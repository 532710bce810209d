"""Shared helpers of the criteria-sheet and dossier tests: a small sheet for the rule set in force today (written
as a CSV and read by the loader, as an office's sheet is), the people of a dossier's journey, and cleanup for the
browser tests (which run outside a test transaction)."""
import csv
from decimal import Decimal

from django.utils import timezone

from gis_app.accounts.models import Role
from gis_app.accounts.roles import assign_role
from gis_app.criteria.loader import COLUMNS, load
from gis_app.criteria.models import CriteriaSheet
from gis_app.dossiers import workflow
from gis_app.dossiers.models import Answer, Attachment, Dossier, Round, ScoreLine, ScoreSheet
from gis_app.registry.models import Producer, ProductSubgroup

DEMO = "dữ liệu minh hoạ, chưa đối chiếu văn bản gốc"


def sheet_rows(rule_set, subgroup, code="TEST-SHEET", weights=None, mandatory=("C.1.1",)):
    """The rows of a small sheet: each part one section of two criteria (options 0, half, all of the points);
    the criteria in `mandatory` are required for 3★ (failing caps the level)."""
    weights = weights or {p: getattr(rule_set, f"weight_{p.lower()}") for p in "ABC"}
    rows = [{"sheet": code, "rule_set": rule_set.code, "product_set": subgroup.code, "kind": "sheet",
             "title": "Phiếu thử", "source": DEMO, "provenance": "demo"}]
    for part, points in weights.items():
        rows.append({"sheet": code, "kind": "part", "code": part, "title": f"Phần {part}", "points": points,
                     "source": DEMO, "provenance": "demo"})
        rows.append({"sheet": code, "kind": "section", "code": f"{part}.1", "parent": part,
                     "title": f"Nhóm {part}.1", "points": points, "source": DEMO, "provenance": "demo"})
        halves = (Decimal(points) / 2, Decimal(points) - Decimal(points) / 2)
        for n, share in enumerate(halves, start=1):
            code_ = f"{part}.1.{n}"
            rows.append({"sheet": code, "kind": "criterion", "code": code_, "parent": f"{part}.1",
                         "title": f"Tiêu chí {code_}", "points": share, "source": DEMO, "provenance": "demo",
                         **({"mandatory_from_stars": 3, "on_failure": "cap"} if code_ in mandatory else {})})
            for label, value in (("Không đạt", 0), ("Đạt một phần", share / 2), ("Đạt", share)):
                rows.append({"sheet": code, "kind": "option", "parent": code_, "title": label, "points": value,
                             "source": DEMO, "provenance": "demo"})
    rows.append({"sheet": code, "kind": "eliminating", "code": "L1", "title": "Điều kiện loại thử",
                 "source": DEMO, "provenance": "demo"})
    return rows


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def free_subgroup(rule_set):
    """A product set of `rule_set`'s classification that has no sheet yet."""
    return (ProductSubgroup.objects.filter(group__version=rule_set.taxonomy)
            .exclude(criteria_sheets__rule_set=rule_set).order_by("code").first())


def small_sheet(directory, code="TEST-SHEET", **options):
    """A small sheet for the rule set in force today, loaded through the loader."""
    rule_set = workflow.rule_set_on(timezone.localdate())
    path = write_csv(directory / f"{code}.csv", sheet_rows(rule_set, free_subgroup(rule_set), code, **options))
    return load(path)[0]


def producer_with_commune():
    return Producer.objects.select_related("commune").filter(commune__isnull=False).order_by("pk").first()


def other_commune_producer(producer):
    return Producer.objects.filter(commune__isnull=False).exclude(commune=producer.commune).order_by("pk").first()


def people(user_model, producer, prefix="t"):
    """{producer, officer, stranger (officer of another commune), province, member1, member2}."""
    def user(name, role=None, **target):
        account = user_model.objects.create_user(f"{prefix}-{name}", password=None, is_staff=True,
                                                 first_name=name)
        if role:
            assign_role(account, role, **target)
        return account

    other = other_commune_producer(producer)
    return {"producer": user("producer", Role.PRODUCER, producer=producer),
            "officer": user("officer", Role.COMMUNE_OFFICER, unit=producer.commune),
            "stranger": user("stranger", Role.COMMUNE_OFFICER, unit=other.commune),
            "province": user("province", Role.PROVINCIAL_OFFICER),
            "member1": user("member1"), "member2": user("member2")}


def filed_dossier(sheet, who, best=True, fail=()):
    """A dossier of `who["producer"]` with every criterion answered (the best option, or the worst for the codes
    in `fail`), submitted."""
    dossier = workflow.register(who["producer"], sheet=sheet, product=None, product_name="Sản phẩm thử hồ sơ",
                                kind=Dossier.Kind.FIRST, representative="Nguyễn Văn Thử", phone="0900000000",
                                description="Mô tả thử", capacity="")
    for criterion in sheet.criteria():
        options = list(criterion.options.order_by("points"))
        choice = options[0] if criterion.code in fail or not best else options[-1]
        workflow.answer(who["producer"], dossier, criterion.pk, choice.pk)
    return workflow.submit(who["producer"], dossier)


def scored_by(who, dossier, choose):
    """Each member scores with `choose(member name, criterion) -> option` and closes their sheet."""
    for name in ("member1", "member2"):
        for criterion in dossier.sheet.criteria():
            workflow.score(who[name], dossier, criterion.pk, choose(name, criterion).pk)
        workflow.close_sheet(who[name], dossier)
    dossier.refresh_from_db()
    return dossier


def in_round(who, dossier, sheet):
    round_ = Round(name="Đợt thử", rule_set=sheet.rule_set, due_on=timezone.localdate().replace(month=12, day=30),
                   opened_by=who["province"])
    round_.save()
    round_.members.set([who["member1"], who["member2"]])
    workflow.pre_check(who["officer"], dossier, forward=True)
    workflow.assign(who["province"], round_, [dossier])
    dossier.refresh_from_db()
    return round_


def clean_up(sheet_codes, users):
    """Remove what a browser test added (it runs outside a test transaction), closed sheets included."""
    dossiers = Dossier.objects.filter(sheet__code__in=sheet_codes)
    products = [d.product_id for d in dossiers]
    ScoreLine.objects.filter(sheet__dossier__in=dossiers)._raw_delete(ScoreLine.objects.db)
    ScoreSheet.objects.filter(dossier__in=dossiers)._raw_delete(ScoreSheet.objects.db)
    Answer.objects.filter(dossier__in=dossiers)._raw_delete(Answer.objects.db)
    Attachment.objects.filter(dossier__in=dossiers)._raw_delete(Attachment.objects.db)
    rounds = list(Round.objects.filter(dossiers__in=dossiers).values_list("pk", flat=True))
    dossiers.update(state=Dossier.State.DRAFT)
    for dossier in Dossier.objects.filter(sheet__code__in=sheet_codes):
        dossier.eliminated_by.clear()
        dossier.delete()
    Round.objects.filter(pk__in=rounds).delete()
    Round.objects.filter(opened_by__in=users).delete()
    from gis_app.registry.models import Product

    Product.objects.filter(pk__in=products).delete()
    CriteriaSheet.objects.filter(code__in=sheet_codes).delete()
    for user in users:
        user.delete()
