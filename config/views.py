from django.shortcuts import render


def home(request):
    """The portal's front page: what it is, and where each kind of user goes next."""
    return render(request, "home.html")
