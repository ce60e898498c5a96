"""A whole plan as one document: validate it, save it, and turn a saved plan back into it.

The document is the dict of ``docs/plan-fixtures.md`` — what the YAML fixtures hold and what the
Excel plan template is read into. It spans plans, indicators and actions, which is why it lives in
``reporting``, the one app allowed to import all three.
"""
import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from actions.models import ActionItem, KeyAction
from indicators.models import Baseline, Indicator, PlanIndicator, Target
from indicators.targets import ParsedTarget, TargetParseError, parse_baseline, parse_target
from plans.models import DatePrecision, Plan
from regions.models import Region

PLAN_FIELDS = ("seed_file", "region_code", "title", "issuer", "doc_number", "issued_date", "period_start",
               "period_end", "applies_from", "preferred", "publication", "basis_documents", "main_tasks",
               "review_milestones", "indicator_table_label")
PREFERRED_MARK = "是"  # the document's 优先 cell: "是", or empty
TEXT_FIELDS = ("title", "issuer", "doc_number", "publication", "indicator_table_label", "seed_file")
LIST_FIELDS = ("basis_documents", "main_tasks", "review_milestones")

# Where an error is: (section, index or None, field) → human-readable place ("sheet 指标 第5行 E列").
Locator = Callable[[str, int | None, str], str]


class PlanDocumentError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def default_locator(section: str, index: int | None, field: str) -> str:
    return f"{section}[{index + 1}].{field}" if index is not None else field


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def normalize_document(raw: dict) -> dict:
    """The canonical shape: empty strings instead of null, lists instead of null, int years."""
    doc = {field: raw.get(field) for field in PLAN_FIELDS}
    for field in TEXT_FIELDS + ("region_code", "issued_date"):
        doc[field] = _text(doc[field])
    for field in LIST_FIELDS:
        doc[field] = [_text(item) for item in (doc[field] or []) if _text(item)]
    doc["period_start"] = int(raw.get("period_start") or 2021)
    doc["period_end"] = int(raw.get("period_end") or 2025)
    doc["applies_from"] = int(raw["applies_from"]) if raw.get("applies_from") not in (None, "") else None
    doc["preferred"] = _text(raw.get("preferred"))
    doc["indicators"] = [
        {
            "seq": int(row["seq"]),
            "code": _text(row.get("code")),
            "printed_name": _text(row.get("printed_name")),
            "target_2025": _text(row.get("target_2025")),
            "nature": _text(row.get("nature")),
            "remark": _text(row.get("remark")),
            "no_comparison_reason": _text(row.get("no_comparison_reason")),
            "yearly_targets": {int(year): _text(text) for year, text in (row.get("yearly_targets") or {}).items()},
            "baselines": sorted(
                ({"region_code": _text(b.get("region_code")), "year": int(b["year"]), "text": _text(b.get("text"))}
                 for b in (row.get("baselines") or [])),
                key=lambda b: (b["region_code"], b["year"]),
            ),
        }
        for row in raw.get("indicators") or []
    ]
    doc["key_actions"] = [
        {
            "seq": int(action["seq"]),
            "label": _text(action.get("label")),
            "name": _text(action.get("name")),
            "objective": _text(action.get("objective")),
            "principles": _text(action.get("principles")),
            "content": [_text(item) for item in (action.get("content") or []) if _text(item)],
            "expected_effect": _text(action.get("expected_effect")),
        }
        for action in raw.get("key_actions") or []
    ]
    return doc


def _parse_issued_date(text: str) -> tuple[datetime.date | None, str]:
    if not text:
        return None, DatePrecision.UNKNOWN
    parts = text.split("-")
    if len(parts) == 2:
        return datetime.date(int(parts[0]), int(parts[1]), 1), DatePrecision.MONTH
    return datetime.date.fromisoformat(text), DatePrecision.DAY


