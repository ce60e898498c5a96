from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .forms import EmailPreferenceForm, MarkReadForm
from .models import Notification
from .selectors import email_kinds_for, notifications_for
from .services import email_preferences_set, notifications_mark_read


@login_required
@require_GET
def index(request):
    return render(request, "notifications/index.html", {
        "notifications": notifications_for(request.user),
        "preferences": EmailPreferenceForm(initial={"email_kinds": sorted(email_kinds_for(request.user))}),
    })


@login_required
@require_POST
def mark_read(request):
    form = MarkReadForm(request.POST)
    if form.is_valid():
        ident = form.cleaned_data["id"]
        notifications_mark_read(user=request.user, ids=[ident] if ident else None)
    return redirect("notifications:index")


@login_required
@require_POST
def open_notification(request, pk: int):
    """Mark one notification read and go where it points (only ever a path inside the portal)."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    notifications_mark_read(user=request.user, ids=[notification.pk])
    if notification.link and url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return redirect(notification.link)
    return redirect("notifications:index")


@login_required
@require_POST
def preferences(request):
    form = EmailPreferenceForm(request.POST)
    if form.is_valid():
        email_preferences_set(user=request.user, email_kinds=set(form.cleaned_data["email_kinds"]))
        messages.success(request, _("邮件通知设置已保存。"))
    else:
        messages.error(request, _("无效的通知类型，设置未保存。"))
    return redirect("notifications:index")
