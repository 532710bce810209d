"""Bilingual content: the English text of a record on English pages where it is filled, the Vietnamese otherwise."""
from django.utils.translation import get_language


def english():
    return (get_language() or "vi").startswith("en")


def localized(record, field):
    """`record.<field>_en` on English pages when it is not blank, else `record.<field>`."""
    if english():
        value = getattr(record, f"{field}_en", "")
        if value:
            return value
    return getattr(record, field, "")
