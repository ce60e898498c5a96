"""The Excel entry sheet: a region's yearly values as a workbook (reading it back: ``entry_upload``).

Officers who collect figures offline download the sheet, fill it and upload it. The workbook carries
where it came from (hidden sheet ``_meta``: region, year, template version and the submission version it
was generated at), so a file for another region or year is refused and a file older than the last save
is refused as a conflict instead of silently overwriting it. An upload is untrusted input: its size and
zip container are checked before openpyxl opens it, every cell is checked with the same rules as the web
form (``entry_rules.clean_entry``), and every problem is reported at once, named by its cell.
"""
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import PatternFill, Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.models import ValueKind
from plumbing.xlsx import HEADER_FONT, WRAP, fit_row_heights, print_setup, write_code
from regions.models import Region

from .entry_guide import write_entry_guide
from .models import IndicatorValue
from .selectors import EntryRow

TEMPLATE_VERSION = "entry-v1"
ENTRY_SHEET = "填报"
GUIDE_SHEET = "说明"
META_SHEET = "_meta"

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# A filled entry sheet unpacks to well under 1 MB; these bounds stop a zip bomb before openpyxl inflates it.
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 200
# Rows read at all, blank or not: a workbook of a million blank rows took 15 s to read.
MAX_SHEET_ROWS = 1000
MAX_DATA_ROWS = 200  # the catalogue has 16 indicators; anything far beyond is not our sheet

# Column letter → (header, field of ``clean_entry`` or None for the read-only columns, width).
COLUMNS = {
    "A": ("指标代码", None, 10),
    "B": ("指标名称", None, 36),
    "C": ("目标（来源）", None, 36),
    "D": ("上年值", None, 12),
    "E": ("分子", "numerator", 12),
    "F": ("分母", "denominator", 12),
    "G": ("数值", "value", 14),
    "H": ("是/否", "yes_no", 8),
    "I": ("无法填报", "not_applicable", 10),
    "J": ("原因", "reason", 28),
    "K": ("数据来源/说明", "note", 36),
}
LAST_COLUMN = len(COLUMNS)
LETTER_OF_FIELD = {field: letter for letter, (_header, field, _width) in COLUMNS.items() if field}
FIELDS_OF_KIND = {
    ValueKind.RATE: ("numerator", "denominator"),
    ValueKind.COUNT: ("value",),
    ValueKind.AMOUNT: ("value",),
    ValueKind.YES_NO: ("yes_no",),
}
COMMON_FIELDS = ("not_applicable", "reason", "note")
NUMBER_FIELDS = ("numerator", "denominator", "value")
TEXT_LIMITS = {"reason": IndicatorValue._meta.get_field("not_applicable_reason").max_length,
               "note": IndicatorValue._meta.get_field("note").max_length}

# What the 是/否 cells hold: part of the file format (and of the drop-down lists), never translated.
YES_CELL, NO_CELL = "是", "否"

INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")
LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")


def input_fields(value_kind: str) -> tuple[str, ...]:
    """The fields an officer fills for an indicator of ``value_kind``."""
    return FIELDS_OF_KIND[value_kind] + COMMON_FIELDS


def entry_filename(region: Region, year: int) -> str:
    return _("%(code)s_%(year)s_填报.xlsx") % {"code": region.code, "year": year}


# --- writing ---------------------------------------------------------------------------------

def entry_workbook(region: Region, year: int, rows: list[EntryRow], *, version: int) -> Workbook:
    """The entry sheet of ``region`` for ``year``, prefilled with the current values.

    ``version`` is the submission's version now (0 when there is none yet); an upload of this file is
    saved only if nobody saved in between.
    """
    workbook = Workbook()
    _write_entry_sheet(workbook.active, rows)
    write_entry_guide(workbook.create_sheet(GUIDE_SHEET), region, year)
    for sheet in (workbook[ENTRY_SHEET], workbook[GUIDE_SHEET]):
        print_setup(sheet, region=region.full_name, year=year, columns=sheet.max_column,
                    title_rows=1 if sheet.title == ENTRY_SHEET else 0, title_columns=2 if sheet.title == ENTRY_SHEET else 0)
    _write_meta(workbook.create_sheet(META_SHEET), region, year, version)
    # A locked structure keeps _meta hidden and the sheets in place (no password: it prevents slips).
    workbook.security = WorkbookProtection(lockStructure=True)
    return workbook


