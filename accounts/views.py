"""Account security pages (two-factor login, password change), the 安全管理员's page and the
审计管理员's audit log."""
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device

from plumbing.client_ip import client_ip_of_request

from . import four_eyes, services
from .access import admin_changes_for_viewing, security_for_administering
from .forms import AdminChangeProposalForm, PortalPasswordChangeForm, TokenForm, UsernameForm
from .models import User
from .selectors import enrolled_devices, locked_attempts, pending_admin_changes, recent_admin_changes, security_policy
from .throttle import ip_is_throttled
from .two_factor import PENDING_KEY_SESSION, key_base32, pending_key, provisioning_uri, qr_svg

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _next_url(request) -> str:
    """Where to go after the step: the page the user was sent away from, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


def _with_next(url_name: str, request) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': _next_url(request)})}"


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request):
    user = request.user
    if user_has_device(user) and not user.is_verified():
        return redirect(_with_next("account:two_factor_verify", request))  # replacing a device needs the old one
    key = pending_key(request.session)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_enrol(user=user, key_hex=key, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            otp_login(request, device)
            request.session.cycle_key()
            del request.session[PENDING_KEY_SESSION]
            messages.success(request, _("已启用双因素认证。今后登录时需输入手机身份验证器上的验证码。"))
            return redirect(_next_url(request))
    return render(request, "account/two_factor_enrol.html", {
        "form": form, "secret": key_base32(key), "enrolled": user_has_device(user), "next": _next_url(request)})


@login_required
@require_GET
@never_cache
def two_factor_qr(request):
    """The pending secret as a QR code (SVG, same origin: no third-party service, no inline image)."""
    key = request.session.get(PENDING_KEY_SESSION)
    if not key:
        raise Http404("no enrolment in progress")
    uri = provisioning_uri(username=request.user.get_username(), key_hex=key, issuer=settings.OTP_TOTP_ISSUER)
    return HttpResponse(qr_svg(uri), content_type="image/svg+xml")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(request.user):
        return redirect(_with_next("account:two_factor", request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.two_factor_verify(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()  # a more privileged session gets a new key
            return redirect(_next_url(request))
        form.add_error("token", _("验证码不正确或已使用过；请等手机上出现下一个验证码后重试。多次错误后须等待更久。"))
    return render(request, "account/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    if request.method == "POST" and AxesProxyHandler.is_locked(request, {"username": request.user.get_username()}):
        logout(request)  # too many wrong old passwords: the account is locked like after failed logins
        return render(request, "registration/locked.html", status=429)
    form = PortalPasswordChangeForm(request.user, request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        services.account_password_change(user=request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, _("密码已修改。"))
        return redirect(_next_url(request))
    return render(request, "account/password_change.html", {
        "form": form, "next": _next_url(request), "max_age_days": settings.PASSWORD_MAX_AGE_DAYS})


@login_required
@require_GET
def security_overview(request):
    security_for_administering(request.user)
    return render(request, "account/security.html", {
        "policy": security_policy(), "locked": locked_attempts(), "devices": enrolled_devices(),
        "form": UsernameForm()})


@login_required
@require_POST
def account_unlock(request):
    security_for_administering(request.user)
    form = UsernameForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写要解锁的用户名。"))
        return redirect("account:security")
    username = form.cleaned_data["username"]
    try:
        cleared = services.account_unlock(username=username, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _unlock_message(request, username, cleared)
    return redirect("account:security")


def _unlock_message(request, username: str, cleared: int) -> None:
    if cleared:
        messages.success(request, _("已解锁账号 %(username)s。") % {"username": username})
    else:
        messages.warning(request, _("账号 %(username)s 没有登录失败记录，无需解锁。") % {"username": username})


@login_required
@require_POST
def two_factor_reset(request):
    security_for_administering(request.user)
    form = UsernameForm(request.POST)
    target = User.objects.filter(username=form.cleaned_data["username"]).first() if form.is_valid() else None
    if target is None:
        messages.error(request, _("没有这个用户名的账号。"))
        return redirect("account:security")
    try:
        services.two_factor_reset(user=target, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已重置 %(username)s 的双因素认证；该用户下次登录时须重新绑定。") % {
            "username": target.username})
    return redirect("account:security")


@login_required
@require_GET
def admin_changes(request):
    """三员分立 with four eyes: pending changes to administrator accounts, and the 安全管理员's proposal form."""
    admin_changes_for_viewing(request.user)
    return render(request, "account/admin_changes.html", {
        "pending": pending_admin_changes(), "recent": recent_admin_changes(),
        "form": AdminChangeProposalForm() if request.user.is_security_admin else None})


@login_required
@require_POST
def admin_change_propose(request):
    admin_changes_for_viewing(request.user)
    form = AdminChangeProposalForm(request.POST)
    target = User.objects.filter(username=form.data.get("username", "")).first()
    if form.is_valid() and target is None:
        form.add_error("username", _("没有这个用户名的账号。"))
    if form.is_valid():
        try:
            four_eyes.admin_change_propose(actor=request.user, target=target, kind=form.cleaned_data["kind"],
                                           role=form.cleaned_data["role"],
                                           temporary_password=form.cleaned_data["temporary_password"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已提出变更，须由另一位管理员确认后生效。"))
            return redirect("account:admin_changes")
    return render(request, "account/admin_changes.html", {
        "pending": pending_admin_changes(), "recent": recent_admin_changes(), "form": form}, status=400)


@login_required
@require_POST
def admin_change_decide(request, change_id: int, decision: str):
    admin_changes_for_viewing(request.user)
    decide = {"confirm": four_eyes.admin_change_confirm, "reject": four_eyes.admin_change_reject}.get(decision)
    if decide is None:
        raise Http404("unknown decision")
    try:
        decide(actor=request.user, change_id=change_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已确认并执行。") if decision == "confirm" else _("已拒绝（撤回）该变更。"))
    return redirect("account:admin_changes")


class PortalLoginView(LoginView):
    """Django's login, refused (429) for a client address with too many failures over all usernames."""

    template_name = "registration/login.html"

    def post(self, request, *args, **kwargs):
        if ip_is_throttled(client_ip_of_request(request)):
            return render(request, "registration/throttled.html", status=429)
        return super().post(request, *args, **kwargs)
