"""The demo: users for every role and a labelled synthetic data set (indicator values and key-action
progress, all marked 演示数据).

Never available under production settings: ``settings.DEMO_MODE`` is False there and these
functions refuse to run.
"""
import datetime
import random
import secrets
import string
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from accounts.models import Role, User
from accounts.services import user_role_apply
from actions.models import ActionReport, ProgressStatus
from actions.rules import ActionEntry, MetricEntry, StatusEntry
from lifecycle.models import SubmissionStatus
from regions.models import Region
from reporting.entry_rules import CleanEntry, rate_percent
from reporting.models import Submission

DEMO_USERS = [
    # username, region code, role, display name
    ("huadu_officer", "440114", Role.OFFICER, "花都区填报员（演示）"),
    ("jianghai_officer", "440704", Role.OFFICER, "江海区填报员（演示）"),
    ("yangchun_officer", "441781", Role.OFFICER, "阳春市填报员（演示）"),
    ("yingde_officer", "441881", Role.OFFICER, "英德市填报员（演示）"),
    # Cities enter OH08 (a city-level indicator) in their own report.
    ("yangjiang_city_officer", "441700", Role.OFFICER, "阳江市（市本级）填报员（演示）"),
    ("qingyuan_city_officer", "441800", Role.OFFICER, "清远市（市本级）填报员（演示）"),
    ("jiexi_officer", "445222", Role.OFFICER, "揭西县填报员（演示）"),
    ("yangjiang_reviewer", "441700", Role.REVIEWER, "阳江市审核员（演示）"),
    ("qingyuan_reviewer", "441800", Role.REVIEWER, "清远市审核员（演示）"),
    ("jiangmen_reviewer", "440700", Role.REVIEWER, "江门市审核员（演示）"),
    ("jieyang_reviewer", "445200", Role.REVIEWER, "揭阳市审核员（演示）"),
    ("guangzhou_reviewer", "440100", Role.REVIEWER, "广州市审核员（演示）"),
    ("guangdong_reviewer", "440000", Role.REVIEWER, "广东省审核员（演示）"),
    # 三员分立: three separate admin accounts, none of them a superuser.
    ("demo_admin", None, Role.ADMIN, "系统管理员（演示）"),
    ("demo_security_admin", None, Role.SECURITY_ADMIN, "安全管理员（演示）"),
    ("demo_auditor", None, Role.AUDITOR, "审计管理员（演示）"),
]


@dataclass(frozen=True)
class DemoCredential:
    username: str
    password: str | None  # None: the user existed already and keeps its password
    role: str
    region_name: str


def demo_password() -> str:
    """Random, and strong enough for the portal's own password rules (upper, lower, digit, symbol)."""
    alphabet = string.ascii_letters + string.digits
    return "Demo-" + "".join(secrets.choice(alphabet) for _ in range(10)) + "7a"


def assert_demo_allowed() -> None:
    if not settings.DEMO_MODE:
        raise ImproperlyConfigured("演示账号和演示数据只能在演示模式（DEMO_MODE）下创建，生产环境禁止。")


@transaction.atomic
def demo_users_create() -> list[DemoCredential]:
    """Create the demo users that do not exist yet; new ones get a fresh random password."""
    assert_demo_allowed()
    regions = Region.objects.in_bulk([code for _, code, _, _ in DEMO_USERS if code], field_name="code")
    credentials = []
    for username, code, role, display_name in DEMO_USERS:
        region = regions.get(code) if code else None
        user = User.objects.filter(username=username).first()
        password = None
        if user is None:
            password = demo_password()
            user = User(username=username, first_name=display_name, region=region, role=role, is_demo=True)
            user.set_password(password)
            user.full_clean()
            user.save()
            user_role_apply(user=user)
        elif not user.is_demo:
            User.objects.filter(pk=user.pk).update(is_demo=True)  # created before the flag existed
        credentials.append(DemoCredential(username, password, user.get_role_display(),
                                          region.full_name if region else "—"))
    return credentials


# --- The synthetic data set (演示数据, not real statistics) ------------------------------------

