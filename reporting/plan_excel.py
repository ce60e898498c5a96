"""The Excel plan template: a plan document as a workbook, and an uploaded workbook back into a document.

Admins load plans that are not fixtures yet by filling this template. The workbook carries exactly
the document of ``docs/plan-fixtures.md`` (one sheet per table), so ``read_plan_workbook`` of an
exported plan gives back ``plan_to_document(plan)``. An upload is untrusted input: its size, its
zip container and every cell are checked before anything reaches ``plan_save_document``, and every
problem is reported at once, named by sheet, row and column.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from actions.models import KeyAction
from indicators.models import Indicator, PlanIndicator, Target
from indicators.targets import TargetParseError, parse_baseline
from plans.models import Plan
from regions.audit import audit_record
from regions.models import AuditEventType, Region

from .uploads import UploadRejected, open_untrusted_workbook
from .xlsx import write_code
from .plan_documents import (
    LIST_FIELDS, TEXT_FIELDS, PlanDocumentError, normalize_document, plan_save_document, validate_document,
)

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# A real plan workbook unpacks to well under 1 MB; these bounds stop a zip bomb before openpyxl inflates it.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024

GUIDE_SHEET = "说明"
PLAN_SHEET = "规划信息"
INDICATOR_SHEET = "指标"
YEARLY_SHEET = "年度目标"
BASELINE_SHEET = "基线"
ACTION_SHEET = "重大行动"
CONTENT_SHEET = "行动内容"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str  # "int" (seq, year), "code" (catalogue/region codes, kept as text) or "text"
    help: str
    width: int = 14


SHEET_COLUMNS: dict[str, tuple[Column, ...]] = {
    PLAN_SHEET: (
        Column("field", "字段", "text", "规划的一项信息（不要修改本列的字段名）", 16),
        Column("value", "值", "text", "照印发文本填写；未印明的留空", 80),
    ),
    INDICATOR_SHEET: (
        Column("seq", "序号", "int", "指标表中印的序号，整数，不可重复", 8),
        Column("code", "指标代码", "code", "指标目录代码（OH01 等，见本页下方目录）", 10),
        Column("printed_name", "印发名称", "text", "指标名称，照印发文本", 40),
        Column("target_2025", "2025年目标", "text", "2025 年目标值，照印发文本，如 ≥90%、稳步提升、/", 16),
        Column("nature", "指标性质", "text", "预期性 / 约束性，未印明留空", 10),
        Column("remark", "备注", "text", "备注，照印发文本", 20),
    ),
    YEARLY_SHEET: (
        Column("seq", "指标序号", "int", "对应“指标”表的序号", 10),
        Column("year", "年度", "int", "四位年份，须在规划期内；2025 年目标填在“指标”表", 8),
        Column("text", "目标值", "text", "该年度目标，照印发文本", 20),
    ),
    BASELINE_SHEET: (
        Column("seq", "指标序号", "int", "对应“指标”表的序号", 10),
        Column("region_code", "区划代码", "code", "基线所属区划的 6 位代码，以文本填写（如 440704）", 12),
        Column("year", "年度", "int", "基线年份，如 2020", 8),
        Column("text", "基线值", "text", "照印发文本，如 3866 万人、78.0%、/", 30),
    ),
    ACTION_SHEET: (
        Column("seq", "序号", "int", "重大行动序号，整数，不可重复", 8),
        Column("label", "标注", "text", "如 专栏1、附表2 第1项", 14),
        Column("name", "名称", "text", "行动名称", 30),
        Column("objective", "行动目标", "text", "行动目标 / 建设目标 / 目标任务", 50),
        Column("principles", "建设原则", "text", "建设原则，未印明留空", 30),
        Column("expected_effect", "预期效果", "text", "预期效果 / 预期产出", 50),
    ),
    CONTENT_SHEET: (
        Column("action_seq", "行动序号", "int", "对应“重大行动”表的序号", 10),
        Column("item_seq", "条目序号", "int", "行动内容的条目顺序，1、2、3…", 10),
        Column("text", "内容", "text", "一条行动内容，去掉印刷的条目编号", 80),
    ),
}

SHEET_HELP = {
    PLAN_SHEET: "规划的基本信息，每行一个字段。编制依据、主要任务、督查评估节点每条占一行，可重复该字段名多行，按顺序排列。",
    INDICATOR_SHEET: "规划指标表，每行一项指标。",
    YEARLY_SHEET: "指标表中印有的年度（中期）目标，每个指标每年一行；没有印的不填。",
    BASELINE_SHEET: "指标表中印有的基线值，每个指标、区划、年度一行；没有印的不填。",
    ACTION_SHEET: "重大行动（专栏），每行一项。",
    CONTENT_SHEET: "重大行动的行动内容 / 建设内容，每条一行。",
}

PLAN_FIELD_LABELS = {
    "seed_file": "来源文件",
    "region_code": "区划代码",
    "title": "标题",
    "issuer": "印发机关",
    "doc_number": "文号",
    "issued_date": "印发日期",
    "period_start": "规划起始年",
    "period_end": "规划终止年",
    "publication": "公开方式",
    "indicator_table_label": "指标表标题",
    "basis_documents": "编制依据",
    "main_tasks": "主要任务",
    "review_milestones": "督查评估节点",
}
PLAN_FIELD_HELP = {
    "seed_file": "来源文件名（可留空）",
    "region_code": "规划所属区划的 6 位代码，以文本填写，必填",
    "title": "封面/标题上印的规划名称",
    "issuer": "印发机关，照印发文本",
    "doc_number": "文号，如 阳公卫防办〔2022〕1号",
    "issued_date": "印发日期，写作 2022-09-15；只印到月份的写作 2022-09",
    "period_start": "规划起始年，整数，默认 2021",
    "period_end": "规划终止年，整数，默认 2025",
    "publication": "公开方式，如 主动公开",
    "indicator_table_label": "指标表的标题或编号，如 附表1",
    "basis_documents": "编制依据的文件，每份一行",
    "main_tasks": "主要任务各节标题（不含编号），每节一行",
    "review_milestones": "督查评估的时间节点，每句一行",
}
PLAN_INT_FIELDS = ("period_start", "period_end")
PLAN_YEARS = range(2000, 2101)
# Sequence numbers and years are stored in PositiveSmallIntegerFields.
INT_RANGE = range(1, 32768)


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# Longer texts would fail in the database (PostgreSQL) or in full_clean(): refused at their cell instead.
TEXT_LIMITS = {
    (INDICATOR_SHEET, "code"): _max_length(Indicator, "code"),
    (INDICATOR_SHEET, "printed_name"): _max_length(PlanIndicator, "printed_name"),
    (INDICATOR_SHEET, "target_2025"): _max_length(Target, "text"),
    (INDICATOR_SHEET, "nature"): _max_length(PlanIndicator, "nature"),
    (INDICATOR_SHEET, "remark"): _max_length(PlanIndicator, "remark"),
    (YEARLY_SHEET, "text"): _max_length(Target, "text"),
    (BASELINE_SHEET, "region_code"): _max_length(Region, "code"),
    (BASELINE_SHEET, "text"): _max_length(Target, "text"),
    (ACTION_SHEET, "label"): _max_length(KeyAction, "label"),
    (ACTION_SHEET, "name"): _max_length(KeyAction, "name"),
}
PLAN_TEXT_LIMITS = {name: _max_length(Plan, name) for name in TEXT_FIELDS} | {"region_code": _max_length(Region, "code")}


# --- writing ---------------------------------------------------------------------------------

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
    return workbook


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
        cell.font = Font(bold=True)
        letter = get_column_letter(column_number)
        sheet.column_dimensions[letter].width = column.width
        if column.kind != "int":
            # Codes typed into the empty template stay text (440704, not a number losing its zeros).
            sheet.column_dimensions[letter].number_format = "@"
        if column.width >= 30:
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
    return [(row["seq"], row["code"], row["printed_name"], row["target_2025"], row["nature"], row["remark"])
            for row in doc["indicators"]]


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


# --- reading: the container ------------------------------------------------------------------

def read_plan_workbook(file) -> dict:
    """Read an uploaded template into a raw plan document, or raise ``PlanDocumentError`` with every problem.

    Sheet and column problems stop the reading (nothing else can be located); otherwise cell problems
    and the document rules of ``validate_document`` are reported together, each naming its cell.
    """
    workbook = _open_upload(file)
    try:
        reader = _WorkbookReader(workbook)
        reader.check_structure()
        raw = reader.read_document()
    finally:
        workbook.close()
    errors = list(reader.errors)
    try:
        validate_document(raw, locate=reader.locate)
    except PlanDocumentError as error:
        # A cell already reported (a formula, a malformed value) is not reported a second time.
        errors += [message for message in error.errors if message.split("：", 1)[0] not in reader.reported_places]
    if errors:
        raise PlanDocumentError(errors)
    return raw


def _open_upload(file):
    try:
        return open_untrusted_workbook(file, max_bytes=MAX_UPLOAD_BYTES, max_uncompressed=MAX_UNCOMPRESSED_BYTES,
                                       form_name=_("规划模板"))
    except UploadRejected as error:
        raise PlanDocumentError([str(error)]) from None


# --- reading: cells --------------------------------------------------------------------------

class CellError(ValueError):
    """A cell whose content cannot be used; the message is shown after the cell's place."""


