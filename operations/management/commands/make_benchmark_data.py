from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.dataset import DEFAULT_SEED, BenchDatabaseRefused, benchmark_data_create


class Command(BaseCommand):
    help = ("载入基准测试数据集（合成数据，非真实统计）：全国区划、每省一份合成规划（OH01–OH10）、"
            "2021—2025 年各县区及地市的已提交/已审核指标值。只能写入单独的空数据库（DATABASE_URL），"
            "绝不写入演示数据库 db.sqlite3。用法见 bench/README.md。")

    def add_arguments(self, parser):
        parser.add_argument("--counties", type=int, default=None,
                            help="只保留这么多个县级区划（全国均匀抽取），用于规模增长测试；默认全部")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="随机种子（默认 %(default)s）")
        parser.add_argument("--data-dir", type=Path, default=settings.DIVISION_DATA_DIR)

    def handle(self, *args, counties, seed, data_dir, **options):
        try:
            summary = benchmark_data_create(data_dir=data_dir, counties=counties, seed=seed)
        except BenchDatabaseRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(summary.line())
