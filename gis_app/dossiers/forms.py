"""Forms of the dossier pages: Form 01 (registration), attachments, the round."""
import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gis_app.photos.processing import cleaned, max_bytes

from .models import Attachment, Dossier, Round
from .workflow import rule_set_on, sheets_open_today


class RegistrationForm(forms.Form):
    """Form 01: which product, under which product set, by whom."""

    sheet = forms.ModelChoiceField(label=_("Product set"), queryset=None)
    product = forms.ModelChoiceField(label=_("One of your products"), queryset=None, required=False,
                                     empty_label=_("— a new product —"))
    product_name = forms.CharField(label=_("Name of the new product"), max_length=255, required=False)
    kind = forms.ChoiceField(label=_("Kind of evaluation"), choices=Dossier.Kind.choices)
    representative = forms.CharField(label=_("Representative"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=32)
    description = forms.CharField(label=_("Product description"), widget=forms.Textarea(attrs={"rows": 4}))
    capacity = forms.CharField(label=_("Production capacity"), max_length=255, required=False)

    def __init__(self, *args, producer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].queryset = sheets_open_today()
        self.fields["sheet"].label_from_instance = lambda s: f"{s.subgroup.name} ({s.rule_set.legal_document})" + (
            " — " + gettext("illustrative data, not checked against the original text") if s.is_demo else "")
        self.fields["product"].queryset = producer.products.all()


def _is_pdf(upload):
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    return head == b"%PDF-"


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ("kind", "file", "caption")

    def clean_file(self):
        """A PDF within the photo size limit, or a photo through the photo pipeline (metadata removed)."""
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise ValidationError(gettext("The file is too large (at most %(limit)s MB).")
                                  % {"limit": max_bytes() // (1024 * 1024)})
        if _is_pdf(upload):
            return upload
        photo, _thumb = cleaned(upload, upload.name)  # raises the photo pipeline's precise messages
        return photo


def next_due(rule_set, day):
    """The rule set's next provincial round deadline on or after `day` (None without deadline rows)."""
    deadlines = Round(rule_set=rule_set).deadlines() if rule_set else []
    for year in (day.year, day.year + 1):
        for month, day_of_month, _source in deadlines:
            due = datetime.date(year, month, day_of_month)
            if due >= day:
                return due
    return None


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ("name", "rule_set", "due_on", "members")
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        today = timezone.localdate()
        rule_set = rule_set_on(today)
        kwargs.setdefault("initial", {"due_on": next_due(rule_set, today), "rule_set": rule_set})
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = get_user_model().objects.filter(is_active=True, is_staff=True).order_by(
            "username")
        self.fields["members"].label_from_instance = lambda u: u.get_full_name() or u.username