def validate_document(raw: dict, *, locate: Locator = default_locator, expected_counts: bool = True) -> dict:
    """Check a whole plan document; raise ``PlanDocumentError`` listing every problem with its place."""
    errors: list[str] = []
    try:
        doc = normalize_document(raw)
    except (KeyError, TypeError, ValueError) as error:
        raise PlanDocumentError([_("文件结构不正确：%(error)s") % {"error": error}]) from error

    region_codes = {doc["region_code"]} | {b["region_code"] for row in doc["indicators"] for b in row["baselines"]}
    known_regions = set(Region.objects.filter(code__in=region_codes).values_list("code", flat=True))
    catalogue = set(Indicator.objects.values_list("code", flat=True))

    if doc["region_code"] not in known_regions:
        errors.append(_("%(place)s：区划代码 %(code)s 不存在") % {"place": locate("plan", None, "region_code"),
                                                          "code": doc["region_code"] or _("（空）")})
    try:
        _parse_issued_date(doc["issued_date"])
    except ValueError:
        errors.append(_("%(place)s：日期“%(text)s”应为 YYYY-MM-DD 或 YYYY-MM") % {
            "place": locate("plan", None, "issued_date"), "text": doc["issued_date"]})
    if doc["period_start"] > doc["period_end"]:
        errors.append(_("%(place)s：规划起始年晚于终止年") % {"place": locate("plan", None, "period_start")})
    if doc["applies_from"] is not None and not doc["period_start"] <= doc["applies_from"] <= doc["period_end"]:
        errors.append(_("%(place)s：适用起始年应在规划期内") % {"place": locate("plan", None, "applies_from")})
    if doc["preferred"] not in ("", PREFERRED_MARK):
        errors.append(_("%(place)s：“优先”只能填“是”或留空") % {"place": locate("plan", None, "preferred")})

    seen_seqs, seen_codes = set(), set()
    for index, row in enumerate(doc["indicators"]):
        if row["seq"] in seen_seqs:
            errors.append(_("%(place)s：序号 %(seq)s 重复") % {"place": locate("indicators", index, "seq"), "seq": row["seq"]})
        seen_seqs.add(row["seq"])
        if row["code"] not in catalogue:
            errors.append(_("%(place)s：指标代码“%(code)s”不在指标目录中") % {
                "place": locate("indicators", index, "code"), "code": row["code"]})
        elif row["code"] in seen_codes:
            errors.append(_("%(place)s：指标 %(code)s 在本规划中出现两次") % {
                "place": locate("indicators", index, "code"), "code": row["code"]})
        seen_codes.add(row["code"])
        if not row["printed_name"]:
            errors.append(_("%(place)s：指标名称不能为空") % {"place": locate("indicators", index, "printed_name")})
        targets = {2025: row["target_2025"], **row["yearly_targets"]}
        for year, text in targets.items():
            field = "target_2025" if year == 2025 else f"target_{year}"
            if not doc["period_start"] <= year <= doc["period_end"]:
                errors.append(_("%(place)s：目标年度 %(year)s 不在规划期内") % {
                    "place": locate("indicators", index, field), "year": year})
            try:
                parse_target(text)
            except TargetParseError as error:
                if not row["no_comparison_reason"]:
                    # Nothing is dropped silently: either the grammar reads it, or the admin says why not.
                    errors.append(_("%(place)s：%(error)s（若本项不作比较，请填写“不作比较的理由”）") % {
                        "place": locate("indicators", index, field), "error": error})
        for baseline in row["baselines"]:
            if baseline["region_code"] not in known_regions:
                errors.append(_("%(place)s：基线区划代码 %(code)s 不存在") % {
                    "place": locate("indicators", index, "baselines"), "code": baseline["region_code"]})
            try:
                parse_baseline(baseline["text"])
            except TargetParseError as error:
                errors.append(f"{locate('indicators', index, 'baselines')}：{error}")

    action_seqs = set()
    for index, action in enumerate(doc["key_actions"]):
        if action["seq"] in action_seqs:
            errors.append(_("%(place)s：序号 %(seq)s 重复") % {"place": locate("key_actions", index, "seq"), "seq": action["seq"]})
        action_seqs.add(action["seq"])
        for field in ("label", "name"):
            if not action[field]:
                errors.append(_("%(place)s：不能为空") % {"place": locate("key_actions", index, field)})

    if expected_counts:
        for count_field, section in (("indicator_count", "indicators"), ("key_action_count", "key_actions")):
            expected = raw.get(count_field)
            if expected is not None and int(expected) != len(doc[section]):
                errors.append(_("%(place)s：应有 %(expected)s 项，实际 %(actual)s 项") % {
                    "place": locate("plan", None, count_field), "expected": expected, "actual": len(doc[section])})
    if errors:
        raise PlanDocumentError(errors)
    return doc


def _target_fields(parsed) -> dict:
    return {"text": parsed.text, "comparator": parsed.comparator, "value": parsed.value, "unit": parsed.unit,
            "other_measure": parsed.other_measure, "relative": parsed.relative, "reading_note": parsed.note}


