"""Admin search by phone number, whatever the spacing: "0274 3822 123", "0274.3822.123", "+84 274 3822123".

A search term made of a phone's characters only, with at least PHONE_MIN_DIGITS digits, also finds the records
whose phone fields hold those digits in that order once every non-digit is removed (the trunk "0" or the
country code "84" dropped, so national and international forms find each other). Used for public phones only:
a private phone stays unsearchable, so a search cannot reveal whose private number it is.
"""
import re

from django.db.models import CharField, F, Func, Q, Value

PHONE_MIN_DIGITS = 6
PHONE_TERM = re.compile(r"[\d\s().+\-]+")


def phone_digits(term: str) -> str:
    """The digits to look for in the stored phones, or "" when `term` is not a phone number."""
    term = term.strip()
    if not PHONE_TERM.fullmatch(term):
        return ""
    digits = re.sub(r"\D", "", term)
    if len(digits) < PHONE_MIN_DIGITS:
        return ""
    if digits.startswith("84") and len(digits) >= 11:
        digits = digits[2:]
    return digits.lstrip("0")


class OnlyDigits(Func):
    """The column with every non-digit removed (PostgreSQL regexp_replace)."""

    function = "regexp_replace"
    output_field = CharField()

    def __init__(self, column):
        super().__init__(F(column), Value(r"\D"), Value(""), Value("g"))


class PhoneSearchMixin:
    """A ModelAdmin whose search box also finds its records by the phones in `phone_search_fields`."""

    phone_search_fields = ()

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(  # type: ignore[misc]  # mixed into a ModelAdmin
            request, queryset, search_term)
        digits = phone_digits(search_term)
        if not digits or not self.phone_search_fields:
            return found, may_have_duplicates
        aliases = {f"_phone_digits_{i}": OnlyDigits(field) for i, field in enumerate(self.phone_search_fields)}
        by_phone = Q()
        for alias in aliases:
            by_phone |= Q(**{f"{alias}__contains": digits})
        return queryset.alias(**aliases).filter(Q(pk__in=found.values("pk")) | by_phone), may_have_duplicates
