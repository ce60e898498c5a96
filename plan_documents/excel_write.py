"""The Excel plan template written out: empty, or filled with a plan document (``plan_to_document``)."""
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from indicators.models import Indicator
from plumbing.xlsx import HEADER_FONT, WRAP, fit_row_heights, print_setup, write_code

from .documents import LIST_FIELDS, normalize_document
from .excel_template import (
    ACTION_SHEET,
    BASELINE_SHEET,
    CONTENT_SHEET,
    GUIDE_SHEET,
    INDICATOR_SHEET,
    PLAN_FIELD_HELP,
    PLAN_FIELD_LABELS,
    PLAN_SHEET,
    SHEET_COLUMNS,
    SHEET_HELP,
    YEARLY_SHEET,
    Column,
)

WRAP_FROM_WIDTH = 30  # columns this wide hold paragraphs (objectives, tasks), narrower ones codes and numbers


def plan_template_workbook(document: dict | None) -> Workbook:
    """The template, filled with ``document`` (a plan document) or empty when it is ``None``."""
    doc = normalize_document(document) if document is not None else None
    workbook = Workbook()
    _write_guide(workbook.active)
    rows_by_sheet = {
        PLAN_SHEET: _plan_rows(doc),
        INDICATOR_SHEET: _indicator_rows(doc) if doc else [],
        YEARLY_SHEET: _yearly_rows(doc) if doc else [],
        BASELINE_SHEET: _baseline_rows(doc) if doc else [],
        ACTION_SHEET: _action_rows(doc) if doc else [],
        CONTENT_SHEET: _content_rows(doc) if doc else [],
    }
    for sheet_name, columns in SHEET_COLUMNS.items():
        sheet = workbook.create_sheet(sheet_name)
        _write_header(sheet, columns)
        for row_number, values in enumerate(rows_by_sheet[sheet_name], start=2):
            for column_number, value in enumerate(values, start=1):
                _write_value(sheet.cell(row_number, column_number), value)
    heading = doc["title"] if doc and doc.get("title") else "职业病防治规划导入模板"
    for sheet in workbook.worksheets:
        _wrap_long_texts(sheet)
        print_setup(sheet, region=heading, year=None, columns=sheet.max_column)
    return workbook


def _wrap_long_texts(sheet) -> None:
    """Wide columns hold printed paragraphs: wrapped, with rows as tall as their text."""
    for cells in sheet.iter_cols(min_row=2, max_row=max(sheet.max_row, 2)):
        if sheet.column_dimensions[cells[0].column_letter].width >= WRAP_FROM_WIDTH:
            for cell in cells:
                if cell.value is not None:
                    cell.alignment = WRAP
    fit_row_heights(sheet, first_row=2)


def _write_value(cell, value) -> None:
    if value is None or value == "":
        return
    if isinstance(value, int):
        cell.value = value
        return
    # openpyxl turns any str starting with "=" into a formula; a printed text never is one.
    write_code(cell, value)


def _write_header(sheet, columns: tuple[Column, ...]) -> None:
    for column_number, column in enumerate(columns, start=1):
        cell = sheet.cell(1, column_number, column.header)
        cell.font = HEADER_FONT
        letter = get_column_letter(column_number)
        sheet.column_dimensions[letter].width = column.width
        if column.kind != "int":
            # Codes typed into the empty template stay text (440704, not a number losing its zeros).
            sheet.column_dimensions[letter].number_format = "@"
        if column.width >= WRAP_FROM_WIDTH:
            sheet.column_dimensions[letter].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _write_guide(sheet) -> None:
    sheet.title = GUIDE_SHEET
    _write_header(sheet, (Column("sheet", "工作表", "text", "", 14), Column("column", "列 / 字段", "text", "", 16),
                          Column("help", "说明", "text", "", 90)))
    rows = [
        ("", "", "本模板用于导入一份职业病防治规划。请照印发文本逐字填写，不要使用公式；序号、年度填整数；"
                 "区划代码、指标代码以文本填写。“说明”表不会被读取。"),
        ("", "", "上传后系统会检查全部工作表，并按“工作表 第几行 第几列”列出所有问题；没有问题时才会显示确认页。"),
    ]
    for sheet_name, columns in SHEET_COLUMNS.items():
        rows.append((sheet_name, "", SHEET_HELP[sheet_name]))
        if sheet_name == PLAN_SHEET:
            rows += [(sheet_name, PLAN_FIELD_LABELS[key], PLAN_FIELD_HELP[key]) for key in PLAN_FIELD_LABELS]
        else:
            rows += [(sheet_name, column.header, column.help) for column in columns]
    rows.append(("指标目录", "", "“指标”表的指标代码须为下列之一："))
    rows += [("指标目录", code, name) for code, name in Indicator.objects.order_by("code").values_list("code", "name")]
    for row_number, values in enumerate(rows, start=2):
        for column_number, value in enumerate(values, start=1):
            _write_value(sheet.cell(row_number, column_number), value)


def _plan_rows(doc: dict | None) -> list[tuple]:
    rows = []
    for key, label in PLAN_FIELD_LABELS.items():
        if key in LIST_FIELDS:
            items = (doc or {}).get(key) or [""]
            rows += [(label, item) for item in items]
        else:
            rows.append((label, doc[key] if doc else None))
    return rows


def _indicator_rows(doc: dict) -> list[tuple]:
    return [(row["seq"], row["code"], row["printed_name"], row["target_2025"], row["nature"], row["remark"],
             row["no_comparison_reason"]) for row in doc["indicators"]]


def _yearly_rows(doc: dict) -> list[tuple]:
    return [(row["seq"], year, text)
            for row in doc["indicators"] for year, text in sorted(row["yearly_targets"].items())]


def _baseline_rows(doc: dict) -> list[tuple]:
    return [(row["seq"], baseline["region_code"], baseline["year"], baseline["text"])
            for row in doc["indicators"] for baseline in row["baselines"]]


def _action_rows(doc: dict) -> list[tuple]:
    return [(a["seq"], a["label"], a["name"], a["objective"], a["principles"], a["expected_effect"])
            for a in doc["key_actions"]]


def _content_rows(doc: dict) -> list[tuple]:
    return [(a["seq"], item_seq, text)
            for a in doc["key_actions"] for item_seq, text in enumerate(a["content"], start=1)]


