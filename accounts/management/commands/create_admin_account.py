import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role
from accounts.roles import ADMIN_ROLES
from accounts.services import admin_account_create


class Command(BaseCommand):
    help = ("创建一个个人管理员账号（系统管理员 admin、安全管理员 security_admin 或审计管理员 auditor）。"
            "门户没有默认或共用的管理员账号：每位管理员各用自己的账号，密码在此交互输入。")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ADMIN_ROLES))

    def handle(self, *args, username: str, role: str, **options):
        password = getpass.getpass("密码：")
        if password != getpass.getpass("再次输入密码："):
            raise CommandError("两次输入的密码不一致。")
        try:
            validate_password(password)
            user = admin_account_create(username=username, password=password, role=role)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"已创建{Role(role).label}账号 {user.username}；首次登录时须绑定双因素认证。")
