from django.shortcuts import render

from plans.period import ACTION_YEARS, PLAN_YEARS, default_reporting_year
from reporting.selectors import officer_submissions, pending_reviews
from seasons.selectors import season_for


def home(request):
    """The front page: officers see their reports (returned ones first), reviewers their queue."""
    user = request.user
    context = {"years": PLAN_YEARS, "action_years": ACTION_YEARS}
    if user.is_authenticated and user.region_id:
        if user.is_officer:
            context["my_submissions"] = submissions = officer_submissions(user)
            # The year being reported now: its due date and, once past it, how late (seasons).
            year = default_reporting_year()
            current = next((submission for submission in submissions if submission.year == year), None)
            context["season"] = season_for(user.region, year, current.counted_submitted_at if current else None)
        elif user.is_reviewer:
            context["pending"] = pending_reviews(user)
    return render(request, "home.html", context)
