import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.services import audit_prune


class Command(BaseCommand):
    help = "删除指定日期之前的审计记录；只接受保存期（180 天）以前的日期，删除本身也记入审计日志。"

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, type=datetime.date.fromisoformat,
                            help="删除该日期（YYYY-MM-DD，当地时间 0 点）之前的记录")

    def handle(self, *args, before: datetime.date, **options):
        moment = timezone.make_aware(datetime.datetime.combine(before, datetime.time.min))
        try:
            deleted = audit_prune(before=moment)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"已删除 {before.isoformat()} 之前的审计记录 {deleted} 条。")
