"""The audit log as an Excel workbook (streamed row by row: the log can be long)."""
import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from plumbing.xlsx import HEADER_FONT, WRAP, print_setup, row_height, size_columns, text_cell

from .models import AuditEvent
from .readable import details_text, object_type_label

# 编号, 时间 ("2026-11-29 14:05:09": 19 characters), 用户, IP, 事件, 对象类型, 对象编号, 对象, 结果, 详情, 哈希
COLUMN_WIDTHS = [8, 20, 14, 16, 18, 14, 10, 24, 8, 50, 18]


def _text_cell(sheet, value):
    return text_cell(sheet, "" if value is None else str(value))


def audit_workbook(events: Iterable[AuditEvent]) -> tuple[bytes, int]:
    """The workbook's bytes and the number of records in it."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("审计日志"))
    headers = [_("编号"), _("时间"), _("用户"), _("IP 地址"), _("事件"), _("对象类型"), _("对象编号"), _("对象"),
               _("结果"), _("详情"), _("哈希")]
    size_columns(sheet, COLUMN_WIDTHS)
    sheet.freeze_panes = "C2"
    print_setup(sheet, region=_("安全审计日志"), year=None, columns=len(headers), title_columns=2)
    sheet.append([text_cell(sheet, header, font=HEADER_FONT) for header in headers])
    rows = 0
    for event in events:
        rows += 1
        details = details_text(event.details)
        # A write-only sheet takes a row's height before the row: 对象 and 详情 wrap.
        height = row_height(((event.object_repr, COLUMN_WIDTHS[7]), (details, COLUMN_WIDTHS[9])))
        if height is not None:
            sheet.row_dimensions[rows + 1].height = height
        sheet.append([event.pk, _text_cell(sheet, timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S")),
                      *(_text_cell(sheet, value) for value in (
                          event.username, event.ip, event.get_event_display(), object_type_label(event.object_type),
                          event.object_id)),
                      text_cell(sheet, event.object_repr, alignment=WRAP), _text_cell(sheet, event.get_outcome_display()),
                      text_cell(sheet, details, alignment=WRAP), _text_cell(sheet, event.hash)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), rows
