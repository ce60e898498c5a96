"""Shared openpyxl plumbing: writing user text safely, responses, and opening untrusted uploads."""
import functools
import io
import math
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Texts Excel would take for a formula (CSV/formula injection): always stored as plain strings.
FORMULA_PREFIXES = ("=", "+", "-", "@")
# A named sans font that has the CJK glyphs: without a name, Latin header text fell back to a serif font.
# 微软雅黑 is on every Windows office PC; WPS and LibreOffice substitute their own CJK sans for it.
CJK_SANS = "Microsoft YaHei"
HEADER_FONT = Font(name=CJK_SANS, bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def write_text(cell, value: str) -> None:
    """Store ``value`` as text whatever it starts with; openpyxl would otherwise write "=…" as a formula.

    Control characters that the xlsx format cannot hold (a pasted form feed, an escape) are dropped
    rather than letting the whole export fail.
    """
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True


def write_code(cell, code: str) -> None:
    """Region and indicator codes stay text (440114, not the number 440114)."""
    write_text(cell, code)
    cell.number_format = "@"


def text_value(sheet, value: str) -> str | Cell:
    """What to append to ``sheet`` for the text ``value``: the string itself when openpyxl stores it as
    it is (no formula prefix, nothing the format cannot hold), else a ``text_cell``. A 30,000-row export
    appends 90,000 texts; a cell object for each cost a third of its time."""
    if value.startswith(FORMULA_PREFIXES) or ILLEGAL_CHARACTERS_RE.search(value):
        return text_cell(sheet, value)
    return value


def text_cell(sheet, value: str, *, font: Font | None = None, fill: PatternFill | None = None,
              alignment: Alignment | None = None) -> Cell:
    """A cell of ``sheet`` holding ``value`` as text, for ``sheet.append``. Appended as a plain string,
    openpyxl would type it itself ("=…" becoming a formula) — in a write-only sheet there is no cell to
    fix afterwards."""
    cell = WriteOnlyCell(sheet)
    write_text(cell, value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    return cell


def code_cell(sheet, code: str) -> Cell:
    cell = WriteOnlyCell(sheet)
    write_code(cell, code)
    return cell


@functools.lru_cache(maxsize=64)
def fill(colour_hex: str) -> PatternFill:
    # One object per colour: openpyxl hashes and compares every new style object to find its id, which
    # dominated a 30,000-cell export (docs/benchmarks.md, finding 4). Style objects are immutable values.
    return PatternFill(fill_type="solid", start_color=colour_hex, end_color=colour_hex)


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_bytes_response(content: bytes, filename: str) -> HttpResponse:
    """An xlsx download named ``filename`` (UTF-8: the names are Chinese)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    return xlsx_bytes_response(workbook_bytes(workbook), filename)


@functools.lru_cache(maxsize=64)
def status_font(colour_hex: str) -> Font:
    """The text colour that goes with a status fill (the web pages' palette); one object per colour, as ``fill``."""
    return Font(name=CJK_SANS, color=colour_hex)


# --- row heights -----------------------------------------------------------------------------

LINE_POINTS = 15  # one line of 11-pt text, CJK glyphs included (Excel's own default row is 15 pt)
DEFAULT_COLUMN_WIDTH = 8.43  # Excel's width of a column nobody sized, in characters


def display_width(text: str) -> int:
    """How many character widths ``text`` takes: a Chinese character (East Asian wide or full-width)
    is about two Latin digits wide in a spreadsheet column."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def wrapped_lines(text: str, column_width: float) -> int:
    """The lines ``text`` takes wrapped in a column ``column_width`` characters wide (its own newlines too)."""
    usable = max(column_width - 1, 1)  # the cell's padding
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in text.split("\n"))


def row_height(texts: Iterable[tuple[str, float]]) -> float | None:
    """The height in points that shows every ``(text, column width)`` of a row wrapped; ``None`` for one line
    (the spreadsheet's own default height)."""
    lines = max((wrapped_lines(text, width) for text, width in texts if text), default=1)
    return None if lines <= 1 else lines * LINE_POINTS


def column_width(sheet, column: int) -> float:
    return sheet.column_dimensions[get_column_letter(column)].width or DEFAULT_COLUMN_WIDTH


def fit_row_heights(sheet, *, first_row: int = 1) -> None:
    """Give every row of ``sheet`` (a normal, not write-only, sheet) from ``first_row`` on the height its
    wrapped cells need: without it a spreadsheet program keeps one line and prints the lines over each other."""
    widths = {column: column_width(sheet, column) for column in range(1, sheet.max_column + 1)}
    for cells in sheet.iter_rows(min_row=first_row):
        height = row_height((str(cell.value), widths[cell.column]) for cell in cells
                            if cell.value is not None and cell.alignment.wrap_text)
        if height is not None:
            sheet.row_dimensions[cells[0].row].height = height


# --- page setup ------------------------------------------------------------------------------

PORTRAIT_WIDTH = 100  # characters of column width an A4 portrait page holds at a readable scale


def print_setup(sheet, *, region: str, year: int | None, columns: int, title_rows: int = 1,
                title_columns: int = 0) -> None:
    """How ``sheet`` prints, the same for every export: A4, portrait unless its ``columns`` are too wide,
    scaled to the page width, the first ``title_rows`` rows and ``title_columns`` columns repeated on every
    page, a header naming region, year and sheet, and a footer with page n of m and when the file was made.

    Call it before the first row of a write-only sheet (openpyxl writes the column widths then).
    """
    total_width = sum(column_width(sheet, column) for column in range(1, columns + 1))
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = Worksheet.ORIENTATION_PORTRAIT if total_width <= PORTRAIT_WIDTH \
        else Worksheet.ORIENTATION_LANDSCAPE
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0  # one page wide, as many pages long as needed
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    if title_rows:
        sheet.print_title_rows = f"1:{title_rows}"
    if title_columns:
        sheet.print_title_cols = f"A:{get_column_letter(title_columns)}"
    heading = region if year is None else f"{region} {year} 年"
    # "&" starts a header code; "&A" is the sheet's name, "&P" / "&N" the page and the number of pages.
    sheet.oddHeader.center.text = f"{heading.replace('&', '&&')} · &A"
    sheet.oddFooter.left.text = f"生成时间 {timezone.localtime():%Y-%m-%d %H:%M}"
    sheet.oddFooter.right.text = "第 &P 页，共 &N 页"


def size_columns(sheet, widths: Sequence[float], *, first: int = 1) -> None:
    """Column widths in characters, from column ``first`` on."""
    for column, width in enumerate(widths, start=first):
        sheet.column_dimensions[get_column_letter(column)].width = width


# --- rows written as XML text ----------------------------------------------------------------

class StreamedWorkbook(Workbook):
    """A write-only workbook whose long sheets take their data rows as XML text (``RawRows``).

    openpyxl spends about 40 µs on every cell it writes (building a cell, binding and checking its value,
    an lxml element): 125,000 cells of the national 区县明细 took 5 of its 8 seconds on a loaded machine.
    Here openpyxl still writes everything else — styles, widths, panes, print setup, header row, the other
    sheets — and the rows are spliced into its sheet XML when the workbook is saved.
    """

    def __init__(self):
        super().__init__(write_only=True)
        self._raw_rows: dict[str, RawRows] = {}

    def raw_rows(self, sheet, *, first_row: int) -> "RawRows":
        rows = self._raw_rows[sheet.title] = RawRows(first_row)
        return rows

    def save(self, filename) -> None:
        plain = io.BytesIO()
        super().save(plain)
        paths = {sheet.path.lstrip("/"): self._raw_rows[sheet.title] for sheet in self.worksheets
                 if sheet.title in self._raw_rows}
        # Deflate level 3, not 6: the national 区县明细 (11 MB of XML) compresses in 40 ms instead of 90, for
        # a file of 1.2 MB instead of 1.0.
        with (zipfile.ZipFile(plain) as source,
              zipfile.ZipFile(filename, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as target):
            for name in source.namelist():  # by name: a new entry takes the target's compression and level
                content = source.read(name)
                if name not in paths:
                    target.writestr(name, content)
                    continue
                with target.open(name, "w") as stream:  # streamed: the rows are never joined into one copy
                    paths[name].write_into(stream, content)


def _inline_text(value: str) -> str:
    """``<t>value</t>`` for an inline string: control characters the format cannot hold dropped, markup
    escaped, edge spaces kept. The checks first: 100,000 texts of a national sheet rarely need either."""
    if not value.isprintable():  # every character ILLEGAL_CHARACTERS_RE matches is unprintable
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if "&" in value or "<" in value or ">" in value:
        value = xml_escape(value)
    if value and (value[0].isspace() or value[-1].isspace()):
        return f'<t xml:space="preserve">{value}</t>'
    return f"<t>{value}</t>"


def _cell_tail(value) -> str:
    """A cell's XML after ``<c r="A1"``: its style, type and value ("" for an empty text: no cell, as
    openpyxl writes it)."""
    style = ""
    if isinstance(value, tuple):
        value, style_id = value
        style = f' s="{style_id}"'
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return f'{style} t="inlineStr"><is>{_inline_text(value)}</is></c>'
    return f'{style}><v>{value!r}</v></c>'


def _is_short_text(value) -> bool:
    """A text (styled or not) short enough to be one that repeats: a status, a target, a name."""
    text = value[0] if value.__class__ is tuple else value
    return text.__class__ is str and len(text) <= 40


class RawRows:
    """Data rows as the XML of a sheet: texts as inline strings (never formulas, whatever they start with),
    numbers as numbers, each cell with the style id of a cell openpyxl styled (``style_of``)."""

    def __init__(self, first_row: int):
        self.number = first_row
        self.parts: list[bytes] = []
        self._letters: list[str] = []
        # A short text's cell XML after its reference (style, type, escaped text), made once: statuses and
        # targets repeat down a column (a national sheet has 60,000 of them).
        self._short_tails: dict[str | tuple, str] = {}

    @staticmethod
    def style_of(cell: Cell) -> int:
        """The workbook's style id of a styled ``WriteOnlyCell`` (registers the style)."""
        return cell.style_id

    def append(self, values: Sequence) -> None:
        """``values``: per column ``None``, a text, a number, or ``(text or number, style id)``."""
        while len(self._letters) < len(values):
            self._letters.append(get_column_letter(len(self._letters) + 1))
        number = self.number
        short_tails = self._short_tails
        cells = []
        for letter, value in zip(self._letters, values):
            if value is None:
                continue
            if _is_short_text(value):
                if (tail := short_tails.get(value)) is None:
                    tail = short_tails[value] = _cell_tail(value)
            else:  # a number or a long text (an explanation): not worth hashing, it rarely repeats
                tail = _cell_tail(value)
            if tail:
                cells.append(f'<c r="{letter}{number}"{tail}')
        self.parts.append(f'<row r="{number}">{"".join(cells)}</row>'.encode())  # UTF-8: half of a CJK str
        self.number += 1

    def write_into(self, stream, sheet_xml: bytes) -> None:
        """``sheet_xml`` (openpyxl's, its header rows in it) to ``stream`` with these rows at the end of its data."""
        sheet_xml = sheet_xml.replace(b"<sheetData/>", b"<sheetData></sheetData>", 1)
        head, tail = sheet_xml.split(b"</sheetData>", 1)
        stream.write(head)
        for part in self.parts:
            stream.write(part)
        stream.write(b"</sheetData>" + tail)
