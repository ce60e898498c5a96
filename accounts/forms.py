from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .models import AdminChangeKind, Role
from .roles import ADMIN_ROLES


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
    """Django's form (old password, new password twice, every validator incl. the history), styled.

    A wrong old password counts as a failed login of the account (``user_login_failed``): django-axes
    then locks the account after as many wrong guesses as at the login page, so a stolen session cannot
    try passwords here without limit.
    """

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def clean_old_password(self):
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            if self.request is not None:
                user_login_failed.send(sender=__name__, credentials={"username": self.user.get_username()},
                                       request=self.request)
            raise


class AdminChangeProposalForm(forms.Form):
    """A 安全管理员's four-eyes proposal about an account (the service checks who may propose what)."""

    username = forms.CharField(label=_("用户名"), max_length=150,
                               widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
                               error_messages={"required": _("请填写用户名。")})
    kind = forms.ChoiceField(label=_("操作"), choices=AdminChangeKind.choices,
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    role = forms.ChoiceField(label=_("授予的角色"), required=False,
                             choices=[("", "—")] + [(value, label) for value, label in Role.choices
                                                    if value in ADMIN_ROLES],
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    temporary_password = forms.CharField(
        label=_("临时密码（仅重置密码时填写）"), required=False, max_length=128, strip=False,
        widget=forms.PasswordInput(attrs={"class": "form-control form-control-sm", "autocomplete": "new-password"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == AdminChangeKind.GRANT_ROLE and not cleaned.get("role"):
            self.add_error("role", _("授予角色时请选择角色。"))
        if cleaned.get("kind") == AdminChangeKind.RESET_PASSWORD and not cleaned.get("temporary_password"):
            self.add_error("temporary_password", _("重置密码时请设置临时密码（用户首次登录后须修改）。"))
        return cleaned
