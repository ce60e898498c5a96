from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, database_backup


class Command(BaseCommand):
    help = ("用 pg_dump 将 PostgreSQL 数据库备份为自定义格式文件（-Fc）。目标为目录时自动生成带时间的文件名。"
            "佐证材料（MEDIA_ROOT）需另行备份，见 docs/deploy.md。")

    def add_arguments(self, parser):
        parser.add_argument("target", help="备份文件路径，或存放备份的目录")
        parser.add_argument("--database", default="default", help="Django 数据库别名（默认 default）")

    def handle(self, *args, target: str, database: str, **options):
        try:
            result = database_backup(target=Path(target), alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已备份到 {result.path}（{result.size / 1024 / 1024:.1f} MB，目录 {result.entries} 项）。")
