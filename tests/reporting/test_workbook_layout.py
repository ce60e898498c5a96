"""How every exported workbook prints and reads: page setup, row heights, column widths, words, colours
(issue 18). The same files go through LibreOffice in test_workbooks_in_libreoffice.py."""
import re
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl.utils import get_column_letter

from actions.exports import NARRATIVE_WIDTH, PROGRESS_COLOURS
from audit.models import AuditEvent, AuditEventType
from audit.services import audit_record
from plumbing.xlsx import CJK_SANS, wrapped_lines
from reporting.compliance import Status
from reporting.exports import STATUS_COLOURS
from tests.reporting.test_dashboard_exports import reports  # noqa: F401 (fixture)
from tests.reporting.workbooks import EXPORTS, download, opened

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit_trail(auditor, yangchun_officer):
    audit_record(event=AuditEventType.EXPORT, user=yangchun_officer, obj=yangchun_officer.region,
                 details={"file": "区县达标明细", "year": 2024})


def visible_sheets(workbook):
    return [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]


@pytest.mark.parametrize("name", EXPORTS)
def test_every_sheet_prints_on_a4_fitted_to_the_width_with_repeated_headings(client, request, reports, audit_trail,
                                                                            name):
    for sheet in visible_sheets(opened(download(client, request, name))):
        setup = sheet.page_setup
        assert (setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (9, 1, 0), sheet.title  # 9 = A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert setup.orientation in ("portrait", "landscape")
        assert sheet.print_title_rows or sheet.title == "说明" and name == "entry", sheet.title
        header, footer = sheet.oddHeader.center.text, sheet.oddFooter
        assert "&A" in header, sheet.title  # the sheet's name
        assert "&P" in footer.right.text and "&N" in footer.right.text  # page n of m
        assert re.search(r"生成时间 \d{4}-\d\d-\d\d \d\d:\d\d", footer.left.text)


def test_the_region_and_year_head_every_printed_page(client, request, reports):
    sheet = opened(download(client, request, "matrix"))["达标情况"]
    assert sheet.oddHeader.center.text.startswith("阳江市 2024 年")
    assert sheet.print_title_rows == "$1:$1" and sheet.print_title_cols == "$A:$B"  # header row, code and region
    assert sheet.page_setup.orientation == "landscape"  # 42 columns


def test_wide_and_narrow_sheets_take_the_orientation_that_fits(client, request, reports):
    workbook = opened(download(client, request, "completeness"))
    assert workbook["填报进度"].page_setup.orientation == "landscape"
    assert workbook["汇总"].page_setup.orientation == "portrait"


def row_fits(sheet, row: int) -> bool:
    """The row is as tall as the most lines a wrapped cell of it needs (15 pt a line)."""
    lines = max((wrapped_lines(str(cell.value), sheet.column_dimensions[cell.column_letter].width or 8.43)
                 for cell in sheet[row] if cell.value is not None and cell.alignment.wrap_text), default=1)
    height = sheet.row_dimensions[row].height
    return lines == 1 or (height is not None and height >= lines * 15)


def test_entry_targets_and_their_sources_get_rows_tall_enough_for_both_lines(client, request):
    sheet = opened(download(client, request, "entry"))["填报"]
    oh03 = next(row for row in range(2, sheet.max_row + 1) if sheet.cell(row, 1).value == "OH03")
    assert "\n" in sheet.cell(oh03, 3).value and sheet.row_dimensions[oh03].height >= 30
    assert all(row_fits(sheet, row) for row in range(1, sheet.max_row + 1))


@pytest.mark.parametrize("name", ["entry", "evaluation", "plan"])
def test_every_row_with_wrapped_text_is_as_tall_as_its_text(client, request, reports, name):
    sheets = visible_sheets(opened(download(client, request, name)))
    # Long texts (targets, names, explanations, narratives, printed paragraphs) wrap instead of being cut.
    assert any(cell.alignment.wrap_text for sheet in sheets for row in sheet.iter_rows(min_row=2) for cell in row
               if isinstance(cell.value, str) and len(cell.value) > 20)
    for sheet in sheets:
        assert [row for row in range(1, sheet.max_row + 1) if not row_fits(sheet, row)] == [], sheet.title


def test_times_fit_their_columns(client, request, reports):
    sheet = opened(download(client, request, "completeness"))["填报进度"]
    assert all(sheet.column_dimensions[letter].width >= len("2026-11-29 14:05") for letter in "EFG")


def test_the_audit_export_sizes_its_columns_and_says_type_and_details_in_words(client, request, audit_trail):
    sheet = opened(download(client, request, "audit"))["审计日志"]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[header.index("事件")] == "数据导出"
               and r[header.index("用户")] == "yangchun")
    assert row[header.index("对象类型")] == "行政区划"  # the model's name, not "regions.region"
    assert row[header.index("详情")] == "文件：区县达标明细；年度：2024"  # not raw JSON
    assert sheet.column_dimensions["B"].width >= len("2026-11-29 14:05:09")
    assert all(sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJK")


def test_the_key_action_export_sizes_its_columns(client, request):
    sheet = opened(download(client, request, "actions"))["重大行动进展"]
    header = [cell.value for cell in sheet[2]]  # row 1 names the documents
    narratives = [index for index, title in enumerate(header, start=1) if title.endswith("进展情况")]
    assert narratives and all(sheet.column_dimensions[get_column_letter(column)].width == NARRATIVE_WIDTH
                              for column in narratives)  # openpyxl reads an unsized column as 13 wide


def test_the_summary_sheet_is_in_chinese_with_a_total(client, request, reports):
    summary = opened(download(client, request, "completeness"))["汇总"]
    rows = list(summary.iter_rows(min_row=2, values_only=True))
    assert rows == [("未开始", 1), ("已退回", 1), ("已审核", 2), ("合计", 4)]  # 阳江市's four county-level regions


def test_rates_are_numbers_in_percentage_format(client, request, reports):
    for name in ("matrix", "counties"):
        sheet = opened(download(client, request, name))["达标情况"]
        header = [cell.value for cell in sheet[1]]
        yangchun = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "441781")
        oh02 = yangchun[header.index("OH02 数值")]
        assert (oh02.value, oh02.data_type, oh02.number_format) == (0.8, "n", "0.00%")  # 80 of 100


