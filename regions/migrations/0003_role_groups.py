"""Data: the groups of the roles (三员分立), the audit chain's head row, and a start date for password
ageing on existing accounts. ``accounts.services.role_groups_sync`` gives the groups their permissions
after every migrate."""
from django.db import migrations
from django.utils import timezone

GENESIS_HASH = "0" * 64


# Frozen when the roles moved to ``accounts`` (a migration must not import live code from an app above
# it): the group names as stored. Their permissions are set by ``accounts.services.role_groups_sync``,
# which runs after every migrate.
ROLE_GROUPS = {"officer": "填报员", "reviewer": "审核员", "admin": "系统管理员", "security_admin": "安全管理员",
               "auditor": "审计管理员"}
ADMIN_ROLES = ("admin", "security_admin", "auditor")


def create_role_groups(apps, schema_editor):
    database = schema_editor.connection.alias
    groups = apps.get_model("auth", "Group").objects.using(database)
    users = apps.get_model("regions", "User").objects.using(database)
    for role, name in ROLE_GROUPS.items():
        group, _created = groups.get_or_create(name=name)
        for user in users.filter(role=role):
            user.groups.add(group)
    users.filter(role__in=ADMIN_ROLES).update(is_staff=True)


def start_password_ageing(apps, schema_editor):
    # Existing passwords count from today: nobody is locked out of the portal by the upgrade itself.
    apps.get_model("regions", "User").objects.using(schema_editor.connection.alias).filter(
        password_changed_at__isnull=True).update(
        password_changed_at=timezone.now())


def create_chain_head(apps, schema_editor):
    apps.get_model("regions", "AuditChainHead").objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"last_hash": GENESIS_HASH})


class Migration(migrations.Migration):

    dependencies = [
        ("regions", "0002_identity_audit"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
        migrations.RunPython(start_password_ageing, migrations.RunPython.noop),
        migrations.RunPython(create_chain_head, migrations.RunPython.noop),
    ]
