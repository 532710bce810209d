"""OCOP scoring rules that are the same for every rule set: star bands and the validity period.

Part weights differ by rule set and live in the `RuleSet` rows (data, not code).
"""
import calendar
import datetime
import re

from django.db.models import Case, IntegerField, Value, When
from django.db.models.lookups import GreaterThanOrEqual

# (minimum total, stars), highest first. 5★ 90–100, 4★ 70–89, 3★ 50–69, 2★ 30–49, 1★ < 30.
STAR_BANDS = ((90, 5), (70, 4), (50, 3), (30, 2), (0, 1))
# Which stars receive a recognition decision is data: the recognition rules' rows (3★ and more), read by
# registry.recognition.min_recognised_stars() from the SQL function of registry/sql/10_recognition.sql.


def stars_expression(total):
    """A SQL expression giving the stars for the expression `total` (used by the generated column)."""
    return Case(
        *[When(GreaterThanOrEqual(total, Value(minimum)), then=Value(stars)) for minimum, stars in STAR_BANDS[:-1]],
        default=Value(STAR_BANDS[-1][1]),
        output_field=IntegerField(),
    )


def add_months(day, months):
    """`day` moved by whole months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# A decision's number and symbol as administrative documents write them (the form of Nghị định 30/2020/NĐ-CP on
# office documents; its appendix not checked against the original): the number, a year for a legal normative
# document (26/2026/QĐ-TTg), then the document type QĐ and the issuer's code: 1002/QĐ-UBND, 12/QĐ-BNNMT,
# 148/QĐ-TTg, 35/QĐ-UBND-KT. The issuer part must match the recognising authority's marker (RecognitionRule).
# One pattern for Python and PostgreSQL (both read `(?:…)`): the listing of stored numbers uses the same rule.
DECISION_NUMBER = r"[1-9][0-9]*(?:/[0-9]{4})?/QĐ-[0-9A-Za-zĐđ]+(?:-[0-9A-Za-zĐđ]+)*"


def is_decision_number(text):
    """Whether `text` (NFC) reads as `<number>/QĐ-<issuer code>` (or `<number>/<year>/QĐ-<issuer code>`)."""
    return re.fullmatch(DECISION_NUMBER, text) is not None


def stars_of(total):
    """The stars for a total score (the same bands as the generated column)."""
    return next(stars for minimum, stars in STAR_BANDS if total >= minimum)
