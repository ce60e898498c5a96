from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_role_groups(sender, using, **kwargs):
    from .services import role_groups_sync

    role_groups_sync(using=using)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("用户与权限")

    def ready(self):
        from . import checks  # noqa: F401  (checks registers itself)

        # Keep the role groups' permissions in step with the models after every migrate.
        post_migrate.connect(_sync_role_groups, sender=self, dispatch_uid="accounts_role_groups_sync")
