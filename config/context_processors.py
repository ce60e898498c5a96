from django.conf import settings


def portal(request):
    """Values every page needs: whether this is the demo (shown as a banner and on the login page)."""
    return {"demo_mode": settings.DEMO_MODE}