DEMO_CITIES = ["440100", "440700", "441700", "441800", "445200"]  # 广州 江门 阳江 清远 揭阳: the demo regions' cities
DEMO_YEARS = range(2021, 2025)
DEMO_NOTE = "演示数据（非真实统计）"
# What happens to each county's report in 2024, cycling through the counties: every state shows.
STATES_2024 = ["approved", "submitted", "returned", "draft", "missing", "approved", "submitted"]
# Regions whose demo officers should find 2024 still open for them to try the entry form.
LEFT_OPEN_FOR_DEMO_OFFICERS = {"440114", "441781", "441700"}
PROVINCE_CODE = "440000"  # its reviewer reviews the cities' own reports
# The cities' own reports (OH08) in 2024; the other years are approved. 阳江市's stays open (above).
CITY_STATES_2024 = {"441800": "submitted", "445200": "approved"}


def _demo_random(*parts) -> random.Random:
    return random.Random(":".join(str(part) for part in parts))


def _demo_entry(row, rng: random.Random, year: int, base_count: int):
    kind = row.indicator.value_kind
    target = row.resolved.target
    if kind == "count":
        value = Decimal(int(base_count * (1 + 0.04 * (year - 2021)) * rng.uniform(0.97, 1.05)))
        return CleanEntry(value=value, note=DEMO_NOTE)
    if kind == "amount":
        return CleanEntry(value=Decimal(str(round(rng.uniform(300, 3000), 2))), note=DEMO_NOTE)
    if kind == "yes_no":
        return CleanEntry(value=Decimal(100 if rng.random() < 0.8 else 0), note=DEMO_NOTE)
    goal = float(target.value) if target is not None and target.value is not None else 85.0
    percent = min(100.0, max(30.0, goal + rng.uniform(-14, 7) - 2.5 * (2025 - year)))
    denominator = Decimal(rng.randint(40, 1500))
    numerator = min(denominator, Decimal(round(float(denominator) * percent / 100)))
    return CleanEntry(numerator=numerator, denominator=denominator, value=rate_percent(numerator, denominator),
                      note=DEMO_NOTE)


def _demo_state(county_index: int, year: int) -> str:
    if year <= 2022:
        return "approved"
    if year == 2023:
        return "submitted" if county_index % 5 == 3 else "approved"
    return STATES_2024[county_index % len(STATES_2024)]


def _demo_units(city: Region, reviewers: dict[str, User]) -> list[tuple[Region, str, User | None]]:
    """(region, 2024's state decider, its reviewer): the city's own report (OH08, reviewed by the province),
    then its counties (reviewed by the city)."""
    units = [(city, "city", reviewers.get(PROVINCE_CODE))]
    return units + [(county, str(index), reviewers.get(city.code))
                    for index, county in enumerate(city.children.order_by("code"))]


def _unit_state(region: Region, key: str, year: int) -> str:
    if key == "city":
        return CITY_STATES_2024.get(region.code, "missing") if year == 2024 else "approved"
    return _demo_state(int(key), year)


def _reporting_officer(officers: dict[str, User], county: Region) -> User:
    """Who submits a demo region's reports (a county's, or a city's own): its demo officer, or else an officer
    account that cannot log in (no usable password) — never a reviewer, who would then appear as the submitter."""
    if county.code not in officers:
        officer = User(username=f"demo_officer_{county.code}", first_name=f"{county.name}填报员（演示）",
                       region=county, role=Role.OFFICER)
        officer.set_unusable_password()
        officer.save()
        user_role_apply(user=officer)
        officers[county.code] = officer
    return officers[county.code]