def _place(sheet: str, row: int, column: int | None = None) -> str:
    if column is None:
        return _("%(sheet)s 第%(row)s行") % {"sheet": sheet, "row": row}
    return _("%(sheet)s 第%(row)s行 %(column)s列") % {"sheet": sheet, "row": row, "column": get_column_letter(column + 1)}


def _number_text(value: int | float, number_format: str) -> str:
    """A number typed into a text column, written back as the admin saw it (0.9 shown as 90% → "90%")."""
    number = Decimal(str(value))
    suffix = ""
    if "%" in (number_format or ""):
        number, suffix = number * 100, "%"
    number = number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
    return f"{number:f}{suffix}"


def cell_text(cell) -> str | None:
    value = cell.value
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(_("应为文本，不能是逻辑值"))
    if isinstance(value, int | float):
        return _number_text(value, getattr(cell, "number_format", ""))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


def cell_int(cell) -> int | None:
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(_("应为整数"))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value.strip())
    raise CellError(_("应为整数，实际为“%(value)s”") % {"value": value})


def _int_in_range(value: int | None) -> int | None:
    if value is not None and value not in INT_RANGE:
        raise CellError(_("应为 1 至 %(max)s 之间的整数") % {"max": INT_RANGE[-1]})
    return value


def _text_within(text: str | None, limit: int | None) -> str | None:
    if text is not None and limit is not None and len(text.strip()) > limit:
        raise CellError(_("不能超过 %(limit)s 个字（现有 %(length)s 个）") % {"limit": limit, "length": len(text.strip())})
    return text


