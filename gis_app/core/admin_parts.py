"""Small pieces the apps' admins share, so that each app declares its admin once and in its own module.

- `ReadOnlyAdmin`: a ModelAdmin or inline mixin that allows no add, change or delete (a list shown for
  reading: criteria sheets, locked dossiers, the inspections or decisions of a record).
- `add_inline(model, inline)`: an app adds its inline to another app's registered admin without that app
  knowing of it (photos on products, inspections on products, decisions on evaluations): a lower layer
  never imports the higher one, and a new record type edits only its own app.
"""
from typing import Any

from django.contrib import admin


class ReadOnlyAdmin:
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


def add_inline(model: Any, inline: Any, site: admin.AdminSite = admin.site) -> None:
    """Append `inline` to the inlines of `model`'s registered admin (nothing when `model` is not registered)."""
    model_admin = site._registry.get(model)
    if model_admin is not None:
        model_admin.inlines = [*model_admin.inlines, inline]
