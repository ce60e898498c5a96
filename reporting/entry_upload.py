"""A filled entry workbook back into entries (the sheet itself: ``entry_excel``).

The workbook carries where it came from (hidden sheet ``_meta``: region, year, template version and the
submission version it was generated at), so a file for another region or year is refused and a file older
than the last save is refused as a conflict instead of silently overwriting it. An upload is untrusted
input: its size and zip container are checked before openpyxl opens it, every cell is checked with the same
rules as the web form (``entry_rules.clean_entry``), and every problem is reported at once, named by its
cell.
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AuditEventType
from audit.services import audit_record
from indicators.models import ValueKind
from plumbing.numbers import small_int
from plumbing.uploads import UploadRejected, open_untrusted_workbook, parsing_untrusted_workbook
from regions.models import Region

from .entry_excel import (
    COLUMNS,
    ENTRY_SHEET,
    LAST_COLUMN,
    LETTER_OF_FIELD,
    MAX_DATA_ROWS,
    MAX_SHEET_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_ZIP_MEMBERS,
    META_SHEET,
    NO_CELL,
    NUMBER_FIELDS,
    TEMPLATE_VERSION,
    TEXT_LIMITS,
    YES_CELL,
    input_fields,
)
from .entry_rules import CleanEntry, clean_entry
from .models import Submission
from .selectors import EntryRow, entry_rows
from .services import submission_save


class EntryWorkbookError(Exception):
    """The uploaded workbook cannot be used; ``errors`` lists every problem, each naming its cell."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class UploadedEntries:
    entries: dict[str, CleanEntry]
    expected_version: int  # the submission version the file was generated at


# --- reading: the container ------------------------------------------------------------------

def _open_upload(file):
    try:
        return open_untrusted_workbook(file, max_bytes=MAX_UPLOAD_BYTES, max_uncompressed=MAX_UNCOMPRESSED_BYTES,
                                       max_members=MAX_ZIP_MEMBERS, form_name=_("填报表"))
    except UploadRejected as error:
        raise EntryWorkbookError([str(error)]) from None


# --- reading: where the file is for ----------------------------------------------------------

def _meta(workbook) -> dict[str, str]:
    if META_SHEET not in workbook.sheetnames:
        raise EntryWorkbookError([_("文件缺少隐藏工作表“_meta”，不是从本系统下载的填报表，请在填报页面下载后填写。")])
    pairs = {}
    for cells in workbook[META_SHEET].iter_rows(min_row=1, max_row=20, max_col=2, values_only=True):
        if cells and cells[0] is not None:
            pairs[str(cells[0]).strip()] = "" if cells[1] is None else str(cells[1]).strip()
    return pairs


def _meta_int(value: str) -> int | None:
    return small_int(value.removesuffix(".0"))  # ".0": a number re-saved by another spreadsheet program


def _check_meta(pairs: dict[str, str], region: Region, year: int) -> int:
    """The version the file was generated at, once the file is known to be this region's and year's."""
    if pairs.get("template") != TEMPLATE_VERSION:
        raise EntryWorkbookError([_("填报表模板版本“%(found)s”不是当前版本“%(expected)s”，请重新下载填报表。") % {
            "found": pairs.get("template") or _("（无）"), "expected": TEMPLATE_VERSION}])
    file_code, file_year, version = pairs.get("region_code", ""), _meta_int(pairs.get("year", "")), \
        _meta_int(pairs.get("version", ""))
    if file_year is None or version is None or not file_code:
        raise EntryWorkbookError([_("隐藏工作表“_meta”已被修改，无法确认文件所属地区和年度，请重新下载填报表。")])
    if (file_code, file_year) != (region.code, year):
        file_region = Region.objects.filter(code=file_code).first()
        raise EntryWorkbookError([_("该文件是%(file_region)s（%(file_code)s）%(file_year)s 年的填报表，"
                                    "不能上传到%(region)s（%(code)s）%(year)s 年，请在本页重新下载填报表。") % {
            "file_region": file_region.full_name if file_region else _("未知地区"), "file_code": file_code,
            "file_year": file_year, "region": region.full_name, "code": region.code, "year": year}])
    return version


# --- reading: cells --------------------------------------------------------------------------

class CellError(ValueError):
    """A cell whose content cannot be used; the message follows the cell's name."""


def _is_formula(cell) -> bool:
    """A real formula cell. A text that merely starts with "=" is text: the web form accepts such a note,
    and the portal's own download stores it as text (``plumbing.xlsx.write_text``), so refusing it here
    made the portal's workbook fail its own re-upload. One rule for both: text may start with "="; a
    number field holding such text is refused by ``clean_entry`` as not a number."""
    return getattr(cell, "data_type", None) == "f"