def demo_data_create() -> int:
    """Yearly values 2021–2024 for the demo cities' own reports (OH08, entered by cities) and for their
    counties, with every state and colour.

    Deterministic (seeded per region and year) and idempotent: a region-year that already has a
    submission is left alone. Returns the number of submissions created.
    """
    assert_demo_allowed()
    from lifecycle.services import submission_approve, submission_return
    from reporting.selectors import entry_rows
    from reporting.services import submission_save

    reviewers = {user.region.code: user for user in User.objects.filter(role=Role.REVIEWER).select_related("region")}
    officers = {user.region.code: user for user in User.objects.filter(role=Role.OFFICER).select_related("region")}
    existing = set(Submission.objects.values_list("region__code", "year"))
    created = 0
    for city in Region.objects.filter(code__in=DEMO_CITIES).order_by("code"):
        for unit, state_key, reviewer in _demo_units(city, reviewers):
            base_count = _demo_random(unit.code, "base").randint(20_000, 300_000)
            for year in DEMO_YEARS:
                state = _unit_state(unit, state_key, year)
                if (unit.code, year) in existing or state == "missing" or (
                        year == 2024 and unit.code in LEFT_OPEN_FOR_DEMO_OFFICERS):
                    continue
                rows = entry_rows(unit, year)
                if not rows:
                    continue
                rng = _demo_random(unit.code, year)
                entries = {row.code: _demo_entry(row, rng, year, base_count) for row in rows}
                officer = _reporting_officer(officers, unit)
                with transaction.atomic():
                    submission = submission_save(region=unit, year=year, user=officer, entries=entries,
                                                 expected_version=0, submit=state != "draft")
                    if state == "approved":
                        submission_approve(submission=submission, reviewer=reviewer)
                    elif state == "returned":
                        submission_return(submission=submission, reviewer=reviewer,
                                          comment="演示：请核对工作场所监测合格率的分母（监测点数）。")
                created += 1
    return created


# --- 2020 基线值 (rule 2 of issue 14; 演示数据) ---------------------------------------------------

# Counties of plans that print no baseline (阳江, 清远, 揭阳): their approved 2020 基线值 draws the path of
# their interim years (进度正常 / 进度滞后 rather than 推进中（无基线）). 阳春市 is left for its demo officer to try.
DEMO_BASELINES_APPROVED = ["441702", "441721", "441803", "445202"]  # 江城区 阳西县 清新区 榕城区
DEMO_BASELINE_WAITING = "441881"  # 英德市: submitted, waiting for 清远市's review
BASELINE_APPROVAL_COMMENT = "演示：已与十三五期末统计年报核对。"


def demo_baselines_create() -> int:
    """Approved 2020 基线值 for a few counties and one submitted, not yet approved (its city's queue shows
    it). Saved and reviewed through the same services as the page; where 省级复核 is on, the province
    confirms too, so the approved ones count. Idempotent. Returns the number of reports created."""
    assert_demo_allowed()
    from lifecycle.services import submission_approve
    from plans.period import BASELINE_YEAR
    from reporting.selectors import entry_rows
    from reporting.services import submission_save

    reviewers = {user.region.code: user for user in User.objects.filter(role=Role.REVIEWER).select_related("region")}
    officers = {user.region.code: user for user in User.objects.filter(role=Role.OFFICER).select_related("region")}
    created = 0
    for code in [*DEMO_BASELINES_APPROVED, DEMO_BASELINE_WAITING]:
        county = Region.objects.select_related("parent").get(code=code)
        if Submission.objects.filter(region=county, year=BASELINE_YEAR).exists():
            continue
        base_count = _demo_random(county.code, "base").randint(20_000, 300_000)
        rng = _demo_random(county.code, BASELINE_YEAR)
        entries = {row.code: _demo_entry(row, rng, BASELINE_YEAR, base_count) for row in entry_rows(county, BASELINE_YEAR)}
        with transaction.atomic():
            report = submission_save(region=county, year=BASELINE_YEAR, user=_reporting_officer(officers, county),
                                     entries=entries, expected_version=0, submit=True)
            if code != DEMO_BASELINE_WAITING:
                report = submission_approve(submission=report, reviewer=reviewers[county.parent.code],
                                            comment=BASELINE_APPROVAL_COMMENT)
                if report.status == SubmissionStatus.CITY_APPROVED:
                    submission_approve(submission=report, reviewer=reviewers[PROVINCE_CODE],
                                       comment=BASELINE_APPROVAL_COMMENT)
        created += 1
    return created


# --- Key-action progress (演示数据) ------------------------------------------------------------

