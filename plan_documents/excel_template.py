"""The Excel plan template's layout: its sheets, their columns, help texts and the limits of each cell.

Shared by the writer (``excel_write``: a plan document as a workbook) and the reader (``excel_read``: an
uploaded workbook back into a document), so that both always agree on where everything is. The workbook
carries exactly the document of ``docs/plan-fixtures.md`` (one sheet per table).
"""
from dataclasses import dataclass

from actions.models import KeyAction
from indicators.models import Indicator, PlanIndicator, Target
from plans.models import Plan
from regions.models import Region

from .documents import TEXT_FIELDS

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
    optional: bool = False  # added after workbooks were already in use: an older workbook may lack it


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
        Column("no_comparison_reason", "不作比较的理由", "text",
               "仅当本项目标不作比较时填写理由（如 口径与指标目录不同）；系统无法识别的目标文本须填写，否则不能导入", 24,
               optional=True),
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
    "applies_from": "适用起始年",
    "preferred": "优先",
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
    "applies_from": "本规划开始判定的年度（须在规划期内）；留空为规划起始年。期中加载的规划填加载当年，以免改判往年",
    "preferred": "同一区划有多份文件（规划、工作方案）都适用时，本文件优先则填“是”；否则留空（取适用起始年较晚的一份）",
    "publication": "公开方式，如 主动公开",
    "indicator_table_label": "指标表的标题或编号，如 附表1",
    "basis_documents": "编制依据的文件，每份一行",
    "main_tasks": "主要任务各节标题（不含编号），每节一行",
    "review_milestones": "督查评估的时间节点，每句一行",
}
PLAN_INT_FIELDS = ("period_start", "period_end", "applies_from")
PERIOD_YEAR_RANGE = range(2000, 2101)  # what a plan's period years may be
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
    (INDICATOR_SHEET, "no_comparison_reason"): _max_length(PlanIndicator, "no_comparison_reason"),
    (YEARLY_SHEET, "text"): _max_length(Target, "text"),
    (BASELINE_SHEET, "region_code"): _max_length(Region, "code"),
    (BASELINE_SHEET, "text"): _max_length(Target, "text"),
    (ACTION_SHEET, "label"): _max_length(KeyAction, "label"),
    (ACTION_SHEET, "name"): _max_length(KeyAction, "name"),
}
PLAN_TEXT_LIMITS = {name: _max_length(Plan, name) for name in TEXT_FIELDS} | {"region_code": _max_length(Region, "code")}


