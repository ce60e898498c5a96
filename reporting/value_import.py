"""Moving existing figures in: a CSV of yearly values, imported by an admin as reviewed (已审核) reports.

Columns: region_code, indicator_code, year, numerator, denominator, value, note. The file is read as
UTF-8 (with or without BOM) or, failing that, as GBK (what Excel on a Chinese Windows saves). Every
row is checked first — with the rules of the entry form (``entry_rules.clean_entry``) and against the
indicators the region actually reports — and every problem is listed by line; only a clean file is
written, in one transaction, with history records naming the importing admin.
"""
import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from audit.models import AuditEventType
from audit.services import audit_record
from indicators.display import plain_number
from indicators.models import Indicator, ValueKind
from indicators.resolution import effective_targets_for, obligations
from lifecycle.change_reasons import IMPORTED_APPROVED
from lifecycle.models import COUNTED_STATUSES, SubmissionStatus
from plans.period import PLAN_YEARS
from plumbing.numbers import NumberRefused, bounded_decimal, small_int
from regions.models import Region

from .entry_rules import CleanEntry, clean_entry
from .models import IndicatorValue, Submission

COLUMNS = ("region_code", "indicator_code", "year", "numerator", "denominator", "value", "note")
REQUIRED_COLUMNS = ("region_code", "indicator_code", "year")
NOTE_MAX_LENGTH = IndicatorValue._meta.get_field("note").max_length
# A rate's value column, when filled, must agree with numerator/denominator to this precision.
RATE_TOLERANCE = Decimal("0.01")
YES_TEXTS, NO_TEXTS = {"是", "yes", "true"}, {"否", "no", "false"}
# Where a field of ``clean_entry`` comes from in the CSV (是/否 answers are in the value column).
COLUMN_OF_FIELD = {"numerator": "numerator", "denominator": "denominator", "value": "value", "yes_no": "value",
                   "note": "note"}
# Reports an officer is working on or waiting for review: an import must not overwrite them silently.
BLOCKING_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED)


class ValueImportError(Exception):
    """The file cannot be imported; ``errors`` lists every problem ("第N行 列名：…"). Nothing was written."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors[:5]))
        self.errors = errors


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    regions: int
    submissions_created: int
    submissions_updated: int
    values_created: int
    values_updated: int
    values_unchanged: int

    def line(self) -> str:
        return _("已导入 %(rows)s 行（%(regions)s 个区划）：新建填报 %(s_created)s 份，更新 %(s_updated)s 份；"
                 "新增指标值 %(v_created)s 个，更新 %(v_updated)s 个，未变化 %(v_unchanged)s 个。") % {
            "rows": self.rows, "regions": self.regions, "s_created": self.submissions_created,
            "s_updated": self.submissions_updated, "v_created": self.values_created,
            "v_updated": self.values_updated, "v_unchanged": self.values_unchanged}


@dataclass
class CsvRow:
    line: int
    cells: dict[str, str]
    surplus: bool = False
    region: Region | None = None
    indicator: Indicator | None = None
    year: int | None = None
    entry: CleanEntry | None = None

    @property
    def key(self) -> tuple[int, int, int]:
        return self.region.pk, self.year, self.indicator.pk


def decode_csv(data: bytes) -> str:
    """UTF-8 (BOM or not), else GB18030 — a superset of GBK, so every GBK file reads."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise ValueImportError([_("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV 文件。")]) from None


def _read_rows(text: str) -> list[CsvRow]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [name for name in header if name and name not in COLUMNS]
    unknown += sorted({name for name in header if name and header.count(name) > 1})
    if missing or unknown:
        raise ValueImportError([_("第1行：表头应为 %(columns)s（缺少：%(missing)s；无法识别或重复：%(unknown)s）") % {
            "columns": ",".join(COLUMNS), "missing": "、".join(missing) or _("无"),
            "unknown": "、".join(unknown) or _("无")}])
    reader.fieldnames = header
    rows = []
    try:
        for record in reader:
            cells = {name: (record.get(name) or "").strip() for name in COLUMNS}
            surplus = any((value or "").strip() for value in record.get(None, []))  # more cells than the header
            if any(cells.values()) or surplus:
                rows.append(CsvRow(reader.line_num, cells, surplus=surplus))
    except csv.Error as error:  # e.g. a cell larger than the csv module's field limit
        raise ValueImportError([_("第%(line)s行：无法读取（%(error)s）") % {"line": reader.line_num, "error": error}]) from None
    return rows


def _error(row: CsvRow, column: str, message: str) -> tuple[int, str]:
    """An error sorted by its line: "第N行 列名：…"."""
    return row.line, _("第%(line)s行 %(column)s：%(message)s") % {"line": row.line, "column": column, "message": message}


