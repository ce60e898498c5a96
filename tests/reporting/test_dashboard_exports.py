"""The exported workbooks say what the pages say."""
import io

import openpyxl
import pytest
from django.urls import reverse

from indicators.models import ValueKind
from lifecycle.models import SubmissionStatus
from tests.reporting.test_dashboard import report

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports():
    report("441702", 2024, OH02=(1, 1), OH03=(40, 100))
    report("441781", 2024, OH02=(80, 100))
    report("441721", 2024, status=SubmissionStatus.RETURNED)


def workbook(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_matrix_workbook_has_the_values_and_statuses_of_the_page(client, yangjiang_reviewer, reports):
    client.force_login(yangjiang_reviewer)
    page = client.get(reverse("dashboard:matrix", args=["441700", 2024]))
    matrix = page.context["matrix"]
    sheet = workbook(client.get(reverse("dashboard:matrix_xlsx", args=["441700", 2024])))["达标情况"]
    header = [cell.value for cell in sheet[1]]
    for row_number, row in enumerate(matrix.rows, start=2):
        assert sheet.cell(row=row_number, column=1).value == row.region.code
        assert sheet.cell(row=row_number, column=1).data_type == "s"  # codes stay text
        for cell in row.cells:
            column = header.index(f"{cell.indicator.code} 数值") + 1
            exported = sheet.cell(row=row_number, column=column)
            if cell.value is None:
                assert exported.value is None
            elif cell.indicator.value_kind == ValueKind.RATE:  # 87.21% is the number 0.8721, shown as a percentage
                assert (exported.value, exported.number_format) == (float(round(cell.value, 2) / 100), "0.00%")
            else:
                assert exported.value == float(round(cell.value, 2))
            assert sheet.cell(row=row_number, column=column + 1).value == cell.verdict.label
            assert sheet.cell(row=row_number, column=column + 3).value == cell.verdict.explanation
    assert sheet.freeze_panes == "C2"
    assert "图例" in workbook(client.get(reverse("dashboard:matrix_xlsx", args=["441700", 2024]))).sheetnames


def test_filters_apply_to_the_export(client, yangjiang_reviewer, reports):
    client.force_login(yangjiang_reviewer)
    sheet = workbook(client.get(reverse("dashboard:matrix_xlsx", args=["441700", 2024]), {"indicator": "OH02"}))["达标情况"]
    assert [cell.value for cell in sheet[1]] == ["区划代码", "地区", "OH02 数值", "OH02 状态", "OH02 目标", "OH02 说明"]


def test_completeness_workbook_matches_the_page(client, yangjiang_reviewer, reports):
    client.force_login(yangjiang_reviewer)
    rows = client.get(reverse("dashboard:completeness", args=["441700", 2024])).context["rows"]
    sheet = workbook(client.get(reverse("dashboard:completeness_xlsx", args=["441700", 2024])))["填报进度"]
    exported = [(sheet.cell(row=r, column=1).value, sheet.cell(row=r, column=4).value) for r in range(2, sheet.max_row + 1)]
    assert exported == [(row.region.code, str(row.state_label)) for row in rows]
    assert ("441781", "已审核") in exported and ("441721", "已退回") in exported and ("441704", "未开始") in exported
