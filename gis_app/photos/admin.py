"""Photo uploads in the admin: an inline on products, producers, tourism sites and craft villages (added to the
registry's admin classes here, so that the registry's admin module need not know about photos)."""
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gis_app.core.admin_parts import add_inline
from gis_app.registry.models import CraftVillage, Producer, Product, TourismSite

from .models import Photo


class PhotoInline(admin.TabularInline):
    model = Photo
    fields = ("preview", "image", "caption", "caption_en", "credit", "illustrative", "position", "awaiting_review")
    readonly_fields = ("preview", "awaiting_review")
    extra = 0

    @admin.display(description=_("thumbnail"))
    def preview(self, photo):
        if photo.pk and photo.thumbnail:
            return format_html('<img src="{}" alt="" style="max-height:4rem">', photo.thumbnail.url)
        return "—"


def _inline_for(owner):
    return type(f"{owner}PhotoInline", (PhotoInline,), {"fk_name": owner})


for model, owner in ((Product, "product"), (Producer, "producer"), (TourismSite, "site"),
                     (CraftVillage, "village")):
    add_inline(model, _inline_for(owner))