def read_row_target(text: str, no_comparison_reason: str) -> ParsedTarget:
    """A row's target as the grammar reads it; on a row marked 不作比较, an unreadable text is kept as
    printed and flagged (validation has already refused it on any other row)."""
    try:
        return parse_target(text)
    except TargetParseError:
        if not no_comparison_reason:
            raise
        return ParsedTarget(text, "", None, "", other_measure=True)


@transaction.atomic
def plan_save_document(*, document: dict) -> tuple[Plan, bool]:
    """Save a validated document as the plan of its region and period.

    Idempotent: when the stored plan already equals the document nothing is written and
    ``(plan, False)`` is returned. Otherwise the plan's rows and actions are replaced as a whole.
    """
    doc = validate_document(document)
    region = Region.objects.get(code=doc["region_code"])
    existing = Plan.objects.filter(region=region, period_start=doc["period_start"]).first()
    if existing and plan_to_document(existing) == doc:
        return existing, False

    issued_date, precision = _parse_issued_date(doc["issued_date"])
    plan = existing or Plan(region=region, period_start=doc["period_start"])
    for field in TEXT_FIELDS + LIST_FIELDS + ("period_end", "applies_from"):
        setattr(plan, field, doc[field])
    plan.preferred = doc["preferred"] == PREFERRED_MARK
    plan.issued_date, plan.issued_date_precision = issued_date, precision
    plan.full_clean()
    plan.save()
    plan.indicator_rows.all().delete()
    plan.key_actions.all().delete()

    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    baseline_regions = {r.code: r for r in Region.objects.filter(
        code__in={b["region_code"] for row in doc["indicators"] for b in row["baselines"]})}
    targets, baselines = [], []
    for row in doc["indicators"]:
        plan_row = PlanIndicator.objects.create(
            plan=plan, seq=row["seq"], indicator=indicators[row["code"]], printed_name=row["printed_name"],
            nature=row["nature"], remark=row["remark"], no_comparison_reason=row["no_comparison_reason"],
        )
        for year, text in {**row["yearly_targets"], 2025: row["target_2025"]}.items():
            parsed = read_row_target(text, row["no_comparison_reason"])
            targets.append(Target(row=plan_row, year=year, **_target_fields(parsed)))
        for baseline in row["baselines"]:
            baselines.append(Baseline(
                source_row=plan_row, region=baseline_regions[baseline["region_code"]], indicator=plan_row.indicator,
                year=baseline["year"], **_target_fields(parse_baseline(baseline["text"])),
            ))
    Target.objects.bulk_create(targets)
    Baseline.objects.bulk_create(baselines)

    for action in doc["key_actions"]:
        key_action = KeyAction.objects.create(
            plan=plan, seq=action["seq"], label=action["label"], name=action["name"], objective=action["objective"],
            principles=action["principles"], expected_effect=action["expected_effect"],
        )
        ActionItem.objects.bulk_create(
            ActionItem(action=key_action, seq=seq, text=text) for seq, text in enumerate(action["content"], start=1)
        )
    return plan, True


def plan_to_document(plan: Plan) -> dict:
    """The stored plan in document form (normalised), for comparison, export and round trips."""
    rows = (plan.indicator_rows.select_related("indicator")
            .prefetch_related("targets", "baselines__region").order_by("seq"))
    actions = plan.key_actions.prefetch_related("items").order_by("seq")
    return normalize_document({
        **{field: getattr(plan, field) for field in TEXT_FIELDS + LIST_FIELDS + ("period_start", "period_end",
                                                                                  "applies_from")},
        "preferred": PREFERRED_MARK if plan.preferred else "",
        "region_code": plan.region.code,
        "issued_date": plan.issued_date_iso,
        "indicators": [
            {
                "seq": row.seq, "code": row.indicator.code, "printed_name": row.printed_name,
                "target_2025": next((t.text for t in row.targets.all() if t.year == 2025), ""),
                "nature": row.nature, "remark": row.remark, "no_comparison_reason": row.no_comparison_reason,
                "yearly_targets": {t.year: t.text for t in row.targets.all() if t.year != 2025},
                "baselines": [{"region_code": b.region.code, "year": b.year, "text": b.text}
                              for b in row.baselines.all()],
            }
            for row in rows
        ],
        "key_actions": [
            {"seq": a.seq, "label": a.label, "name": a.name, "objective": a.objective, "principles": a.principles,
             "content": [item.text for item in a.items.all()], "expected_effect": a.expected_effect}
            for a in actions
        ],
    })