def _number_input(value, label: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        raise CellError(_("%(label)s只能填写数字") % {"label": label})
    if isinstance(value, int | float):
        return f"{Decimal(repr(value)).normalize():f}" if isinstance(value, float) else str(value)
    return str(value)


def _yes_no_input(value) -> str:
    if isinstance(value, bool):
        return YES_CELL if value else NO_CELL
    if isinstance(value, int | float) and value in (0, 1):
        return str(int(value))
    return "" if value is None else str(value)


def _not_applicable_input(value) -> str:
    text = _yes_no_input(value).strip()
    if text in ("", NO_CELL, "0"):
        return ""
    if text in (YES_CELL, "1"):
        return YES_CELL
    raise CellError(_("“无法填报”请选择“是”或留空"))


def _text_input(value, field: str) -> str:
    if isinstance(value, datetime.date | datetime.time):
        value = value.isoformat()
    if value is None:
        text = ""
    elif isinstance(value, int | float) and not isinstance(value, bool):
        text = _number_input(value, "")
    else:
        text = str(value)
    if len(text.strip()) > TEXT_LIMITS[field]:
        label = _("原因") if field == "reason" else _("说明")
        raise CellError(_("%(label)s最多 %(n)s 字，现有 %(len)s 字") % {
            "label": label, "n": TEXT_LIMITS[field], "len": len(text.strip())})
    return text


def _number_label(field: str, value_kind: str) -> str:
    """The label ``clean_entry`` uses for the field, so a cell's message reads the same whatever went wrong."""
    if field == "value":
        return _("人数") if value_kind == ValueKind.COUNT else _("金额")
    return _("分子") if field == "numerator" else _("分母")


def _raw_input(field: str, value, value_kind: str) -> str:
    if field in NUMBER_FIELDS:
        return _number_input(value, _number_label(field, value_kind))
    if field == "yes_no":
        return _yes_no_input(value)
    if field == "not_applicable":
        return _not_applicable_input(value)
    return _text_input(value, field)


def _is_percentage(cell) -> bool:
    """``85%`` typed into a cell: kept as the text "85%", or (Excel, WPS, LibreOffice) turned into the number
    0.85 shown in a percentage format."""
    value = cell.value
    if isinstance(value, str):
        return value.strip().endswith(("%", "％"))
    return isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or "")


