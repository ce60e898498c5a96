"""Data: the groups of the three admin roles (三员分立), the audit chain's head row, and a start date for
password ageing on existing accounts. ``account_services.role_groups_sync`` keeps the groups current
after every later migrate."""
from django.db import migrations
from django.utils import timezone

GENESIS_HASH = "0" * 64


def create_role_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from accounts.roles import ROLE_GROUPS, role_grants

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    User = apps.get_model("regions", "User")
    permissions = list(Permission.objects.select_related("content_type"))
    for role, name in ROLE_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set([p for p in permissions
                               if role_grants(role, p.content_type.app_label, p.content_type.model, p.codename)])
        for user in User.objects.filter(role=role):
            user.groups.add(group)
        User.objects.filter(role=role).update(is_staff=True)


def start_password_ageing(apps, schema_editor):
    # Existing passwords count from today: nobody is locked out of the portal by the upgrade itself.
    apps.get_model("regions", "User").objects.filter(password_changed_at__isnull=True).update(
        password_changed_at=timezone.now())


def create_chain_head(apps, schema_editor):
    apps.get_model("regions", "AuditChainHead").objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})


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
