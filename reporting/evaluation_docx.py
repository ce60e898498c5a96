"""The evaluation report as a Word document laid out as a Chinese official document (GB/T 9704-2012).

A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; the title in 小标宋 (二号, 22 pt); the body
in 仿宋 三号 (16 pt) at a fixed line spacing of 22 lines a page; headings 黑体 (level 1) and 楷体 (level 2);
page numbers "— n —" in 宋体 四号 at the foot. Every run names its East-Asian font (``w:eastAsia``):
Word and WPS pick the Chinese font from that attribute, not from ``w:ascii``.

The text is the draft's (the author's where edited); the tables and charts are always drawn from the data.
"""
import io
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from audit.models import AuditEventType
from audit.services import audit_record

from .evaluation_charts import trend_chart_png
from .evaluation_draft import EvaluationDraft, Key, action_table_rows, indicator_table_rows

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT, PAGE_NUMBER_FONT = (
    "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体")
LATIN_FONT = "Times New Roman"
TITLE_SIZE, BODY_SIZE, PAGE_NUMBER_SIZE, TABLE_SIZE = Pt(22), Pt(16), Pt(14), Pt(10.5)
# 22 lines on the 225 mm type area: 28.95 pt a line, fixed (GB/T 9704 7.1: 每面排 22 行).
BODY_LINE_SPACING = Pt(28.95)
FIRST_LINE_INDENT = Pt(32)  # two characters of 16 pt
MARGINS_MM = {"top_margin": 37, "bottom_margin": 35, "left_margin": 28, "right_margin": 26}
CHART_WIDTH = Mm(150)
COVER_LINE = "发文机关：＿＿＿＿＿＿　日期：＿＿＿＿年＿＿月＿＿日"  # one line of the 156 mm type area
CHINESE_ORDINALS = "一二三四五六七八九十"


def set_run_font(run, east_asian: str, size: Pt, *, bold: bool = False) -> None:
    """Latin and East-Asian font names on the run: WPS and Word read ``w:eastAsia`` for Chinese text."""
    run.font.name = LATIN_FONT
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def _paragraph(document, text: str, font: str, size: Pt, *, align=None, indent: bool = False, bold: bool = False,
               fixed_spacing: bool = True):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    if fixed_spacing:
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, BODY_LINE_SPACING
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = FIRST_LINE_INDENT
    if align is not None:
        paragraph.alignment = align
    set_run_font(paragraph.add_run(text), font, size, bold=bold)
    return paragraph


def _page_number_footer(section) -> None:
    """"— n —" centred at the foot, n from a PAGE field (Word, WPS and LibreOffice fill it in)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(paragraph.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    for kind, instruction in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        set_run_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif instruction == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
        else:
            element = OxmlElement("w:t")
            element.text = instruction
        run._element.append(element)
    set_run_font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _page_setup(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for name, millimetres in MARGINS_MM.items():
        setattr(section, name, Mm(millimetres))
    _page_number_footer(section)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = LATIN_FONT, BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)


def _row_property(row, name: str) -> None:
    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _repeat_as_header(row) -> None:
    """The row repeats at the top of every page the table runs onto (``w:tblHeader``)."""
    _row_property(row, "w:tblHeader")


def _keep_row_on_one_page(row) -> None:
    """A row is never split by a page break (``w:cantSplit``): an indicator's name and figures stay together."""
    _row_property(row, "w:cantSplit")


# The 156 mm type area (210 − 28 − 26) shared out among the indicator table's columns: the name and the
# explanation get the room, the numbers what they need.
INDICATOR_COLUMNS_MM = [8, 30, 18, 15, 15, 14, 16, 40]


def _table(document, headers: list[str], rows: list[list[str]], widths_mm: list[int] | None = None):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = widths_mm is None
    _repeat_as_header(table.rows[0])
    for cells, texts, bold in [(table.rows[0].cells, headers, True)] + [
            (table.add_row().cells, row, False) for row in rows]:
        for cell, text in zip(cells, texts, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            set_run_font(paragraph.add_run(text), HEADING_FONT if bold else BODY_FONT, TABLE_SIZE, bold=False)
    for row in table.rows:
        _keep_row_on_one_page(row)
    if widths_mm:
        # Both the grid (LibreOffice and WPS lay out from ``w:gridCol``) and each cell (Word reads ``w:tcW``).
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths_mm, strict=True):
                cell.width = Mm(width)
    return table


def _caption(document, text: str) -> None:
    _paragraph(document, text, HEADING_FONT, Pt(12), align=WD_ALIGN_PARAGRAPH.CENTER, fixed_spacing=False)


def _section_text(document, draft: EvaluationDraft, key: str) -> None:
    section = draft.section(key)
    _paragraph(document, section.title, HEADING_FONT, BODY_SIZE, indent=True)
    for text in section.paragraphs:
        _paragraph(document, text, BODY_FONT, BODY_SIZE, indent=True)


def _indicator_section(document, draft: EvaluationDraft) -> None:
    _section_text(document, draft, Key.INDICATORS)
    if not draft.report.indicators:
        return
    _caption(document, _("表1 主要指标完成情况"))
    _table(document, *indicator_table_rows(draft), widths_mm=INDICATOR_COLUMNS_MM)
    lagging_codes = {lagging.code for lagging in draft.lagging if lagging.own is not None}
    charted = [item for item in draft.report.indicators if item.code in lagging_codes]
    for number, item in enumerate(charted, start=1):
        document.add_picture(io.BytesIO(trend_chart_png(item)), width=CHART_WIDTH)
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _caption(document, _("图%(n)s %(name)s变化趋势") % {"n": number, "name": item.row.printed_name})


def _action_section(document, draft: EvaluationDraft) -> None:
    _section_text(document, draft, Key.ACTIONS)
    if not draft.report.has_action_progress:
        return
    for index, entry in enumerate(draft.report.actions):
        ordinal = CHINESE_ORDINALS[index] if index < len(CHINESE_ORDINALS) else str(index + 1)
        _paragraph(document, f"（{ordinal}）{entry.action.label} {entry.action.name}", SUBHEADING_FONT, BODY_SIZE,
                   indent=True)
        _table(document, *action_table_rows(entry))


def evaluation_document(draft: EvaluationDraft) -> bytes:
    """The .docx of the draft: title, cover line, the five sections with the tables and trend charts."""
    document = Document()
    _page_setup(document)
    document.core_properties.title = draft.report.title
    _paragraph(document, draft.report.title, TITLE_FONT, TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER,
               fixed_spacing=False)
    _paragraph(document, COVER_LINE, BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, _("（根据 %(date)s 门户数据生成）") % {"date": timezone.localdate().isoformat()},
               BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    for key in Key.values:
        if key == Key.INDICATORS:
            _indicator_section(document, draft)
        elif key == Key.ACTIONS:
            _action_section(document, draft)
        else:
            _section_text(document, draft, key)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def evaluation_docx_response(request, draft: EvaluationDraft) -> HttpResponse:
    """The Word file as a download, recorded in the audit log like every export of region data."""
    content = evaluation_document(draft)
    region, year = draft.region, draft.year
    audit_record(event=AuditEventType.EXPORT, user=request.user, obj=region,
                 details={"file": f"{draft.report.kind}报告", "year": year})
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{region.code}_{year}_{draft.report.kind}报告.docx')}"
    return response
