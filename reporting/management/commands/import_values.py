from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from reporting.value_import import ValueImportError, values_import_csv


class Command(BaseCommand):
    help = ("从 CSV 导入已有的年度指标值（列：region_code, indicator_code, year, numerator, denominator, value, note；"
            "UTF-8 或 GBK 编码），导入的填报状态为“已审核”。先校验全部行，有任何问题则不写入。")

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV 文件路径")
        parser.add_argument("--user", required=True, help="执行导入的管理员用户名（记入审核人和修改历史）")

    def handle(self, *args, file: str, user: str, **options):
        importer = User.objects.filter(username=user).first()
        if importer is None:
            raise CommandError(f"用户“{user}”不存在。")
        if not (importer.is_active and importer.is_portal_admin):
            raise CommandError(f"用户“{user}”不是管理员（或已停用），不能导入数据。")
        try:
            with open(file, "rb") as handle:
                summary = values_import_csv(file=handle, user=importer)
        except OSError as error:
            raise CommandError(f"无法读取文件“{file}”：{error.strerror}") from error
        except ValueImportError as error:
            raise CommandError(f"导入失败，未写入任何数据（共 {len(error.errors)} 处问题）：\n"
                               + "\n".join(error.errors)) from error
        self.stdout.write(summary.line())
