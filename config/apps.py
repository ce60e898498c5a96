"""Chinese names for third-party apps in the admin's index (their own AppConfig names are "Axes" and
"Otp_Totp"). Only the app's display name changes: the label, models and migrations stay theirs."""
from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig


class LoginLockoutConfig(AxesAppConfig):
    verbose_name = _("登录失败锁定")


class AuthenticatorConfig(TOTPAppConfig):
    verbose_name = _("双因素认证设备")
