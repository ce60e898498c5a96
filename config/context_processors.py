from django.conf import settings

from plans.period import default_reporting_year


def portal(request):
    """Values every page needs: whether this is the demo (a banner, and a note on the login page),
    and the year the portal is currently collecting."""
    return {"demo_mode": settings.DEMO_MODE, "reporting_year": default_reporting_year()}
