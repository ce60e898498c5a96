from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanDocumentsConfig(AppConfig):
    """Plan documents in and out: JSON, YAML fixtures, the Excel template and its admin import."""

    name = "plan_documents"
    verbose_name = _("规划文件")
