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
    # The version the reviewer looked at: a report that changed since is not decided unseen. Required: a
    # decision posted without it (a hand-made request) would otherwise skip the compare-and-swap.
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput, error_messages={
        "required": _("缺少页面版本号，请刷新页面后重新审核。"), "invalid": _("页面版本号无效，请刷新页面后重新审核。"),
        "min_value": _("页面版本号无效，请刷新页面后重新审核。"), "max_value": _("页面版本号无效，请刷新页面后重新审核。")})
    comment = forms.CharField(label=_("审核意见 / 原因"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
