from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_role_groups(sender, **kwargs):
    from .account_services import role_groups_sync

    role_groups_sync()


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("行政区划")

    def ready(self):
        from . import audit_signals, checks  # noqa: F401  (checks registers itself)

        audit_signals.connect()
        # Keep the three admin groups' permissions in step with the models after every migrate.
        post_migrate.connect(_sync_role_groups, sender=self, dispatch_uid="regions_role_groups_sync")
