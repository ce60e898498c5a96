"""The synthetic benchmark data set (issue #8): all of China, one plan per province, five years of values.

Everything here is 合成数据 for measuring speed, never real statistics, and it only ever goes into a
database of its own (``database_refusal`` guards that). It is deterministic: every region draws its
numbers from a generator seeded with the data-set seed and its own code, so a pruned data set (``counties``)
holds exactly the same values for the counties it keeps as the full one.

Bulk inserts throughout: values are written with ``bulk_create``, which bypasses django-simple-history,
so synthetic values have no history records (the entry-save and import benchmarks do write history).
"""
import random
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import Role, User
from indicators.models import Indicator, ValueKind
from indicators.services import indicator_catalogue_load
from lifecycle.models import SubmissionStatus
from plan_documents.documents import plan_save_document
from plans.models import Plan
from plans.period import PLAN_YEARS
from regions.division_data import RegionRow, read_division_rows
from regions.models import Region, RegionLevel
from regions.services import regions_bulk_load
from reporting.entry_rules import rate_percent
from reporting.models import IndicatorValue, Submission

DEFAULT_SEED = 8  # the issue number; change it and every synthetic number changes
BENCH_ADMIN = "bench_admin"
BENCH_OFFICER = "bench_officer"
# 阳春市 2025 stays a draft: the entry-save benchmark needs one editable report (all others are submitted).
EDITABLE_COUNTY, EDITABLE_YEAR = "441781", 2025
PLAN_INDICATORS = [f"OH{number:02d}" for number in range(1, 11)]
BULK_BATCH_SIZE = 5000

# Printed 2025 targets a province plan may choose from, as real plans print them (all parse_target-able).
TARGET_TEXTS = {
    "OH01": ["稳步提升"],
    "OH02": ["≥90%", ">90%", "95%以上", "≥85%"],
    "OH03": [">85%", "≥85%", "≥90%"],
    "OH04": ["≥95%", ">95%", "≥90%"],
    "OH05": ["≥60%", "≥70%", "80%"],
    "OH06": ["≥90%", "≥95%", "90%以上"],
    "OH07": ["100%", "≥95%"],
    "OH08": ["100%"],
    "OH09": ["≥90%", "100%"],
    "OH10": ["≥80%", ">70%", "稳步提升"],
}
# Interim (2023) targets, printed by every third province for the rate indicators (as 江海区 does).
INTERIM_TEXTS = ["≥75%", "≥80%", ">70%", "稳步提升"]


class BenchDatabaseRefused(Exception):
    """The configured database is not a separate, empty benchmark database."""


@dataclass(frozen=True)
class DatasetSummary:
    regions_by_level: dict[int, int]
    plans: int
    submissions: int
    values: int
    seconds: float

    def line(self) -> str:
        levels = self.regions_by_level
        return (f"基准数据（合成）：区划 {sum(levels.values()):,} 个（省 {levels.get(1, 0)}、地 {levels.get(2, 0)}、"
                f"县 {levels.get(3, 0):,}、乡 {levels.get(4, 0):,}），规划 {self.plans} 份，填报 {self.submissions:,} 份，"
                f"指标值 {self.values:,} 个（{self.seconds:.1f} 秒）。")