ACTION_DEMO_YEARS = range(2022, 2025)
# What happens to each county's 2024 progress report, cycling through the counties.
ACTION_STATES_2024 = ["submitted", "returned", "approved", "draft", "missing", "submitted"]
ACTION_RETURN_COMMENT = "演示：请补充培训人次的统计口径，并上传培训签到表。"
# Items move on over the years: mostly 未启动/推进中 in 2022, mostly 已完成 by 2024.
ITEM_STATUS_WEIGHTS = {2022: (4, 5, 1), 2023: (1, 5, 3), 2024: (1, 3, 6)}  # not started, in progress, done
NOT_APPLICABLE_SHARE = 0.06
NOT_APPLICABLE_REASON = "辖区内无相关行业企业（演示数据）"
DEMO_METRICS = [("帮扶企业数", "家", 3, 40), ("培训人次", "人次", 60, 900), ("示范企业数", "家", 1, 6)]
DEMO_NARRATIVES = [
    "{region}{year}年按计划推进“{action}”，完成年度阶段性任务（演示数据）。",
    "{region}{year}年召开“{action}”推进会，督促重点企业落实整改（演示数据）。",
    "{region}{year}年结合监督检查推进“{action}”，工作台账逐步完善（演示数据）。",
]
PROGRESS_WEIGHTED = [ProgressStatus.NOT_STARTED, ProgressStatus.IN_PROGRESS, ProgressStatus.DONE]
ITEM_DESCRIPTIONS = {ProgressStatus.IN_PROGRESS: "演示数据：已部署，正在推进", ProgressStatus.DONE: "演示数据：已按要求完成"}


def _action_state(county_index: int, year: int) -> str:
    if year == 2022:
        return "approved"
    if year == 2023:
        return "submitted" if county_index % 4 == 2 else "approved"
    return ACTION_STATES_2024[county_index % len(ACTION_STATES_2024)]


def _demo_status(rng: random.Random, year: int, *, may_be_not_applicable: bool = True) -> tuple[str, str]:
    if may_be_not_applicable and rng.random() < NOT_APPLICABLE_SHARE:
        return ProgressStatus.NOT_APPLICABLE, NOT_APPLICABLE_REASON
    return rng.choices(PROGRESS_WEIGHTED, weights=ITEM_STATUS_WEIGHTS[year])[0], ""


def _demo_action_entry(action, rng: random.Random, county: Region, year: int) -> ActionEntry:
    narrative = rng.choice(DEMO_NARRATIVES).format(region=county.name, year=year, action=action.name)
    items = list(action.items.all())
    # An action printed without items (花都区's plan) carries its own status; otherwise it is derived.
    own = StatusEntry(text=narrative) if items else StatusEntry(*_demo_status(rng, year), narrative)
    entry = ActionEntry(own)
    for position, item in enumerate(items):
        # Never every item 不适用: the derived action status would be 不适用 without the reason it needs.
        status, reason = _demo_status(rng, year, may_be_not_applicable=position > 0)
        entry.items[item.pk] = StatusEntry(status, reason, ITEM_DESCRIPTIONS.get(status, ""))
    for label, unit, low, high in rng.sample(DEMO_METRICS, rng.randint(1, 2)):
        entry.metrics.append(MetricEntry(label, Decimal(rng.randint(low, high) * (year - 2021)), unit))
    return entry


