"""Roles in the user admin: a role, an area or a producer on each account; pending changes for moderators."""
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import pending, rules
from .models import PendingChange, Profile


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = True
    autocomplete_fields = ["unit", "producer"]
    extra = 0
    max_num = 1


User = get_user_model()
base = type(admin.site._registry.get(User)) if admin.site.is_registered(User) else UserAdmin
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class RoleUserAdmin(base):
    inlines = [*getattr(base, "inlines", []), ProfileInline]
    list_display = [*base.list_display, "role"]

    @admin.display(description=Profile._meta.get_field("role").verbose_name)
    def role(self, user):
        profile = Profile.objects.filter(user=user).first()
        return profile.get_role_display() if profile else ("admin" if user.is_superuser else "—")


class PendingChangeActionForm(ActionForm):
    reason = forms.CharField(label=gettext_lazy("reason (for rejection)"), required=False)


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    """Moderators see each pending change as a difference and accept or reject it; a producer account sees its
    own; area officers those of their area's records."""

    list_display = ("record_link", "content_type", "proposed_by", "proposed_at", "state")
    list_filter = ("state", "content_type")
    readonly_fields = ("record_link", "difference", "state", "proposed_by", "proposed_at", "decided_by",
                       "decided_at", "reason")
    fields = readonly_fields
    action_form = PendingChangeActionForm
    actions = ["accept_changes", "reject_changes"]

    def get_queryset(self, request):
        changes = super().get_queryset(request).select_related("content_type", "proposed_by")
        if rules.may_moderate(request.user):
            return changes
        if rules.role_of(request.user) in rules.AREA_OFFICERS:
            # the changes of the records in their area: one subquery per kind of record that has changes
            area = Q(pk__in=[])
            for content_type in ContentType.objects.filter(pk__in=changes.values("content_type")):
                model = content_type.model_class()
                area |= Q(content_type=content_type,
                          object_id__in=rules.editable(request.user, model._base_manager.all()).values("pk"))
            return changes.filter(area)
        return changes.filter(proposed_by=request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return rules.may_moderate(request.user)

    def get_actions(self, request):
        return super().get_actions(request) if rules.may_moderate(request.user) else {}

    @admin.display(description=gettext_lazy("record"))
    def record_link(self, change):
        record = change.record
        if record is None:
            return "—"
        url = reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, record)

    @admin.display(description=gettext_lazy("difference"))
    def difference(self, change):
        if change.record is None:
            return "—"
        rows = format_html_join("", "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>", pending.diff(change))
        return format_html('<table class="ocop-diff"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
                           '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
                           _("field"), _("published"), _("proposed"), rows)

    def _decide(self, request, queryset, decide):
        for change in queryset:
            try:
                decide(change)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{change}: {' '.join(getattr(error, 'messages', [str(error)]))}",
                                  messages.ERROR)
            else:
                self.message_user(request, _("%(change)s: done.") % {"change": change}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Accept the selected changes"))
    def accept_changes(self, request, queryset):
        self._decide(request, queryset, lambda change: pending.accept(request.user, change))

    @admin.action(description=gettext_lazy("Reject the selected changes (give the reason)"))
    def reject_changes(self, request, queryset):
        reason = request.POST.get("reason", "")
        self._decide(request, queryset, lambda change: pending.reject(request.user, change, reason))
