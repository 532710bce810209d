"""Bilingual content: the English text of a record on English pages where it is filled, the Vietnamese otherwise.

The rule lives in gis_app/core/bilingual.py (with the `Bilingual` abstract model); importable from here too.
"""
from gis_app.core.bilingual import english, localized  # noqa: F401