def test_headers_name_a_cjk_sans_font(client, request, reports, audit_trail):
    for name in EXPORTS:
        for sheet in visible_sheets(opened(download(client, request, name))):
            row = 2 if name == "evaluation" and sheet.title != "图例" else 1
            fonts = {cell.font.name for cell in sheet[row] if cell.value is not None}
            assert fonts == {CJK_SANS}, (name, sheet.title, fonts)


def six_digits(colour: str) -> str:
    """"fff" → "FFFFFF", "198754" → "198754"."""
    return ("".join(char * 2 for char in colour) if len(colour) == 3 else colour).upper()


def css_colours() -> dict[str, tuple[str, str]]:
    """``.status-met { background: #198754; color: #fff; }`` → {"status-met": ("198754", "FFFFFF")}."""
    css = Path(settings.BASE_DIR, "static/css/portal.css").read_text()
    return {f"{kind}-{name}": (six_digits(background), six_digits(text)) for kind, name, background, text
            in re.findall(r"\.(status|progress)-(\w+) \{ background: #(\w+); color: #(\w+);", css)}


def test_status_cells_use_the_pages_accessible_palette():
    css = css_colours()
    for status in Status:
        assert STATUS_COLOURS[status] == css[f"status-{status.value}"], status
    for status in ("not_started", "in_progress", "done", "not_applicable"):
        assert PROGRESS_COLOURS[status] == css[f"progress-{status}"], status
    assert PROGRESS_COLOURS[""] == css["status-not_started"]  # not reported yet


def test_status_cells_in_the_matrix_carry_fill_and_text_colour(client, request, reports):
    sheet = opened(download(client, request, "matrix"))["达标情况"]
    met = next(cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value == str(Status.MET.label))
    assert met.fill.start_color.rgb.endswith("198754") and met.font.color.rgb.endswith("FFFFFF")


def test_the_audit_export_is_recorded_too(client, request, audit_trail):
    download(client, request, "audit")
    assert AuditEvent.objects.filter(event=AuditEventType.EXPORT, user__username="auditor").exists()