def _text(cell, value: str) -> None:
    """A text cell that Excel and openpyxl never take for a formula or a number (region codes keep their digits)."""
    write_code(cell, value)


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def _current_inputs(row: EntryRow) -> dict:
    stored = row.current
    if stored is None:
        return {}
    kind = row.indicator.value_kind
    inputs = {"not_applicable": YES_CELL if stored.not_applicable else None,
              "reason": stored.not_applicable_reason or None, "note": stored.note or None}
    if kind == ValueKind.RATE:
        inputs |= {"numerator": _number(stored.numerator), "denominator": _number(stored.denominator)}
    elif kind == ValueKind.YES_NO:
        inputs["yes_no"] = None if stored.value is None else (YES_CELL if stored.value > 0 else NO_CELL)
    else:
        inputs["value"] = _number(stored.value)
    return inputs


def _validations() -> dict[str, DataValidation]:
    def rule(kind: str, message: str, **kwargs) -> DataValidation:
        return DataValidation(type=kind, allow_blank=True, showErrorMessage=True, errorTitle=_("输入有误"),
                              error=message, **kwargs)

    return {
        "whole": rule("whole", _("请填写不小于 0 的整数"), operator="greaterThanOrEqual", formula1="0"),
        "decimal": rule("decimal", _("请填写不小于 0 的数字"), operator="greaterThanOrEqual", formula1="0"),
        "yes_no": rule("list", _("请选择“是”或“否”"), formula1=f'"{YES_CELL},{NO_CELL}"'),
        "reason": rule("textLength", _("原因最多 %(n)s 字") % {"n": TEXT_LIMITS["reason"]},
                       operator="lessThanOrEqual", formula1=str(TEXT_LIMITS["reason"])),
        "note": rule("textLength", _("说明最多 %(n)s 字") % {"n": TEXT_LIMITS["note"]},
                     operator="lessThanOrEqual", formula1=str(TEXT_LIMITS["note"])),
    }


def _validation_for(field: str, value_kind: str) -> str:
    if field in ("numerator", "denominator") or (field == "value" and value_kind == ValueKind.COUNT):
        return "whole"
    if field == "value":
        return "decimal"
    if field in ("yes_no", "not_applicable"):
        return "yes_no"
    return field


def _write_entry_sheet(sheet, rows: list[EntryRow]) -> None:
    sheet.title = ENTRY_SHEET
    for letter, (header, field, width) in COLUMNS.items():
        cell = sheet[f"{letter}1"]
        _text(cell, header)  # not translated: the headers are how an upload is recognised
        cell.font, cell.alignment = HEADER_FONT, WRAP
        sheet.column_dimensions[letter].width = width
    validations = _validations()
    for number, row in enumerate(rows, start=2):
        target = row.resolved.target.text if row.resolved.target else "—"
        for letter, value in (("A", row.code), ("B", row.resolved.row.printed_name),
                              ("C", f"{target}\n{row.resolved.source_label}"), ("D", row.previous_text)):
            _text(sheet[f"{letter}{number}"], value)
            sheet[f"{letter}{number}"].alignment = WRAP
        inputs, kind = _current_inputs(row), row.indicator.value_kind
        for field, letter in LETTER_OF_FIELD.items():
            cell = sheet[f"{letter}{number}"]
            if field not in input_fields(kind):
                cell.fill = LOCKED_FILL
                continue
            cell.protection, cell.fill = Protection(locked=False), INPUT_FILL
            value = inputs.get(field)
            if isinstance(value, str):
                _text(cell, value)
            elif value is not None:
                cell.value = value
            if field in ("reason", "note"):
                cell.number_format, cell.alignment = "@", WRAP
            validations[_validation_for(field, kind)].add(cell.coordinate)
    for validation in validations.values():
        if validation.sqref.ranges:
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "C2"
    fit_row_heights(sheet)
    # Protection keeps codes, names and targets as downloaded; no password, it guards against slips, not people.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = sheet.protection.formatRows = False


def _write_meta(sheet, region: Region, year: int, version: int) -> None:
    pairs = [("template", TEMPLATE_VERSION), ("region_code", region.code), ("region_name", region.full_name),
             ("year", year), ("version", version), ("generated_at", timezone.now().isoformat(timespec="seconds"))]
    for number, (key, value) in enumerate(pairs, start=1):
        _text(sheet.cell(number, 1), key)
        if isinstance(value, str):
            _text(sheet.cell(number, 2), value)
        else:
            sheet.cell(number, 2).value = value
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True
