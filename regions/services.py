"""Writes to the region tree."""
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Region, RegionKind, RegionLevel

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


def zone_errors(*, parent: Region | None, code: str) -> dict[str, str]:
    """Why a zone cannot be added here (empty when it can)."""
    errors = {}
    if parent is None or parent.level != RegionLevel.CITY:
        errors["parent"] = _("功能区只能设在地级市之下，请选择一个地级市。")
    if not (len(code) == 6 and code.isdigit()):
        # Every region down to county level has a 6-digit code; roll-ups group by fixed-width path prefixes.
        errors["code"] = _("功能区代码应为 6 位数字（与县级区划代码同级）。")
    return errors


@transaction.atomic
def region_create_zone(*, parent: Region, code: str, name: str) -> Region:
    """Add a non-administrative zone (功能区, e.g. 阳江高新区) under a city, as a peer of its counties."""
    errors = zone_errors(parent=parent, code=code)
    if errors:
        raise ValidationError(errors)
    zone = Region(
        code=code, name=name, full_name=f"{parent.full_name}{name}", level=RegionLevel.COUNTY,
        kind=RegionKind.ZONE, parent=parent, path=f"{parent.path}{code}/",
    )
    zone.full_clean()
    zone.save()
    return zone
