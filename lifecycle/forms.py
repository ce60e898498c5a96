"""Forms every report shares: the version a page was opened at, and the reviewer's decision."""
from django import forms
from django.utils.translation import gettext_lazy as _


def posted_version(data) -> int | None:
    """The version a page was opened at (hidden field); None when missing or tampered with."""
    try:
        return int(data.get("version", ""))
    except (TypeError, ValueError):
        return None


class ReviewForm(forms.Form):
    ACTIONS = [("approve", _("审核通过")), ("return", _("退回")), ("withdraw", _("撤销审核"))]

    action = forms.ChoiceField(choices=ACTIONS)
    # The version the reviewer looked at: a report that changed since is not decided unseen.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("审核意见 / 原因"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
