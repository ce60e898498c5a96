import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from regions.division_data import read_division_rows

GUANGDONG = "44"


class Command(BaseCommand):
    help = "从 2023 年统计用区划代码生成广东省区划夹具 fixtures/regions_guangdong.json（提交到仓库）。"

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=settings.DIVISION_DATA_DIR)
        parser.add_argument("--province", default=GUANGDONG, help="两位省级代码，默认 44（广东省）")
        parser.add_argument("--output", type=Path, default=settings.BASE_DIR / "fixtures" / "regions_guangdong.json")

    def handle(self, *args, data_dir, province, output, **options):
        rows = [row.as_dict() for row in read_division_rows(data_dir, province_codes={province})]
        output.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        self.stdout.write(f"已写入 {output}：{len(rows)} 个区划。")
