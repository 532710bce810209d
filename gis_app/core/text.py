"""Text normalisation for Vietnamese: one form (NFC) everywhere, and an accent-free form for matching."""
import unicodedata
from typing import Any

# Đ/đ is a letter of its own, not D plus a combining mark, so NFD does not strip it.
_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(value: Any) -> Any:
    """Return value in Unicode NFC (composed) form; non-strings pass through."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def strip_accents(value: str) -> str:
    """Return value without Vietnamese diacritics: 'Tương Bình Hiệp' -> 'Tuong Binh Hiep'."""
    decomposed = unicodedata.normalize("NFD", value.translate(_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class NormalizedTextMixin:
    """Stores every text field in NFC, whatever the keyboard or file it came from.

    Vietnamese typed on different systems arrives composed or decomposed; without
    one form, equality, uniqueness and search silently disagree.
    """

    _meta: Any  # mixed into a Django model, which has it

    def normalize_text_fields(self) -> None:
        for field in self._meta.concrete_fields:
            if field.get_internal_type() in ("CharField", "TextField"):
                setattr(self, field.attname, nfc(getattr(self, field.attname)))

    def clean_fields(self, exclude=None):
        self.normalize_text_fields()
        super().clean_fields(exclude=exclude)  # type: ignore[misc]  # the model's

    def save(self, *args, **kwargs):
        self.normalize_text_fields()
        super().save(*args, **kwargs)  # type: ignore[misc]  # the model's


def grouped(number: int) -> str:
    """An integer with the thousands separator of the active language: 12.500 in Vietnamese, 12,500 in English.

    Django's Vietnamese formats name the separator but no grouping, so `number_format` alone leaves 12500.
    """
    from django.utils import formats, numberformat

    return numberformat.format(number, formats.get_format("DECIMAL_SEPARATOR"), 0, grouping=3,
                               thousand_sep=formats.get_format("THOUSAND_SEPARATOR"), force_grouping=True)
