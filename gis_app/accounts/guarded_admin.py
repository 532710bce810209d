"""Admin building blocks that apply the role rules: which rows, which fields, what saving and history may do.

The registry and tours admins mix these in, so that every admin write asks `rules` and `moderation`.
"""
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from gis_app.core.publishing import Publishable

from . import moderation, pending, rules
from .history_display import ReadableHistoryHelper

MODERATED_FIELDS = ("status", "rejection_reason")


def stale_message(current_version):
    return _("Someone else saved this record while you were editing it (it is now at version %(version)s). "
             "Your changes are kept below but were not saved: reload the record in another tab, compare, "
             "and enter your changes again on the current version.") % {"version": current_version}


class GuardedForm(forms.ModelForm):
    """Refuses a save based on a stale version or leaving the user's area, as form errors (the input stays)."""

    user = None
    reverting = False

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if version is None:  # a new record starts at 1; an edit must say which version it started from
            if self.instance.pk and not self.reverting:
                raise ValidationError(stale_message(self.instance.version), code="stale")
            return self.instance.version
        return version

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if "version" in self.fields and instance.pk and not self.reverting:
            # The admin saves inside one transaction: locking the row here makes a second, concurrent save
            # wait for this one and then see its new version, so the race ends as a form error too.
            current = (type(instance)._base_manager.select_for_update().filter(pk=instance.pk)
                       .values_list("version", flat=True).first())
            if current is not None and cleaned.get("version") != current:
                raise ValidationError(stale_message(current), code="stale")
        commune = self.commune_mismatch(cleaned)
        if commune is not None and not cleaned.get("confirm_commune"):
            # Ask, do not guess: the point may be wrong, or the commune may be; the checkbox appears now.
            self.fields["confirm_commune"].widget = forms.CheckboxInput()
            self.add_error("commune", _("The new location lies outside the commune %(commune)s. Choose the "
                                        "commune the point is in, or tick “%(confirm)s” below if both are right.")
                           % {"commune": commune.name, "confirm": self.fields["confirm_commune"].label})
        return cleaned

    def commune_mismatch(self, cleaned):
        """The commune kept while the point moved out of it (an edit of a located record), or None."""
        if not {"commune", "location", "confirm_commune"} <= set(self.fields) or not self.instance.pk:
            return None
        commune, location = cleaned.get("commune"), cleaned.get("location")
        if commune is None or location is None or getattr(commune, "geom", None) is None:
            return None
        if "location" not in self.changed_data or "commune" in self.changed_data:
            return None
        return None if commune.geom.covers(location) else commune

    def _post_clean(self):
        if self.user is not None:
            rules.prefer_own_unit(self.user, self.instance)  # a commune left blank is found in the own unit
        super()._post_clean()  # copies the input onto the instance and validates the model
        if self.user is not None:
            rules.claim_for_producer(self.user, self.instance)  # a producer account's new event is its own
        if self.user is not None and not self.errors:
            message = rules.refusal(self.user, self.instance)
            if message:
                self.add_error(None, message)


class LocatedGuardedForm(GuardedForm):
    """GuardedForm for records with a point and a commune: a moved point that leaves its commune asks first."""

    # Hidden until a moved point leaves its commune (GuardedForm.clean shows it then).
    confirm_commune = forms.BooleanField(
        required=False, widget=forms.HiddenInput, label=gettext_lazy("Keep this commune"),
        help_text=gettext_lazy("Tick only if the point lies outside the chosen commune and both are right."))


class ModerationActionForm(ActionForm):
    reason = forms.CharField(label=gettext_lazy("reason (for rejection)"), required=False)


