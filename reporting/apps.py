from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _submissions_section(request, region) -> dict | None:
    """Reports are not public: only users who may see the region get its submission history."""
    from accounts.access import can_see_region

    from .selectors import region_submissions

    if not can_see_region(request.user, region):
        return None
    return {"region": region, "submissions": region_submissions(region)}


def _report_years(region) -> set[int]:
    """The years ``region`` has an indicator or key-action report in (any state): a region's 设立 / 撤销
    years may not leave one outside the years it exists (``regions.services.region_years_errors``)."""
    from actions.models import ActionReport

    from .models import Submission

    return (set(Submission.objects.filter(region=region).values_list("year", flat=True))
            | set(ActionReport.objects.filter(region=region).values_list("year", flat=True)))


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("填报与监测")

    def ready(self):
        from plans.impact import register_report_reader
        from regions.pages import register_region_section
        from regions.records import register_report_years

        register_report_years(name="reports", years=_report_years)

        from .plan_impact import submission_verdicts

        register_region_section(order=20, template="reporting/_partials/region_section.html",
                                context=_submissions_section)
        register_report_reader(name="reporting.submission", reader=submission_verdicts)