def _percentage_message(field: str, value_kind: str) -> str:
    """What to type instead of a percentage: the rate is computed from its numerator and denominator."""
    if field in ("numerator", "denominator"):
        return _("%(label)s请填写整数人数（或家数），不要填写百分比；百分比由系统按分子 ÷ 分母计算") % {
            "label": _number_label(field, value_kind)}
    return _("%(label)s请直接填写数字，不要带百分号") % {"label": _number_label(field, value_kind)}


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _SheetReader:
    """Reads the 填报 sheet against the rows the region reports, collecting every problem."""

    def __init__(self, sheet, rows: list[EntryRow], region: Region, year: int):
        self.sheet, self.region, self.year = sheet, region, year
        self.rows = {row.code: row for row in rows}
        self.order = [row.code for row in rows]
        self.errors: list[str] = []
        self.entries: dict[str, CleanEntry] = {}
        self.seen: dict[str, int] = {}

    def error(self, letter: str, number: int, message: str) -> None:
        self.errors.append(f"{letter}{number}：{message}")

    def read(self) -> dict[str, CleanEntry]:
        self.sheet.reset_dimensions()  # an uploaded file's dimension tag may lie; read every row there is
        lines = self.sheet.iter_rows(min_row=1, max_col=LAST_COLUMN)
        self._check_header(next(lines, ()))
        data_rows = 0
        for number, cells in enumerate(lines, start=2):
            if number > MAX_SHEET_ROWS:  # blank rows cost parsing too: bound the work, not only the data rows
                raise EntryWorkbookError([_("“填报”工作表的行数过多，请使用下载的填报表。")])
            if all(_is_blank(cell.value) for cell in cells):
                continue
            data_rows += 1
            if data_rows > MAX_DATA_ROWS:
                raise EntryWorkbookError([_("“填报”工作表的行数过多，请使用下载的填报表。")])
            self._read_row(number, dict(zip(COLUMNS, cells, strict=False)))
        for code in self.order:
            if code not in self.seen:
                self.errors.append(_("缺少指标 %(code)s（%(name)s）的行，请不要删除行。") % {
                    "code": code, "name": self.rows[code].resolved.row.printed_name})
        return self.entries

    def _check_header(self, cells) -> None:
        found = {letter: cell.value for letter, cell in zip(COLUMNS, cells, strict=False)}
        wrong = [_("%(cell)s：表头应为“%(header)s”") % {"cell": f"{letter}1", "header": header}
                 for letter, (header, _field, _width) in COLUMNS.items()
                 if str(found.get(letter) or "").strip() != header]
        if wrong:
            raise EntryWorkbookError([*wrong, _("“填报”工作表的表头与模板不一致，请使用下载的填报表。")])

    def _read_row(self, number: int, cells: dict) -> None:
        formulas = [letter for letter, cell in cells.items() if _is_formula(cell)]
        for letter in formulas:
            self.error(letter, number, _("不允许使用公式，请直接填写数值或文字"))
        row = self._row_for(number, cells["A"].value)
        if row is None:
            return
        # A formula is one cell's problem: the row's other cells are still checked, so that one upload
        # reports everything there is to fix.
        raw, cell_errors = {}, False
        allowed = input_fields(row.indicator.value_kind)
        for field, letter in LETTER_OF_FIELD.items():
            if letter in formulas:
                raw[field] = ""  # judged as blank below; its own error is reported already
                continue
            value = cells[letter].value
            if field in NUMBER_FIELDS and field in allowed and _is_percentage(cells[letter]):
                cell_errors = True
                self.error(letter, number, _percentage_message(field, row.indicator.value_kind))
                continue
            if field not in allowed:
                if not _is_blank(value):
                    cell_errors = True
                    self.error(letter, number, _("指标 %(code)s 不填写“%(header)s”，请清空此格") % {
                        "code": row.code, "header": COLUMNS[letter][0]})
                continue
            try:
                raw[field] = _raw_input(field, value, row.indicator.value_kind)
            except CellError as error:
                cell_errors = True
                self.error(letter, number, str(error))
        if cell_errors:  # the row's rules would only repeat the cell's problem in other words
            return
        previous = row.previous.value if row.previous else None
        entry, errors = clean_entry(row.indicator.value_kind, raw, previous_value=previous)
        for field, message in errors.items():
            if LETTER_OF_FIELD[field] not in formulas:
                self.error(LETTER_OF_FIELD[field], number, message)
        if entry is not None and not formulas:
            self.entries[row.code] = entry

    def _row_for(self, number: int, value) -> EntryRow | None:
        code = "" if value is None else str(value).strip().upper()
        if not code:
            self.error("A", number, _("指标代码不能为空"))
            return None
        if code not in self.rows:
            self.error("A", number, _("指标代码“%(code)s”不在%(region)s %(year)s 年的填报指标中") % {
                "code": code, "region": self.region.name, "year": self.year})
            return None
        if code in self.seen:
            self.error("A", number, _("指标 %(code)s 重复（与第%(row)s行相同）") % {"code": code, "row": self.seen[code]})
            return None
        self.seen[code] = number
        return self.rows[code]


def read_entry_workbook(file, *, region: Region, year: int, rows: list[EntryRow]) -> UploadedEntries:
    """Read an uploaded entry sheet into clean entries, or raise ``EntryWorkbookError`` with every problem.

    Container, ``_meta`` and header problems stop the reading (nothing else can be trusted); otherwise
    every cell problem of every row is reported together.
    """
    workbook = _open_upload(file)
    try:
        with parsing_untrusted_workbook(form_name=_("填报表"), own_errors=(EntryWorkbookError,)):
            version = _check_meta(_meta(workbook), region, year)
            if ENTRY_SHEET not in workbook.sheetnames:
                raise EntryWorkbookError([_("缺少工作表“%(sheet)s”，请使用下载的填报表。") % {"sheet": ENTRY_SHEET}])
            reader = _SheetReader(workbook[ENTRY_SHEET], rows, region, year)
            entries = reader.read()
    except UploadRejected as error:
        raise EntryWorkbookError([str(error)]) from None
    finally:
        workbook.close()
    if reader.errors:
        raise EntryWorkbookError(reader.errors)
    return UploadedEntries(entries, version)


def entry_workbook_import(*, file, region: Region, year: int, user: User) -> Submission:
    """Save a filled entry sheet as the region's draft: all of it, or nothing.

    Raises ``EntryWorkbookError`` for a bad file, and ``SubmissionConflict`` / ``SubmissionLocked`` from
    ``submission_save`` when somebody saved after the file was downloaded or the report is submitted.
    """
    uploaded = read_entry_workbook(file, region=region, year=year, rows=entry_rows(region, year))
    with transaction.atomic():
        submission = submission_save(region=region, year=year, user=user, entries=uploaded.entries,
                                     expected_version=uploaded.expected_version, submit=False)
        # Recorded in the same transaction as the values it describes.
        audit_record(event=AuditEventType.IMPORT, user=user, obj=submission, details={"kind": "entry_excel"})
    return submission