class GuardedAdmin(SimpleHistoryAdmin):
    """Rows limited to what the user may change; status moved only by moderation actions; history for all,
    revert for provincial officers."""

    form = GuardedForm
    action_form = ModerationActionForm
    actions = ["submit_records", "publish_records", "reject_records"]

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        names = {field.name for field in model._meta.get_fields()}
        if self.form is GuardedForm and {"commune", "location"} <= names:
            self.form = LocatedGuardedForm

    def get_queryset(self, request):
        return rules.editable(request.user, super().get_queryset(request))

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if "confirm_commune" in fields and "commune" in fields:
            # The confirmation sits under the commune it is about.
            fields.remove("confirm_commune")
            fields.insert(fields.index("commune") + 1, "confirm_commune")
        return fields

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # A record that exists but lies outside the user's rows is refused in words (403), not reported as
        # "may have been deleted".
        try:
            stored = self.model._default_manager.filter(pk=object_id).first()
        except (ValueError, ValidationError):
            stored = None
        message = rules.refusal(request.user, stored) if stored is not None else None
        if message:
            return TemplateResponse(request, "admin/outside_area.html", {
                **self.admin_site.each_context(request), "opts": opts, "message": message,
            }, status=403)
        return super()._get_obj_does_not_exist_redirect(request, opts, object_id)

    def has_change_permission(self, request, obj=None):
        # The stored record decides (the form's unsaved input is judged when saving, as a form error).
        return super().has_change_permission(request, obj) and (
            obj is None or rules.may_change_stored(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or rules.may_change_stored(request.user, obj))

    def has_change_history_permission(self, request, obj=None):
        return rules.may_moderate(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if issubclass(self.model, Publishable) and not rules.may_moderate(request.user):
            fields += [f for f in MODERATED_FIELDS if f not in fields]
        return fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "version":
            return forms.IntegerField(widget=forms.HiddenInput, required=False)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user,
                                             "reverting": getattr(request, "ocop_reverting", False)})

    def get_historical_record_context_helper(self, request, historical_record):
        # Values as people read them (labels, "lon, lat", dd/mm/yyyy), not codes, EWKT or "None".
        return ReadableHistoryHelper(self.model, historical_record)

    def _check_history_access(self, request, object_id):
        """History shows what the change view shows: only records the user may open there.

        django-simple-history loads the historical copy without asking `get_queryset`, so without this a
        producer account could read another household's draft, with its private contacts, from its history.
        A deleted record has no change view: its history is for moderators only.
        """
        if rules.may_moderate(request.user):
            return
        try:
            visible = self.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, ValidationError):  # an id that is not one
            visible = False
        if not visible:
            raise PermissionDenied

    def history_view(self, request, object_id, extra_context=None):
        self._check_history_access(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_history_access(request, unquote(object_id))
        if request.method == "POST":
            if not rules.may_moderate(request.user):
                raise PermissionDenied
            request.ocop_reverting = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if getattr(request, "ocop_reverting", False) and isinstance(obj, Publishable):
            # a revert writes over the current version, knowingly
            obj.version = type(obj)._base_manager.filter(pk=obj.pk).values_list("version", flat=True).get()
        rules.check_write(request.user, obj)
        rules.apply_review_rule(request.user, obj)
        if change and pending.waits_for_review(request.user, obj):
            # the published version stays public; the edit waits for a moderator (accounts/pending.py)
            request.ocop_pending = pending.propose(request.user, obj)
            if request.ocop_pending is not None:
                self._say_pending(request)
            return
        super().save_model(request, obj, form, change)

    def _say_pending(self, request):
        self.message_user(request, _("Changes awaiting review: the published version stays public until a "
                                     "provincial officer accepts them."), messages.WARNING)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if getattr(request, "ocop_pending", None) is not None and level == messages.SUCCESS:
            return  # "changed successfully" would be untrue: the change is waiting
        return super().message_user(request, message, level, *args, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            stored = self.model._base_manager.filter(pk=object_id).first() if str(object_id).isdigit() else None
            change = pending.open_change(stored) if stored is not None else None
            if change is not None and self.get_queryset(request).filter(pk=stored.pk).exists():
                fields = ", ".join(label for label, _old, _new in pending.diff(change))
                self.message_user(request, _("Changes awaiting review since %(when)s: %(fields)s.") % {
                    "when": timezone.localtime(change.proposed_at).strftime("%d/%m/%Y %H:%M"), "fields": fields},
                    messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_formset(self, request, form, formset, change):
        for record in formset.save(commit=False):
            if isinstance(record, Publishable):
                rules.check_write(request.user, record)
                rules.apply_review_rule(request.user, record)
                pending.save_edit(request.user, record)
                continue
            record._history_user = request.user
            if record.pk is None:
                held = pending.hold(request.user, form.instance, record)  # a photo added to a published record waits
                if held is not None and getattr(request, "ocop_pending", None) is None:
                    request.ocop_pending = held
                    self._say_pending(request)
            else:
                record.save()
        for record in formset.deleted_objects:
            record.delete()
        formset.save_m2m()

    def _moderate(self, request, queryset, action):
        reason = request.POST.get("reason", "")
        done, refused = 0, []
        for record in queryset:
            try:
                moderation.transition(request.user, record, action, reason)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                refused.append(f"{record}: {' '.join(getattr(error, 'messages', [str(error)]))}")
        if done:
            self.message_user(request, _("%(count)s record(s) %(action)s.") % {
                "count": done, "action": moderation.ACTION_PAST[action]()}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=gettext_lazy("Submit for review"))
    def submit_records(self, request, queryset):
        self._moderate(request, queryset, "submit")

    @admin.action(description=gettext_lazy("Publish"))
    def publish_records(self, request, queryset):
        self._moderate(request, queryset, "publish")

    @admin.action(description=gettext_lazy("Reject (give the reason in the box)"))
    def reject_records(self, request, queryset):
        self._moderate(request, queryset, "reject")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not issubclass(self.model, Publishable):
            return {k: v for k, v in actions.items() if not k.endswith("_records")}
        for name, action in (("publish_records", "publish"), ("reject_records", "reject"),
                             ("submit_records", "submit")):
            if not moderation.may_take(request.user, action):
                actions.pop(name, None)
        return actions


class GuardedInline:
    """An inline whose records' status only moderators may set."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if issubclass(self.model, Publishable) and not rules.may_moderate(request.user):
            fields += [f for f in MODERATED_FIELDS if f not in fields and f in (self.fields or ())]
        return fields