def demo_action_data_create() -> int:
    """Key-action progress 2022–2024 for the counties of the demo cities that a plan governs.

    2022 approved, 2023 approved or submitted, 2024 a mix of submitted, returned, approved, draft and
    missing; 阳春市 and 花都区 keep 2024 open for their demo officers. Saved through the same services as
    the form and the review (history written); no evidence files. Deterministic and idempotent: a
    region-year that already has a report is left alone. Returns the number of reports created.
    """
    assert_demo_allowed()
    from actions.services import action_report_save
    from lifecycle.services import submission_approve, submission_return
    from plans.governing import governing_plan_for

    reviewers = {user.region.code: user for user in User.objects.filter(role=Role.REVIEWER).select_related("region")}
    officers = {user.region.code: user for user in User.objects.filter(role=Role.OFFICER).select_related("region")}
    existing = set(ActionReport.objects.values_list("region__code", "year"))
    plan_actions: dict[int, list] = {}
    created = 0
    for city in Region.objects.filter(code__in=DEMO_CITIES).order_by("code"):
        reviewer = reviewers.get(city.code)
        for index, county in enumerate(city.children.order_by("code")):
            for year in ACTION_DEMO_YEARS:
                plan = governing_plan_for(county, year)
                if plan is None:
                    continue
                if plan.pk not in plan_actions:
                    plan_actions[plan.pk] = list(plan.key_actions.order_by("seq").prefetch_related("items"))
                actions = plan_actions[plan.pk]
                state = _action_state(index, year)
                if (county.code, year) in existing or state == "missing" or not actions or (
                        year == 2024 and county.code in LEFT_OPEN_FOR_DEMO_OFFICERS):
                    continue
                rng = _demo_random(county.code, year, "actions")
                entries = {action.pk: _demo_action_entry(action, rng, county, year) for action in actions}
                officer = _reporting_officer(officers, county)
                with transaction.atomic():
                    report = action_report_save(region=county, year=year, user=officer, actions=actions,
                                                entries=entries, uploads={}, delete_evidence=[], expected_version=0,
                                                submit=state != "draft")
                    if state == "approved":
                        submission_approve(submission=report, reviewer=reviewer)
                    elif state == "returned":
                        submission_return(submission=report, reviewer=reviewer, comment=ACTION_RETURN_COMMENT)
                created += 1
    return created


# --- The 2025 reporting season (演示) -------------------------------------------------------------

SEASON_YEAR = 2025
# 阳江市 set a stricter window for its counties: already due, so its counties show 逾期未报 / 逾期提交.
STRICT_CITY = "441700"
LATE_SUBMITTER = "441702"  # 江城区 submits after 阳江市's due date
CITY_APPROVED_COUNTY = "441802"  # 清城区: approved by 清远市, waiting for 广东省's 省级复核


def _season_report(code: str, officers: dict[str, User]) -> Submission | None:
    from reporting.selectors import entry_rows
    from reporting.services import submission_save

    county = Region.objects.get(code=code)
    if Submission.objects.filter(region=county, year=SEASON_YEAR).exists():
        return None
    rows = entry_rows(county, SEASON_YEAR)
    base_count = _demo_random(county.code, "base").randint(20_000, 300_000)
    rng = _demo_random(county.code, SEASON_YEAR)
    entries = {row.code: _demo_entry(row, rng, SEASON_YEAR, base_count) for row in rows}
    return submission_save(region=county, year=SEASON_YEAR, user=_reporting_officer(officers, county), entries=entries,
                           expected_version=0, submit=True)


@transaction.atomic
def demo_season_create() -> None:
    """The 2025 season: 广东省 open with its due date a few days ahead, 阳江市 stricter and already due (some
    counties late), 省级复核 switched on for 广东省, one late submission and one city-approved report waiting
    for the province (unread notifications for the demo reviewers), and the automatic reminders due today.
    Idempotent."""
    assert_demo_allowed()
    from lifecycle.models import ProvinceReview
    from lifecycle.services import submission_approve
    from reporting.reminders import automatic_reminders_send
    from seasons.selectors import today
    from seasons.services import window_set

    day, admin = datetime.timedelta(days=1), User.objects.filter(username="demo_admin").first()
    start = today()
    window_set(region=Region.objects.get(code="440000"), year=SEASON_YEAR, opens_on=start - 60 * day,
               due_on=start + 4 * day, closes_on=start + 34 * day, user=admin)
    window_set(region=Region.objects.get(code=STRICT_CITY), year=SEASON_YEAR, opens_on=start - 60 * day,
               due_on=start - 3 * day, closes_on=start + 27 * day, user=admin)
    ProvinceReview.objects.get_or_create(province=Region.objects.get(code="440000"), defaults={"confirms": True})
    officers = {user.region.code: user for user in User.objects.filter(role=Role.OFFICER).select_related("region")}
    _season_report(LATE_SUBMITTER, officers)
    waiting = _season_report(CITY_APPROVED_COUNTY, officers)
    if waiting is not None:
        submission_approve(submission=waiting, reviewer=User.objects.get(username="qingyuan_reviewer"),
                           comment="演示：市级已核对数据来源。")
    automatic_reminders_send(on=start)
