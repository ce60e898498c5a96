from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("重大行动")

    def ready(self):
        from plans.pages import register_plan_count, register_plan_section

        from .selectors import key_action_counts, plan_key_actions

        register_plan_section(order=20, template="actions/_plan_section.html", context=plan_key_actions)
        register_plan_count(order=20, label=_("重大行动"), count=key_action_counts)
