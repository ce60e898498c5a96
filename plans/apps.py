from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _governing_plan_section(request, region) -> dict:
    from .governing import governing_plan_for
    from .period import default_reporting_year

    return {"region": region, "plan": governing_plan_for(region, default_reporting_year())}


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("规划")

    def ready(self):
        from regions.pages import register_region_section

        register_region_section(order=10, template="plans/_region_section.html", context=_governing_plan_section)
