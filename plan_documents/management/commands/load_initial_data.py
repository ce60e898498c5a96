from django.core.management.base import BaseCommand, CommandError

from plan_documents.documents import PlanDocumentError
from plan_documents.initial_data import load_initial_data


class Command(BaseCommand):
    help = "载入广东省区划、指标目录和五份规划（可重复运行，未变化的内容不会改写）。"

    def handle(self, *args, **options):
        try:
            summary = load_initial_data()
        except PlanDocumentError as error:
            raise CommandError("规划夹具校验失败：\n" + "\n".join(error.errors)) from error
        self.stdout.write(
            f"区划新建 {summary.regions_created} 个；指标目录更新 {summary.indicators_changed} 项；"
            f"规划写入 {len(summary.plans_saved)} 份（{'、'.join(summary.plans_saved) or '无'}），"
            f"未变化 {len(summary.plans_unchanged)} 份。"
        )
