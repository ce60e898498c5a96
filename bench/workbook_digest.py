"""A digest of every cell of the national 区县明细 workbook (value, type, number format, colours, font), in
Chinese and in English: run it before and after a change meant to leave the content alone (issue 18,
"Speed") and compare the lines. The demo-data version of the same check is a test
(``tests/reporting/test_counties_export_snapshot.py``); this one covers the whole country of the benchmark data set
(29,750 judged cells; the counts of each status are printed beside the digest).

    DATABASE_URL=sqlite:///bench/bench-….sqlite3 .venv/bin/python bench/workbook_digest.py [--code 000000] [--year 2024]
"""
import argparse
import collections
import hashlib
import io
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--code", default="000000")
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django
    django.setup()
    import openpyxl
    from django.utils import translation

    from plumbing.xlsx import workbook_bytes
    from regions.models import Region
    from reporting.dashboard import county_matrix
    from reporting.exports import matrix_workbook

    region = Region.objects.get(code=args.code)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            content = workbook_bytes(matrix_workbook(county_matrix(region, args.year), parent_column=True))
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        digest, statuses = hashlib.sha256(), collections.Counter()
        for sheet in workbook.worksheets:
            header = [cell.value for cell in sheet[1]]
            for row in sheet.iter_rows():
                for title, cell in zip(header, row):
                    fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else None
                    digest.update(json.dumps([sheet.title, cell.coordinate, cell.value, cell.data_type,
                                              cell.number_format, fill, cell.font.color.rgb if cell.font.color else None,
                                              bool(cell.font.b), cell.font.name], default=str).encode())
                    if sheet.title == "达标情况" and str(title).endswith("状态") and cell.row > 1:
                        statuses[cell.value] += 1
        print(f"{language}: sha256 {digest.hexdigest()} · {dict(statuses.most_common())}")


if __name__ == "__main__":
    main()