def database_refusal() -> str | None:
    """Why the benchmark data must not go into the configured database (None when it may)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        name = Path(str(database["NAME"])).resolve()
        if name == (Path(settings.BASE_DIR) / "db.sqlite3").resolve():
            return ("基准数据不能写入项目的演示数据库 db.sqlite3；请用 DATABASE_URL 指向单独的数据库文件，"
                    "例如 DATABASE_URL=sqlite:///bench/bench.sqlite3。")
    if Region.objects.exists():
        return "数据库中已有区划数据：基准数据只能载入一个刚迁移的空数据库（与演示/真实数据分开）。"
    return None


def sample_counties(rows: list[RegionRow], count: int | None) -> set[str]:
    """``count`` county codes spread evenly over the country in code order (all of them when None)."""
    codes = sorted(row.code for row in rows if row.level == RegionLevel.COUNTY)
    if count is None or count >= len(codes):
        return set(codes)
    return {codes[index * len(codes) // count] for index in range(count)}


def pruned_rows(rows: list[RegionRow], counties: set[str]) -> list[RegionRow]:
    """The tree cut down to ``counties``: their ancestors and their towns, nothing else.

    Cities and provinces without a kept county go too (so do towns hanging directly under a city),
    which keeps the tree proportional to the number of counties, as the growth benchmark needs.
    """
    parent_of = {row.code: row.parent_code for row in rows}
    keep = set(counties)
    for code in counties:
        parent = parent_of[code]
        while parent:
            keep.add(parent)
            parent = parent_of[parent]
    return [row for row in rows
            if row.code in keep or (row.level == RegionLevel.TOWN and row.parent_code in counties)]


def province_plan_document(province: RegionRow, names: dict[str, str], seed: int) -> dict:
    """A plan document (``docs/plan-fixtures.md``) with targets for OH01–OH10, marked as synthetic."""
    rng = random.Random(f"{seed}:plan:{province.code}")
    interim = int(province.code[:2]) % 3 == 0
    rows = []
    for seq, code in enumerate(PLAN_INDICATORS, start=1):
        is_rate = code not in ("OH01", "OH08", "OH09")
        rows.append({
            "seq": seq, "code": code, "printed_name": names[code], "target_2025": rng.choice(TARGET_TEXTS[code]),
            "nature": rng.choice(["约束性", "预期性"]), "remark": None,
            "yearly_targets": {2023: rng.choice(INTERIM_TEXTS)} if interim and is_rate else {},
            "baselines": [{"region_code": province.code, "year": 2020, "text": f"{rng.uniform(55, 90):.1f}%"}]
            if is_rate else [],
        })
    return {
        "seed_file": "", "region_code": province.code,
        "title": f"{province.name}职业病防治“十四五”规划（基准测试合成数据，非真实规划）",
        "issuer": "基准测试（合成）", "doc_number": None, "issued_date": "2022-06", "period_start": 2021,
        "period_end": 2025, "publication": None, "basis_documents": [], "main_tasks": [], "review_milestones": [],
        "indicator_table_label": "附表1", "indicators": rows, "key_actions": [],
    }


@dataclass(frozen=True)
class SyntheticValue:
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal


class RegionSeries:
    """Five years of one region's synthetic values, drawn from a generator seeded with its code.

    Rates drift upwards a little each year and counts grow ~4% a year, so no year jumps more than
    50% against the last (the entry form would demand a note); 是/否 answers only ever turn to 是.
    """

    def __init__(self, code: str, seed: int):
        self.rng = random.Random(f"{seed}:values:{code}")
        self.rate_profile: dict[str, tuple[float, float, int]] = {}
        self.count_base = self.rng.randint(20_000, 300_000)
        self.first_yes_year = self.rng.randint(2019, 2027)

    def value(self, indicator: Indicator, year: int) -> SyntheticValue:
        step = year - PLAN_YEARS.start
        if indicator.value_kind == ValueKind.YES_NO:
            return SyntheticValue(None, None, Decimal(100 if year >= self.first_yes_year else 0))
        if indicator.value_kind in (ValueKind.COUNT, ValueKind.AMOUNT):
            growth = 1.04 ** step * self.rng.uniform(0.98, 1.03)
            return SyntheticValue(None, None, Decimal(int(self.count_base * growth)))
        if indicator.code not in self.rate_profile:
            self.rate_profile[indicator.code] = (self.rng.uniform(55, 93), self.rng.uniform(0, 2.5),
                                                 self.rng.randint(40, 1500))
        level, gain, size = self.rate_profile[indicator.code]
        percent = min(100.0, level + gain * step + self.rng.uniform(-1.5, 1.5))
        denominator = Decimal(max(1, int(size * self.rng.uniform(0.9, 1.1))))
        numerator = min(denominator, Decimal(round(float(denominator) * percent / 100)))
        return SyntheticValue(numerator, denominator, rate_percent(numerator, denominator))


def submission_status(rng: random.Random, code: str, year: int) -> str:
    """Earlier years are approved; the latest two are a mix of submitted and approved (both are counted)."""
    if (code, year) == (EDITABLE_COUNTY, EDITABLE_YEAR):
        return SubmissionStatus.DRAFT
    if year <= 2023:
        return SubmissionStatus.APPROVED
    approved_share = 0.7 if year == 2024 else 0.4
    return SubmissionStatus.APPROVED if rng.random() < approved_share else SubmissionStatus.SUBMITTED


def _load_catalogue() -> dict[str, Indicator]:
    entries = yaml.safe_load((Path(settings.BASE_DIR) / "fixtures" / "indicators.yaml").read_text(encoding="utf-8"))
    indicator_catalogue_load(entries=entries)
    return Indicator.objects.in_bulk(field_name="code")


def _create_users() -> User:
    """An admin to look at everything and the officer of the editable county (when it is in the tree)."""
    admin = User(username=BENCH_ADMIN, role=Role.ADMIN, is_staff=True, is_superuser=True, first_name="基准测试管理员")
    admin.set_unusable_password()
    admin.save()
    county = Region.objects.filter(code=EDITABLE_COUNTY).first()
    if county:
        officer = User(username=BENCH_OFFICER, role=Role.OFFICER, region=county, first_name="阳春市填报员（基准测试）")
        officer.set_unusable_password()
        officer.save()
    return admin


def _create_values(indicators: dict[str, Indicator], admin: User, seed: int) -> tuple[int, int]:
    """Submissions for every county (9 county-level indicators) and city (OH08) and year, in bulk."""
    reported = {level: [indicators[code] for code in PLAN_INDICATORS if indicators[code].entry_level == level]
                for level in (RegionLevel.CITY, RegionLevel.COUNTY)}
    reporters = list(Region.objects.filter(level__in=reported).order_by("code").values_list("pk", "code", "level"))
    moment = timezone.now()

    submissions, planned = [], []
    for region_id, code, level in reporters:
        series = RegionSeries(code, seed)
        for year in PLAN_YEARS:
            status = submission_status(series.rng, code, year)
            counted = status != SubmissionStatus.DRAFT
            submissions.append(Submission(
                region_id=region_id, year=year, status=status, updated_by=admin,
                submitted_at=moment if counted else None, submitted_by=admin if counted else None,
                reviewed_at=moment if status == SubmissionStatus.APPROVED else None,
                reviewed_by=admin if status == SubmissionStatus.APPROVED else None,
            ))
            planned.append([(indicator, series.value(indicator, year)) for indicator in reported[level]])
    Submission.objects.bulk_create(submissions, batch_size=BULK_BATCH_SIZE)

    values = [IndicatorValue(submission_id=submission.pk, indicator=indicator, numerator=synthetic.numerator,
                             denominator=synthetic.denominator, value=synthetic.value)
              for submission, entries in zip(submissions, planned) for indicator, synthetic in entries]
    IndicatorValue.objects.bulk_create(values, batch_size=BULK_BATCH_SIZE)
    return len(submissions), len(values)


def benchmark_data_create(*, data_dir: Path, counties: int | None = None, seed: int = DEFAULT_SEED) -> DatasetSummary:
    """Load the benchmark data set into the (empty, migrated, separate) database; see the module docstring.

    ``counties`` keeps only that many county-level regions (spread evenly over the country) with their
    ancestors and towns: the smaller data sets of the growth benchmark.
    """
    started = time.monotonic()
    submission_count, value_count = _load(data_dir=data_dir, counties=counties, seed=seed)
    if connection.vendor == "postgresql":
        # Autovacuum would analyse these fresh tables within a minute in production; the benchmark
        # must not race it, so the planner gets its statistics now (after the commit).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    levels = dict(Region.objects.values_list("level").annotate(n=Count("id")).order_by())
    return DatasetSummary(levels, Plan.objects.count(), submission_count, value_count, time.monotonic() - started)


@transaction.atomic
def _load(*, data_dir: Path, counties: int | None, seed: int) -> tuple[int, int]:
    refusal = database_refusal()
    if refusal:
        raise BenchDatabaseRefused(refusal)
    rows = read_division_rows(data_dir, with_nation=True)
    if counties is not None:
        rows = pruned_rows(rows, sample_counties(rows, counties))
    regions_bulk_load(rows=[row.as_dict() for row in rows])
    indicators = _load_catalogue()
    admin = _create_users()
    names = {code: indicator.name for code, indicator in indicators.items()}
    for province in (row for row in rows if row.level == RegionLevel.PROVINCE):
        plan_save_document(document=province_plan_document(province, names, seed))
    return _create_values(indicators, admin, seed)
