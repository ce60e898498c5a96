"""Shared openpyxl plumbing: writing user text safely, responses, and opening untrusted uploads."""
import functools
import io
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.styles import Font, PatternFill

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Texts Excel would take for a formula (CSV/formula injection): always stored as plain strings.
FORMULA_PREFIXES = ("=", "+", "-", "@")
HEADER_FONT = Font(bold=True)


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


def text_cell(sheet, value: str, *, font: Font | None = None, fill: PatternFill | None = None) -> Cell:
    """A cell of ``sheet`` holding ``value`` as text, for ``sheet.append``. Appended as a plain string,
    openpyxl would type it itself ("=…" becoming a formula) — in a write-only sheet there is no cell to
    fix afterwards."""
    cell = WriteOnlyCell(sheet)
    write_text(cell, value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
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
