from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("指标")

    def ready(self):
        from plans.pages import register_plan_count, register_plan_section

        from .selectors import indicator_row_counts, plan_indicator_table

        register_plan_section(order=10, template="indicators/_plan_section.html", context=plan_indicator_table)
        register_plan_count(order=10, label=_("指标"), count=indicator_row_counts)