@dataclass
class SheetRow:
    """One data row of a sheet: its Excel row number and its values by column key."""

    number: int
    values: dict = field(default_factory=dict)


class _WorkbookReader:
    """Reads the six data sheets, collecting every problem and remembering where each value came from."""

    def __init__(self, workbook):
        self.workbook = workbook
        self.errors: list[str] = []
        self.reported_places: set[str] = set()
        self.columns: dict[str, dict[str, int]] = {}
        self.plan_rows: dict[str, int] = {}
        self.indicator_rows: list[SheetRow] = []
        self.yearly_rows: dict[tuple[int, int], int] = {}
        self.action_rows: list[SheetRow] = []

    # structure

    def check_structure(self) -> None:
        structure_errors = []
        for sheet_name, columns in SHEET_COLUMNS.items():
            if sheet_name not in self.workbook.sheetnames:
                structure_errors.append(_("缺少工作表“%(sheet)s”，请使用规划模板") % {"sheet": sheet_name})
                continue
            structure_errors += self._read_header(sheet_name, columns)
        if structure_errors:
            raise PlanDocumentError(structure_errors)

    def _read_header(self, sheet_name: str, columns: tuple[Column, ...]) -> list[str]:
        sheet = self.workbook[sheet_name]
        sheet.reset_dimensions()  # an uploaded file's dimension tag may lie; read every row there is
        header = next(sheet.iter_rows(min_row=1, max_row=1), ())
        positions = {str(cell.value).strip(): index for index, cell in enumerate(header) if cell.value is not None}
        self.columns[sheet_name] = {column.key: positions.get(column.header) for column in columns}
        return [_("%(place)s：缺少列“%(header)s”") % {"place": _place(sheet_name, 1), "header": column.header}
                for column in columns if column.header not in positions]

    # rows

    def rows(self, sheet_name: str):
        """The non-empty data rows of a sheet, converted by column kind; bad cells are reported and set to None."""
        columns = SHEET_COLUMNS[sheet_name]
        positions = self.columns[sheet_name]
        for number, cells in enumerate(self.workbook[sheet_name].iter_rows(min_row=2), start=2):
            formula_columns = self._report_formulas(sheet_name, number, cells)
            row = SheetRow(number)
            for column in columns:
                index = positions[column.key]
                cell = cells[index] if index < len(cells) and index not in formula_columns else None
                row.values[column.key] = self._convert(sheet_name, number, index, column, cell)
            if any(value is not None for value in row.values.values()) or formula_columns:
                yield row

    def _report_formulas(self, sheet_name: str, number: int, cells) -> set[int]:
        """Formula cells are refused (their value is whatever Excel last computed, or nothing)."""
        formula_columns = {index for index, cell in enumerate(cells) if getattr(cell, "data_type", None) == "f"}
        for index in sorted(formula_columns):
            self.error(sheet_name, number, index, _("不允许使用公式，请直接填写文本或数值"))
        return formula_columns

    def _convert(self, sheet_name: str, number: int, index: int, column: Column, cell):
        if cell is None:
            return None
        try:
            if column.kind == "int":
                return _int_in_range(cell_int(cell))
            return _text_within(cell_text(cell), TEXT_LIMITS.get((sheet_name, column.key)))
        except CellError as error:
            self.error(sheet_name, number, index, str(error))
            return None

    def error(self, sheet_name: str, row: int, column: int | None, message: str) -> None:
        place = _place(sheet_name, row, column)
        self.reported_places.add(place)
        self.errors.append(f"{place}：{message}")

    def col(self, sheet_name: str, key: str) -> int:
        return self.columns[sheet_name][key]

    def required_int(self, sheet_name: str, row: SheetRow, key: str, label: str) -> bool:
        """Whether the row's integer in ``key`` is there; a missing one is reported (a malformed one already was)."""
        if row.values[key] is not None:
            return True
        if _place(sheet_name, row.number, self.col(sheet_name, key)) not in self.reported_places:
            self.error(sheet_name, row.number, self.col(sheet_name, key), _("%(label)s不能为空") % {"label": label})
        return False

    # the document

    def read_document(self) -> dict:
        raw = self._read_plan()
        raw["indicators"] = self._read_indicators()
        by_seq = {indicator["seq"]: indicator for indicator in raw["indicators"]}
        self._read_yearly_targets(by_seq)
        self._read_baselines(by_seq)
        raw["key_actions"] = self._read_actions()
        self._read_contents({action["seq"]: action for action in raw["key_actions"]})
        return raw

    def _read_plan(self) -> dict:
        labels = {label: key for key, label in PLAN_FIELD_LABELS.items()} | {key: key for key in PLAN_FIELD_LABELS}
        raw: dict = {key: [] for key in LIST_FIELDS}
        for row in self.rows(PLAN_SHEET):
            key = labels.get((row.values["field"] or "").strip())
            if key is None:
                self.error(PLAN_SHEET, row.number, self.col(PLAN_SHEET, "field"),
                           _("未知字段“%(field)s”") % {"field": row.values["field"] or ""})
            elif key in LIST_FIELDS:
                if row.values["value"] is not None:
                    raw[key].append(row.values["value"])
            elif key in self.plan_rows:
                self.error(PLAN_SHEET, row.number, self.col(PLAN_SHEET, "field"),
                           _("字段“%(field)s”重复（已在第%(row)s行填写）") % {"field": PLAN_FIELD_LABELS[key],
                                                                     "row": self.plan_rows[key]})
            else:
                self.plan_rows[key] = row.number
                raw[key] = self._plan_value(key, row)
        return raw

    def _plan_value(self, key: str, row: SheetRow):
        value = row.values["value"]
        try:
            if value is None or key not in PLAN_INT_FIELDS:
                return _text_within(value, PLAN_TEXT_LIMITS.get(key))
            if value.strip().isdecimal() and int(value) in PLAN_YEARS:
                return int(value)
            raise CellError(_("%(field)s应为四位年份") % {"field": PLAN_FIELD_LABELS[key]})
        except CellError as error:
            self.error(PLAN_SHEET, row.number, self.col(PLAN_SHEET, "value"), str(error))
            return None

    def _read_indicators(self) -> list[dict]:
        indicators, seen = [], {}
        for row in self.rows(INDICATOR_SHEET):
            if not self._unique_seq(INDICATOR_SHEET, row, "seq", seen):
                continue
            self.indicator_rows.append(row)
            indicators.append({**row.values, "yearly_targets": {}, "baselines": []})
        return indicators

    def _unique_seq(self, sheet_name: str, row: SheetRow, key: str, seen: dict) -> bool:
        """Whether the row's sequence number is a usable, first-seen integer (rows that are not are left out)."""
        if not self.required_int(sheet_name, row, key, _("序号")):
            return False
        seq = row.values[key]
        if seq in seen:
            self.error(sheet_name, row.number, self.col(sheet_name, key),
                       _("序号 %(seq)s 重复（与第%(row)s行相同）") % {"seq": seq, "row": seen[seq]})
            return False
        seen[seq] = row.number
        return True

    def _indicator_for(self, sheet_name: str, row: SheetRow, by_seq: dict) -> dict | None:
        if not self.required_int(sheet_name, row, "seq", _("指标序号")):
            return None
        indicator = by_seq.get(row.values["seq"])
        if indicator is None:
            self.error(sheet_name, row.number, self.col(sheet_name, "seq"),
                       _("指标序号 %(seq)s 在“指标”表中不存在") % {"seq": row.values["seq"]})
        return indicator

    def _read_yearly_targets(self, by_seq: dict) -> None:
        for row in self.rows(YEARLY_SHEET):
            indicator = self._indicator_for(YEARLY_SHEET, row, by_seq)
            if not self.required_int(YEARLY_SHEET, row, "year", _("年度")) or indicator is None:
                continue
            seq, year = row.values["seq"], row.values["year"]
            if year == 2025:
                self.error(YEARLY_SHEET, row.number, self.col(YEARLY_SHEET, "year"),
                           _("2025 年目标请填在“指标”表的“2025年目标”列"))
            elif (seq, year) in self.yearly_rows:
                self.error(YEARLY_SHEET, row.number, self.col(YEARLY_SHEET, "year"),
                           _("指标序号 %(seq)s 的 %(year)s 年目标重复（已在第%(row)s行填写）") % {
                               "seq": seq, "year": year, "row": self.yearly_rows[(seq, year)]})
            else:
                self.yearly_rows[(seq, year)] = row.number
                indicator["yearly_targets"][year] = row.values["text"]

    def _read_baselines(self, by_seq: dict) -> None:
        rows = list(self.rows(BASELINE_SHEET))
        known_regions = set(Region.objects.filter(code__in={(r.values["region_code"] or "").strip() for r in rows})
                            .values_list("code", flat=True))
        seen: dict[tuple, int] = {}
        for row in rows:
            indicator = self._indicator_for(BASELINE_SHEET, row, by_seq)
            year_ok = self.required_int(BASELINE_SHEET, row, "year", _("年度"))
            if self._baseline_cells_ok(row, known_regions) and year_ok and indicator is not None:
                key = (row.values["seq"], row.values["region_code"].strip(), row.values["year"])
                if key in seen:
                    self.error(BASELINE_SHEET, row.number, self.col(BASELINE_SHEET, "year"),
                               _("同一指标、区划、年度的基线重复（已在第%(row)s行填写）") % {"row": seen[key]})
                    continue
                seen[key] = row.number
                indicator["baselines"].append({name: row.values[name] for name in ("region_code", "year", "text")})

    def _baseline_cells_ok(self, row: SheetRow, known_regions: set[str]) -> bool:
        """Region and text checked here, per cell: ``validate_document`` could only name the indicator."""
        ok = True
        code = (row.values["region_code"] or "").strip()
        if code not in known_regions:
            ok = False
            self.error(BASELINE_SHEET, row.number, self.col(BASELINE_SHEET, "region_code"),
                       _("区划代码 %(code)s 不存在") % {"code": code or _("（空）")})
        try:
            parse_baseline(row.values["text"] or "")
        except TargetParseError as error:
            ok = False
            self.error(BASELINE_SHEET, row.number, self.col(BASELINE_SHEET, "text"), str(error))
        return ok

    def _read_actions(self) -> list[dict]:
        actions, seen = [], {}
        for row in self.rows(ACTION_SHEET):
            if not self._unique_seq(ACTION_SHEET, row, "seq", seen):
                continue
            self.action_rows.append(row)
            actions.append({**row.values, "content": []})
        return actions

    def _read_contents(self, by_seq: dict) -> None:
        items: dict[int, dict[int, str]] = {seq: {} for seq in by_seq}
        rows_seen: dict[tuple[int, int], int] = {}
        for row in self.rows(CONTENT_SHEET):
            action_seq, item_seq = row.values["action_seq"], row.values["item_seq"]
            ok = self.required_int(CONTENT_SHEET, row, "action_seq", _("行动序号"))
            ok = self.required_int(CONTENT_SHEET, row, "item_seq", _("条目序号")) and ok
            if not ok:
                continue
            if action_seq not in by_seq:
                self.error(CONTENT_SHEET, row.number, self.col(CONTENT_SHEET, "action_seq"),
                           _("行动序号 %(seq)s 在“重大行动”表中不存在") % {"seq": action_seq})
            elif (action_seq, item_seq) in rows_seen:
                self.error(CONTENT_SHEET, row.number, self.col(CONTENT_SHEET, "item_seq"),
                           _("条目序号 %(seq)s 重复（与第%(row)s行相同）") % {
                               "seq": item_seq, "row": rows_seen[(action_seq, item_seq)]})
            elif row.values["text"] is None:
                self.error(CONTENT_SHEET, row.number, self.col(CONTENT_SHEET, "text"), _("内容不能为空"))
            else:
                rows_seen[(action_seq, item_seq)] = row.number
                items[action_seq][item_seq] = row.values["text"]
        for seq, action in by_seq.items():
            action["content"] = [text for _seq, text in sorted(items[seq].items())]

    # where validate_document's findings are

    def locate(self, section: str, index: int | None, name: str) -> str:
        if section == "plan":
            if name in self.plan_rows:
                return _place(PLAN_SHEET, self.plan_rows[name], self.col(PLAN_SHEET, "value"))
            return _("%(sheet)s（未填写“%(field)s”）") % {"sheet": PLAN_SHEET,
                                                    "field": PLAN_FIELD_LABELS.get(name, name)}
        if section == "indicators":
            return self._locate_indicator(self.indicator_rows[index], name)
        row = self.action_rows[index]
        return _place(ACTION_SHEET, row.number, self.columns[ACTION_SHEET].get(name))

    def _locate_indicator(self, row: SheetRow, name: str) -> str:
        if name.startswith("target_") and name != "target_2025":
            year = int(name.removeprefix("target_"))
            return _place(YEARLY_SHEET, self.yearly_rows[(row.values["seq"], year)], self.col(YEARLY_SHEET, "text"))
        if name == "baselines":
            return _("%(sheet)s（指标序号 %(seq)s）") % {"sheet": BASELINE_SHEET, "seq": row.values["seq"]}
        return _place(INDICATOR_SHEET, row.number, self.columns[INDICATOR_SHEET].get(name))


