"""Bilingual content: the English text of a record on English pages where it is filled, the Vietnamese otherwise.

Vietnamese is the official text and is always filled; `<field>_en` is its optional English rendering.
"""
from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def english() -> bool:
    return (get_language() or "vi").startswith("en")


def localized(record: Any, field: str) -> str:
    """`record.<field>_en` on English pages when it is not blank, else `record.<field>`."""
    if english():
        value = getattr(record, f"{field}_en", "")
        if value:
            return value
    return getattr(record, field, "")


class Bilingual(models.Model):
    """A record with a Vietnamese `name` and its optional English `name_en` (other `_en` fields its own)."""

    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def localized(self, field: str = "name") -> str:
        """The text of `field` in the active language (English where filled on English pages)."""
        return localized(self, field)