class _Checker:
    """Validates all rows against data fetched in bulk (a fixed number of queries, whatever the row count)."""

    def __init__(self, rows: list[CsvRow]):
        self.rows = rows
        self.errors: list[tuple[int, str]] = []
        self.regions = Region.objects.in_bulk({row.cells["region_code"] for row in rows}, field_name="code")
        self.indicators = Indicator.objects.in_bulk(field_name="code")

    def check(self) -> None:
        for row in self.rows:
            self._locate(row)
        located = [row for row in self.rows if row.region and row.indicator and row.year]
        reportable = self._reportable(located)
        seen: dict[tuple, int] = {}
        for row in located:
            if row.indicator.code not in reportable[(row.region.pk, row.year)]:
                self.errors.append(_error(row, "indicator_code", _(
                    "%(code)s 不是%(region)s %(year)s 年需要填报的指标（按适用规划和填报层级）") % {
                    "code": row.indicator.code, "region": row.region.full_name, "year": row.year}))
            elif row.key in seen:
                self.errors.append(_error(row, "indicator_code", _("与第%(line)s行重复（同一区划、指标、年度）") % {
                    "line": seen[row.key]}))
            else:
                seen[row.key] = row.line
                row.entry = self._clean(row, previous=None)
        self._check_jumps([row for row in located if row.entry is not None])

    def _locate(self, row: CsvRow) -> None:
        if row.surplus:
            self.errors.append((row.line, _("第%(line)s行：列数多于表头，多出的内容无法识别") % {"line": row.line}))
        code, indicator_code, year = row.cells["region_code"], row.cells["indicator_code"].upper(), row.cells["year"]
        row.region = self.regions.get(code)
        if row.region is None:
            self.errors.append(_error(row, "region_code", _("区划代码“%(code)s”不存在") % {"code": code}))
        row.indicator = self.indicators.get(indicator_code)
        if row.indicator is None:
            self.errors.append(_error(row, "indicator_code", _("指标代码“%(code)s”不存在") % {"code": indicator_code}))
        number = small_int(year)
        if number not in PLAN_YEARS:
            self.errors.append(_error(row, "year", _("年度应为 %(first)s—%(last)s 之间的整数，实际为“%(year)s”") % {
                "first": PLAN_YEARS[0], "last": PLAN_YEARS[-1], "year": year}))
        else:
            row.year = number
            if row.region is not None and (refusal := row.region.validity_refusal(number)):
                self.errors.append(_error(row, "year", refusal))  # the region did not exist that year

    @staticmethod
    def _reportable(rows: list[CsvRow]) -> dict[tuple[int, int], set[str]]:
        """(region id, year) → indicator codes the region reports: what ``selectors.entry_rows`` lists."""
        reportable = {}
        for year in {row.year for row in rows}:
            regions = {row.region.pk: row.region for row in rows if row.year == year}
            # The administrator's import writes what the documents in force ask for (``obligations`` with no
            # answered set): the officer's submit step, which fixes a report's rows, is not involved here.
            for region_id, targets in effective_targets_for(list(regions.values()), year).items():
                reportable[(region_id, year)] = set(obligations(targets, level=regions[region_id].level))
        return reportable

    def _clean(self, row: CsvRow, previous: Decimal | None) -> CleanEntry | None:
        raw, problems = _raw_entry(row)
        if len(row.cells["note"]) > NOTE_MAX_LENGTH:
            problems.append(("note", _("说明最多 %(n)s 字") % {"n": NOTE_MAX_LENGTH}))
        if not problems:
            entry, errors = clean_entry(row.indicator.value_kind, raw, previous_value=previous)
            problems = [(COLUMN_OF_FIELD.get(field, "value"), message) for field, message in errors.items()]
            if entry is not None and entry.value is None:
                problems.append(("numerator" if row.indicator.value_kind == ValueKind.RATE else "value",
                                 _("本行没有数值，无法导入")))
            elif entry is not None and not problems:
                problems = _rate_value_agrees(row, entry)
        for column, message in problems:
            self.errors.append(_error(row, column, message))
        return None if problems else entry

    def _check_jumps(self, rows: list[CsvRow]) -> None:
        """The 50% rule against last year: last year's value from this file, else the stored counted one."""
        previous = self._stored_previous(rows)
        previous |= {row.key: row.entry.value for row in rows}
        for row in rows:
            last_year = previous.get((row.region.pk, row.year - 1, row.indicator.pk))
            if last_year and not row.entry.note:
                row.entry = self._clean(row, previous=last_year)

    @staticmethod
    def _stored_previous(rows: list[CsvRow]) -> dict[tuple[int, int, int], Decimal]:
        values = IndicatorValue.objects.filter(
            submission__region__in={row.region.pk for row in rows}, submission__year__in={row.year - 1 for row in rows},
            submission__status__in=COUNTED_STATUSES, value__isnull=False,
        ).values_list("submission__region_id", "submission__year", "indicator_id", "value")
        return {(region_id, year, indicator_id): value for region_id, year, indicator_id, value in values}


