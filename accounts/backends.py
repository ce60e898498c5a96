"""Authentication: Django's model backend, minus demo accounts outside demo mode."""
from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class PortalModelBackend(ModelBackend):
    """Demo accounts (``User.is_demo``) neither log in nor keep a session unless ``DEMO_MODE`` is on —
    which production settings never allow. ``user_can_authenticate`` is consulted both at login and
    for every request's session user (``get_user``)."""

    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO_MODE:
            return False
        return super().user_can_authenticate(user)
