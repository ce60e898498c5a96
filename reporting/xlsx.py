"""Shared openpyxl plumbing: writing user text safely, responses, and opening untrusted uploads."""
import functools
import io
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill

from regions.audit import audit_record
from regions.models import AuditEventType

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


@functools.lru_cache(maxsize=64)
def fill(colour_hex: str) -> PatternFill:
    # One object per colour: openpyxl hashes and compares every new style object to find its id, which
    # dominated a 30,000-cell export (docs/benchmarks.md, finding 4). Style objects are immutable values.
    return PatternFill(fill_type="solid", start_color=colour_hex, end_color=colour_hex)


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    response = HttpResponse(workbook_bytes(workbook), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def region_export_response(request, workbook: Workbook, *, region, year: int, label: str) -> HttpResponse:
    """A region's yearly export: recorded in the audit log (every export is, 等保 level 3), then sent
    as "<code>_<year>_<label>.xlsx"."""
    audit_record(event=AuditEventType.EXPORT, user=request.user, obj=region, details={"file": label, "year": year})
    return xlsx_response(workbook, f"{region.code}_{year}_{label}.xlsx")
