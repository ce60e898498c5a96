from django.shortcuts import render

from plans.period import ACTION_YEARS, PLAN_YEARS
from reporting.selectors import officer_submissions, pending_reviews


def home(request):
    """The front page: officers see their reports (returned ones first), reviewers their queue."""
    user = request.user
    context = {"years": PLAN_YEARS, "action_years": ACTION_YEARS}
    if user.is_authenticated and user.region_id:
        if user.is_officer:
            context["my_submissions"] = officer_submissions(user)
        elif user.is_reviewer:
            context["pending"] = pending_reviews(user)
    return render(request, "home.html", context)
