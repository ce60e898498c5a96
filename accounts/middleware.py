"""Middleware for the identity rules: the steps a signed-in user owes first.

``AccountPolicyMiddleware`` sends a user who still has to enrol or verify a second factor, or whose
password has expired, to that page before anything else — the Django admin included. Logout, the
pages of the step itself and static files stay reachable.
"""
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .two_factor import ENROL, PASSWORD, VERIFY, next_account_step

TWO_FACTOR_VIEWS = frozenset({"account:two_factor", "account:two_factor_qr", "account:two_factor_verify"})
ALWAYS_ALLOWED_VIEWS = frozenset({"logout", "login", "set_language", "admin:logout"})
STEP_PAGES = {
    ENROL: ("account:two_factor", TWO_FACTOR_VIEWS, _("您的角色须启用双因素认证：请用手机身份验证器扫描二维码完成绑定。")),
    VERIFY: ("account:two_factor_verify", TWO_FACTOR_VIEWS, _("请输入手机身份验证器上的 6 位验证码。")),
    PASSWORD: ("account:password", frozenset({"account:password"}),
               _("您的密码已超过 %(days)s 天未修改，请先修改密码。")),
}


class AccountPolicyMiddleware:
    """Enforces two-factor login and password expiry (after OTPMiddleware and MessageMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        user = request.user
        view_name = request.resolver_match.view_name if request.resolver_match else ""
        if not user.is_authenticated or view_name in ALWAYS_ALLOWED_VIEWS:
            return None
        step = next_account_step(user, enforce_two_factor=settings.TWO_FACTOR_REQUIRED, now=timezone.now())
        if step is None:
            return None
        url_name, allowed, message = STEP_PAGES[step]
        if view_name in allowed or (step == PASSWORD and view_name in TWO_FACTOR_VIEWS):
            return None
        if request.method == "GET":
            messages.info(request, str(message) % {"days": settings.PASSWORD_MAX_AGE_DAYS} if step == PASSWORD
                          else message)
        return redirect(f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}")
