from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationKind


class EmailPreferenceForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(label=_("以下通知同时发送邮件"), choices=NotificationKind.choices,
                                            required=False, widget=forms.CheckboxSelectMultiple)


class MarkReadForm(forms.Form):
    # Without an id: every notification of the user.
    id = forms.IntegerField(required=False, min_value=1)