# --- the admin import ------------------------------------------------------------------------

def plan_import_summary(document: dict) -> dict:
    """What the confirmation page shows about a validated document before it is saved."""
    indicators = document["indicators"]
    return {
        "region": Region.objects.filter(code=document["region_code"]).first(),
        "title": document["title"],
        "period": f"{document['period_start']}—{document['period_end']}",
        "indicator_count": len(indicators),
        "target_count": sum(1 + len(row["yearly_targets"]) for row in indicators),
        "baseline_count": sum(len(row["baselines"]) for row in indicators),
        "action_count": len(document["key_actions"]),
        "action_item_count": sum(len(action["content"]) for action in document["key_actions"]),
        "existing_plan": Plan.objects.filter(region__code=document["region_code"],
                                             period_start=document["period_start"]).select_related("region").first(),
    }


@transaction.atomic
def plan_import_document(*, document: dict, user) -> tuple[Plan, bool]:
    """Save an uploaded plan and record it in the admin history in the same transaction."""
    existed = Plan.objects.filter(region__code=document["region_code"], period_start=document["period_start"]).exists()
    try:
        plan, changed = plan_save_document(document=document)
    except ValidationError as error:
        raise PlanDocumentError(error.messages) from error
    if changed:
        LogEntry.objects.log_actions(
            user.pk, [plan], CHANGE if existed else ADDITION,
            change_message=_("由 Excel 规划模板导入"), single_object=True,
        )
    audit_record(event=AuditEventType.IMPORT, user=user, obj=plan, details={"kind": "plan_excel", "changed": changed})
    return plan, changed
