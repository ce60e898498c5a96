"""Writes to the region tree."""
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEventType
from audit.services import audit_record

from .models import FIRST_PLAN_YEAR, Region, RegionKind, RegionLevel
from .records import report_years

BULK_BATCH_SIZE = 2000


@transaction.atomic
def regions_bulk_load(*, rows: Iterable[dict]) -> int:
    """Insert the regions of ``rows`` (parents before children) that do not exist yet.

    Idempotent: existing codes are left alone. Inserts level by level with ``bulk_create`` so the
    whole country (~44,700 rows) loads in seconds; parents are looked up once per level.
    Returns the number of regions created.
    """
    by_level: dict[int, list[dict]] = {}
    for row in rows:
        by_level.setdefault(int(row["level"]), []).append(row)

    existing = set(Region.objects.values_list("code", flat=True))
    created = 0
    for level in sorted(by_level):
        level_rows = [row for row in by_level[level] if row["code"] not in existing]
        parent_codes = {row["parent_code"] for row in level_rows if row["parent_code"]}
        parents = {code: (pk, path) for code, pk, path in
                   Region.objects.filter(code__in=parent_codes).values_list("code", "pk", "path")}
        missing = parent_codes - parents.keys()
        if missing:
            raise ValidationError(_("上级区划不存在：%(codes)s") % {"codes": "、".join(sorted(missing)[:5])})
        new_regions = []
        for row in level_rows:
            parent_pk, parent_path = parents[row["parent_code"]] if row["parent_code"] else (None, "/")
            new_regions.append(
                Region(code=row["code"], name=row["name"], full_name=row["full_name"], level=level,
                       kind=row["kind"], parent_id=parent_pk, path=f'{parent_path}{row["code"]}/')
            )
        Region.objects.bulk_create(new_regions, batch_size=BULK_BATCH_SIZE)
        created += len(new_regions)
    return created


def current_year() -> int:
    """This year in the portal's time zone (Asia/Shanghai): a new 功能区's default 设立年份."""
    return timezone.localdate().year


def _year_range_error(label: str, year: int | None) -> str:
    """A year an admin typed must lie in the plan period or up to next year (announced changes)."""
    last = current_year() + 1
    if year is not None and not FIRST_PLAN_YEAR <= year <= last:
        return _("%(label)s应在 %(first)s 至 %(last)s 年之间。") % {"label": label, "first": FIRST_PLAN_YEAR, "last": last}
    return ""


def region_years_errors(*, region: Region | None, established_year: int | None,
                        abolished_year: int | None) -> dict[str, str]:
    """Why a region cannot take these 设立 / 撤销 years (empty when it can): each within a sensible range,
    撤销 not before 设立, and no report of the region (``regions.records``) left outside its valid years."""
    errors = {}
    if message := _year_range_error(_("设立年份"), established_year):
        errors["established_year"] = message
    if message := _year_range_error(_("撤销年份"), abolished_year):
        errors["abolished_year"] = message
    if not errors and established_year is not None and abolished_year is not None and abolished_year < established_year:
        errors["abolished_year"] = _("撤销年份不能早于设立年份（%(year)s 年）。") % {"year": established_year}
    if errors or region is None or region.pk is None:
        return errors
    years = report_years(region)
    if abolished_year is not None and (after := sorted(year for year in years if year >= abolished_year)):
        errors["abolished_year"] = _("%(region)s 在 %(years)s 年已有填报，撤销年份不能早于或等于这些年份。") % {
            "region": region.full_name, "years": "、".join(map(str, after))}
    if established_year is not None and (before := sorted(year for year in years if year < established_year)):
        errors["established_year"] = _("%(region)s 在 %(years)s 年已有填报，设立年份不能晚于这些年份。") % {
            "region": region.full_name, "years": "、".join(map(str, before))}
    return errors


@transaction.atomic
def region_set_years(*, region: Region, established_year: int | None, abolished_year: int | None, user) -> Region:
    """Set the years a region exists in (设立 / 撤销): refused, with nothing changed, when a report of the
    region would fall outside them. Audited in the same transaction."""
    errors = region_years_errors(region=region, established_year=established_year, abolished_year=abolished_year)
    if errors:
        raise ValidationError(errors)
    changes = {"established_year": [region.established_year, established_year],
               "abolished_year": [region.abolished_year, abolished_year]}
    region.established_year, region.abolished_year = established_year, abolished_year
    region.full_clean()
    region.save(update_fields=["established_year", "abolished_year"])
    audit_record(event=AuditEventType.REGION_CHANGE, user=user, obj=region,
                 details={"region": region.code, "changes": changes})
    return region


def zone_errors(*, parent: Region | None, code: str, established_year: int | None = None) -> dict[str, str]:
    """Why a zone cannot be added here (empty when it can)."""
    errors = {}
    if message := _year_range_error(_("设立年份"), established_year):
        errors["established_year"] = message
    if parent is None or parent.level != RegionLevel.CITY:
        errors["parent"] = _("功能区只能设在地级市之下，请选择一个地级市。")
    if not (len(code) == 6 and code.isdigit()):
        # Every region down to county level has a 6-digit code; roll-ups group by fixed-width path prefixes.
        errors["code"] = _("功能区代码应为 6 位数字（与县级区划代码同级）。")
    return errors


@transaction.atomic
def region_create_zone(*, parent: Region, code: str, name: str, established_year: int | None = None,
                       user=None) -> Region:
    """Add a non-administrative zone (功能区, e.g. 阳江高新区) under a city, as a peer of its counties.

    It exists from ``established_year`` (default: this year), so the years before it keep the expected
    counts, completeness and roll-ups they had (issue 14, rule 7). Audited in the same transaction."""
    established_year = current_year() if established_year is None else established_year
    errors = zone_errors(parent=parent, code=code, established_year=established_year)
    if errors:
        raise ValidationError(errors)
    zone = Region(
        code=code, name=name, full_name=f"{parent.full_name}{name}", level=RegionLevel.COUNTY,
        kind=RegionKind.ZONE, parent=parent, path=f"{parent.path}{code}/", established_year=established_year,
    )
    zone.full_clean()
    zone.save()
    audit_record(event=AuditEventType.REGION_CHANGE, user=user, obj=zone, details={
        "region": code, "parent": parent.code, "established_year": established_year})
    return zone
