from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, database_restore


class Command(BaseCommand):
    help = ("用 pg_restore 将 backup_database 生成的备份恢复到一个新建的数据库（已存在则拒绝，不会覆盖任何数据），"
            "并列出关键表的行数。核对无误后，再把 DATABASE_URL 指向新数据库。")

    def add_arguments(self, parser):
        parser.add_argument("source", help="备份文件路径（.dump）")
        parser.add_argument("new_database", help="要新建并恢复到的数据库名，例如 ohplan_restored_20250301")
        parser.add_argument("--database", default="default", help="提供连接参数的 Django 数据库别名（默认 default）")

    def handle(self, *args, source: str, new_database: str, database: str, **options):
        try:
            result = database_restore(source=Path(source), database=new_database, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = "，".join(f"{table} {count}" for table, count in result.row_counts.items())
        self.stdout.write(f"已恢复到新数据库 {result.database}：{counts}。")