def _raw_entry(row: CsvRow) -> tuple[dict, list[tuple[str, str]]]:
    """The raw input ``clean_entry`` expects, and problems with columns that do not fit the indicator."""
    cells, kind = row.cells, row.indicator.value_kind
    raw, problems = {"note": cells["note"]}, []
    if kind == ValueKind.RATE:
        raw |= {"numerator": cells["numerator"], "denominator": cells["denominator"]}
        return raw, problems
    for column in ("numerator", "denominator"):
        if cells[column]:
            problems.append((column, _("%(code)s 不是率类指标，请将数值填在 value 列，本列留空") % {"code": row.indicator.code}))
    if kind != ValueKind.YES_NO:
        raw["value"] = cells["value"]
        return raw, problems
    answer = _yes_no(cells["value"])
    if answer is None:
        problems.append(("value", _("是/否类指标请填写 是、否、1、0 或 100")))
    raw["yes_no"] = answer or ""
    return raw, problems


def _yes_no(text: str) -> str | None:
    """是 / 否 / "" (nothing entered) for the accepted spellings, None for anything else."""
    if not text:
        return ""
    if text.lower() in YES_TEXTS:
        return "是"
    if text.lower() in NO_TEXTS:
        return "否"
    try:
        number = bounded_decimal(text, limit=Decimal(100))
    except NumberRefused:
        return None
    return {Decimal(0): "否", Decimal(1): "是", Decimal(100): "是"}.get(number)


def _rate_value_agrees(row: CsvRow, entry: CleanEntry) -> list[tuple[str, str]]:
    """For a rate, a filled value column is a cross-check of numerator/denominator, never the stored value."""
    given = row.cells["value"].rstrip("%").strip()
    if row.indicator.value_kind != ValueKind.RATE or not given:
        return []
    try:
        agrees = (bounded_decimal(given, limit=Decimal(1000)) - entry.value).copy_abs() <= RATE_TOLERANCE
    except NumberRefused:
        agrees = False
    if agrees:
        return []
    return [("value", _("与分子/分母算得的 %(rate)s%% 不一致") % {"rate": plain_number(entry.value)})]


_ENTRY_FIELD_NAMES = ("numerator", "denominator", "value", "not_applicable", "not_applicable_reason", "note")


def _entry_fields(entry: CleanEntry) -> dict:
    return {"numerator": entry.numerator, "denominator": entry.denominator, "value": entry.value,
            "not_applicable": False, "not_applicable_reason": "", "note": entry.note}


