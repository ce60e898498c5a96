from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Commands for running the portal: backup and restore, the demo data set, benchmark data."""

    name = "operations"
    verbose_name = _("运维")
