"""An uploaded Excel plan template read back into a plan document.

An upload is untrusted input: its size, its zip container and every cell are checked before anything
reaches ``plan_save_document``, and every problem is reported at once, named by sheet, row and column.
``read_plan_workbook`` of an exported plan gives back ``plan_to_document(plan)``.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from indicators.targets import TargetParseError, parse_baseline
from plumbing.numbers import ABSOLUTE_LIMIT, NumberRefused, bounded_decimal, small_int
from plumbing.uploads import UploadRejected, open_untrusted_workbook, parsing_untrusted_workbook
from regions.models import Region

from .documents import LIST_FIELDS, PlanDocumentError, validate_document
from .excel_template import (
    ACTION_SHEET,
    BASELINE_SHEET,
    CONTENT_SHEET,
    INDICATOR_SHEET,
    INT_RANGE,
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_BYTES,
    PERIOD_YEAR_RANGE,
    PLAN_FIELD_LABELS,
    PLAN_INT_FIELDS,
    PLAN_SHEET,
    PLAN_TEXT_LIMITS,
    SHEET_COLUMNS,
    TEXT_LIMITS,
    YEARLY_SHEET,
    Column,
)

# Rows read per sheet, blank or not (the largest plan has a few hundred action contents).
MAX_SHEET_ROWS = 5000

# --- reading: the container ------------------------------------------------------------------

def read_plan_workbook(file) -> dict:
    """Read an uploaded template into a raw plan document, or raise ``PlanDocumentError`` with every problem.

    Sheet and column problems stop the reading (nothing else can be located); otherwise cell problems
    and the document rules of ``validate_document`` are reported together, each naming its cell.
    """
    workbook = _open_upload(file)
    try:
        with parsing_untrusted_workbook(form_name=_("规划模板"), own_errors=(PlanDocumentError,)):
            reader = _WorkbookReader(workbook)
            reader.check_structure()
            raw = reader.read_document()
    except UploadRejected as error:
        raise PlanDocumentError([str(error)]) from None
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
    try:
        number = bounded_decimal(repr(value) if isinstance(value, float) else value, limit=ABSOLUTE_LIMIT,
                                 allow_negative=True)
    except NumberRefused:
        raise CellError(_("数值无效或过大（如 1e308），请填写文字或合理的数字")) from None
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
    if isinstance(value, str) and small_int(value, max_digits=12) is not None:
        return small_int(value, max_digits=12)
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
                for column in columns if column.header not in positions and not column.optional]

    # rows

    def rows(self, sheet_name: str):
        """The non-empty data rows of a sheet, converted by column kind; bad cells are reported and set to None."""
        columns = SHEET_COLUMNS[sheet_name]
        positions = self.columns[sheet_name]
        for number, cells in enumerate(self.workbook[sheet_name].iter_rows(min_row=2), start=2):
            if number > MAX_SHEET_ROWS:  # blank rows cost parsing too: bound the work, not only the data
                raise PlanDocumentError([_("%(place)s：行数过多（上限 %(max)s 行），请使用规划模板") % {
                    "place": _place(sheet_name, number), "max": MAX_SHEET_ROWS}])
            formula_columns = self._report_formulas(sheet_name, number, cells)
            row = SheetRow(number)
            for column in columns:
                index = positions[column.key]
                cell = cells[index] if index is not None and index < len(cells) and index not in formula_columns else None
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
            if small_int(value) in PERIOD_YEAR_RANGE:
                return small_int(value)
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


