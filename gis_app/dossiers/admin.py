"""Dossiers, rounds and score sheets in the admin: to read and to see their history. They are written through
the pages (gis_app/dossiers/workflow.py), where the rights and the locks of each step are applied."""
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from gis_app.core.admin_parts import ReadOnlyAdmin

from .models import Attachment, Dossier, Round, ScoreSheet


class ReadOnlyHistory(ReadOnlyAdmin, SimpleHistoryAdmin):
    def revert_url(self, *args, **kwargs):  # a locked record is never reverted from its history
        return None


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = readonly_fields = ("kind", "document", "caption", "uploaded_at")
    extra = 0
    can_delete = False

    @admin.display(description=_("file"))
    def document(self, attachment):  # through the dossier's rights, never a public media URL
        return format_html('<a href="{}">{}</a>', reverse("dossiers:attachment", args=[attachment.dossier_id,
                                                                                       attachment.pk]),
                           attachment.file.name.rsplit("/", 1)[-1])


@admin.register(Dossier)
class DossierAdmin(ReadOnlyHistory):
    list_display = ("product", "producer", "kind", "state", "round", "council_stars", "decided_stars")
    list_filter = ("state", "kind", "round")
    search_fields = ("product__name", "producer__name")
    inlines = [AttachmentInline]


@admin.register(Round)
class RoundAdmin(ReadOnlyHistory):
    list_display = ("name", "rule_set", "opened_on", "due_on", "closed")


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyHistory):
    list_display = ("dossier", "member", "closed_at")
