"""The audit log as an Excel workbook (streamed row by row: the log can be long)."""
import io
import json
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from plumbing.xlsx import text_cell

from .models import AuditEvent


def _text_cell(sheet, value):
    return text_cell(sheet, "" if value is None else str(value))


def audit_workbook(events: Iterable[AuditEvent]) -> tuple[bytes, int]:
    """The workbook's bytes and the number of records in it."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("审计日志"))
    headers = [_("编号"), _("时间"), _("用户"), _("IP 地址"), _("事件"), _("对象类型"), _("对象编号"), _("对象"),
               _("结果"), _("详情"), _("哈希")]
    sheet.append([_text_cell(sheet, header) for header in headers])
    rows = 0
    for event in events:
        rows += 1
        sheet.append([event.pk, _text_cell(sheet, timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S")),
                      *(_text_cell(sheet, value) for value in (
                          event.username, event.ip, event.get_event_display(), event.object_type, event.object_id,
                          event.object_repr, event.get_outcome_display(), json.dumps(event.details, ensure_ascii=False),
                          event.hash))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), rows