class _Writer:
    """Writes checked rows: submissions and values fetched, created and updated in bulk together with
    their history records (a query per report made a whole-country year ~6,000 queries)."""

    SUBMISSION_FIELDS = ["status", "updated_by", "reviewed_by", "reviewed_at", "version", "updated_at"]

    def __init__(self, rows: list[CsvRow], user: User):
        self.user, self.now = user, timezone.now()
        self.reason = IMPORTED_APPROVED  # stored in Chinese, shown translated (lifecycle.change_reasons)
        self.counts = {"s_created": 0, "s_updated": 0, "v_created": 0, "v_updated": 0, "v_unchanged": 0}
        self.groups: dict[tuple[int, int], list[CsvRow]] = {}
        for row in rows:
            self.groups.setdefault((row.region.pk, row.year), []).append(row)
        # Locked until the import commits: an officer's save or a review of these reports waits, then
        # finds the version moved on (and the import sees their outcome, not a stale status).
        candidates = Submission.objects.select_for_update().filter(
            region__in={region_id for region_id, _year in self.groups}, year__in={year for _region, year in self.groups})
        self.submissions = {(s.region_id, s.year): s for s in candidates if (s.region_id, s.year) in self.groups}
        self.values = {(v.submission_id, v.indicator_id): v for v in IndicatorValue.objects.filter(
            submission__in=list(self.submissions.values()))}

    def blocked(self) -> list[tuple[int, str]]:
        """Reports an officer has submitted or must rework: an import must not overwrite them silently."""
        return [_error(self.groups[key][0], "year", _(
            "%(region)s %(year)s 年的填报状态为“%(status)s”，请先审核或处理后再导入") % {
            "region": self.groups[key][0].region.full_name, "year": key[1], "status": submission.get_status_display()})
            for key, submission in self.submissions.items() if submission.status in BLOCKING_STATUSES]

    def write(self) -> None:
        new_reports, approved_again, created, updated = [], [], [], []
        for key, rows in self.groups.items():
            submission = self.submissions.get(key)
            if submission is None:
                submission = Submission(region=rows[0].region, year=key[1])
                new_reports.append(self._approved(submission, created=True))
            changes = [self._value(submission, row) for row in rows]
            created += [value for value in changes if value is not None and value.pk is None]
            updated += [value for value in changes if value is not None and value.pk is not None]
            changed = any(value is not None for value in changes)
            if key in self.submissions and (changed or submission.status != SubmissionStatus.APPROVED):
                approved_again.append(self._approved(submission, created=False))
        history = {"batch_size": 500, "default_user": self.user, "default_change_reason": self.reason}
        # The new reports get their ids here; the new values hold the report objects, so they pick them up.
        bulk_create_with_history(new_reports, Submission, **history)
        bulk_update_with_history(approved_again, Submission, fields=self.SUBMISSION_FIELDS, **history)
        bulk_create_with_history(created, IndicatorValue, **history)
        bulk_update_with_history(updated, IndicatorValue, fields=list(_ENTRY_FIELD_NAMES), **history)
        self.counts.update(s_created=len(new_reports), s_updated=len(approved_again), v_created=len(created),
                           v_updated=len(updated))

    def _approved(self, submission: Submission, created: bool) -> Submission:
        submission.status, submission.updated_by = SubmissionStatus.APPROVED, self.user
        submission.reviewed_by, submission.reviewed_at = self.user, self.now
        submission.updated_at = self.now  # bulk_update does not apply auto_now
        if not created:
            submission.version += 1  # a form or sheet opened before the import is now stale
        return submission

    def _value(self, submission: Submission, row: CsvRow) -> IndicatorValue | None:
        """The value to write for ``row`` (new, or stored and changed), or None when it is unchanged."""
        stored = self.values.get((submission.pk, row.indicator.pk))
        fields = _entry_fields(row.entry)
        if stored is not None and all(getattr(stored, name) == value for name, value in fields.items()):
            self.counts["v_unchanged"] += 1
            return None
        stored = stored or IndicatorValue(submission=submission, indicator=row.indicator)
        for name, value in fields.items():
            setattr(stored, name, value)
        stored._history_user = self.user
        # Foreign keys, uniqueness and constraints are settled by the bulk checks above (and enforced by the
        # database); validating them here would cost queries per row.
        stored.full_clean(exclude=["submission", "indicator"], validate_unique=False, validate_constraints=False)
        return stored


def _lock_regions(rows: list[CsvRow]) -> None:
    """Serialise imports touching the same regions (and the creation of their reports).

    Without it two imports of one region both read its reports before either writes: the second fails
    on the one-report-per-year constraint, or skips rows as "unchanged" against values the first has
    just overwritten, leaving a mix of both files. FOR UPDATE (not NO KEY UPDATE) also holds back an
    officer's first save in the region (it inserts a report referencing the region) until the import
    commits; it then meets the import's report as a version conflict. Locked in id order: no deadlock.
    """
    codes = {row.cells["region_code"] for row in rows}
    list(Region.objects.select_for_update().filter(code__in=codes).order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def values_import_csv(*, file, user: User) -> ImportSummary:
    """Check every row of the CSV ``file`` (binary), then write all of it as approved values, or nothing.

    Raises ``ValueImportError`` listing every problem by line and column, and ``PermissionDenied`` when
    ``user`` is not a portal admin.
    """
    if not (user.is_active and user.is_portal_admin):
        raise PermissionDenied(_("只有管理员可以导入数据。"))
    rows = _read_rows(decode_csv(file.read()))
    if not rows:
        raise ValueImportError([_("文件中没有数据行。")])
    _lock_regions(rows)
    checker = _Checker(rows)
    checker.check()
    writer = _Writer([row for row in rows if row.entry is not None], user)
    errors = checker.errors + writer.blocked()
    if errors:
        raise ValueImportError([message for _line, message in sorted(errors, key=lambda error: error[0])])
    writer.write()
    counts = writer.counts
    audit_record(event=AuditEventType.IMPORT, user=user, details={"kind": "values_csv", "rows": len(rows), **counts})
    return ImportSummary(rows=len(rows), regions=len({row.region.pk for row in rows}),
                         submissions_created=counts["s_created"], submissions_updated=counts["s_updated"],
                         values_created=counts["v_created"], values_updated=counts["v_updated"],
                         values_unchanged=counts["v_unchanged"])
