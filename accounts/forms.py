from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("6 位验证码"), max_length=6, min_length=6,
        validators=[RegexValidator(r"^\d{6}$", _("验证码是手机身份验证器上显示的 6 位数字。"))],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": r"\d{6}",
                                      "class": "form-control", "autofocus": True}),
        error_messages={"required": _("请输入 6 位验证码。"), "min_length": _("验证码应为 6 位数字。"),
                        "max_length": _("验证码应为 6 位数字。")},
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()


class UsernameForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150,
                               widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
                               error_messages={"required": _("请填写用户名。")})


class PortalPasswordChangeForm(PasswordChangeForm):
    """Django's form (old password, new password twice, every validator incl. the history), styled."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
