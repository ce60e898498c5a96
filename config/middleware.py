"""Request-level guards that must run before any view touches the body."""
import logging
import re
import time
from functools import cached_property

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import patch_cache_control

logger = logging.getLogger("django.security.RequestSize")


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared Content-Length exceeds its cap, before reading the body.

    The cap is ``REQUEST_MAX_BYTES``, or the first ``REQUEST_SIZE_LIMITS`` entry whose regular
    expression matches the path (the Excel upload URLs allow less). The refusal is a Chinese 413 page;
    the body is never read, so a 500 MB "upload" costs the worker nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def limits(self) -> list[tuple[re.Pattern, int]]:
        return [(re.compile(pattern), limit) for pattern, limit in settings.REQUEST_SIZE_LIMITS]

    def limit_for(self, path: str) -> int:
        for pattern, limit in self.limits:
            if pattern.search(path):
                return limit
        return settings.REQUEST_MAX_BYTES

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH") or "0"
        limit = self.limit_for(request.path_info)
        try:
            length = int(declared)
        except ValueError:
            length = -1
        if length < 0:
            logger.warning("Malformed Content-Length %r for %s", declared[:40], request.path_info)
            return render(request, "400.html", status=400)
        if length > limit:
            logger.warning("Refused %s byte request to %s (cap %s bytes)", length, request.path_info, limit)
            return render(request, "413.html", {"size_mb": length / (1024 * 1024)}, status=413)
        return self.get_response(request)


class SessionIdleRefreshMiddleware:
    """Keep the 30-minute idle timeout without writing the session on every request.

    Django's SESSION_SAVE_EVERY_REQUEST writes (and commits) the session row on every page view, which
    was most of the fixed cost of a dashboard request (docs/benchmarks.md, finding B). Here a signed-in
    session is touched at most once per ``SESSION_REFRESH_SECONDS``; each save moves its expiry to
    SESSION_COOKIE_AGE from then, so an idle user is logged out after 29–30 minutes instead of exactly 30.
    """

    KEY = "_last_refresh"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now
        return self.get_response(request)


class PrivateCacheControlMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in user: pages and downloads
    show region figures, account data or the audit log, and must not stay in a shared proxy or in the
    browser's cache of a shared office computer after logout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
