import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from regions.division_data import read_division_rows
from regions.services import regions_bulk_load


class Command(BaseCommand):
    help = "载入区划：默认载入广东省夹具；--national 从统计用区划代码载入全国（全国 → 31 省，用于基准测试）。"

    def add_arguments(self, parser):
        parser.add_argument("--fixture", type=Path, default=settings.BASE_DIR / "fixtures" / "regions_guangdong.json")
        parser.add_argument("--national", action="store_true", help="载入全国区划（根节点 全国）")
        parser.add_argument("--data-dir", type=Path, default=settings.DIVISION_DATA_DIR)

    def handle(self, *args, fixture, national, data_dir, **options):
        started = time.monotonic()
        if national:
            rows = [row.as_dict() for row in read_division_rows(data_dir, with_nation=True)]
        else:
            rows = json.loads(fixture.read_text(encoding="utf-8"))
        created = regions_bulk_load(rows=rows)
        self.stdout.write(f"区划：新建 {created} 个，共 {len(rows)} 个（{time.monotonic() - started:.1f} 秒）。")
