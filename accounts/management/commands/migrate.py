from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections

from accounts.legacy_schema import adopt_moved_user_model


class Command(DjangoMigrate):
    """Django's ``migrate``, after adopting a database from before the user model moved (``accounts.legacy_schema``)."""

    def handle(self, *args, **options):
        if adopt_moved_user_model(connections[options["database"]]):
            self.stdout.write("已将用户模型迁入 accounts（accounts.0001 记为已应用）。")
        return super().handle(*args, **options)
