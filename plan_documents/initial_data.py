"""What ``make run`` loads: regions, the indicator catalogue and the five plans (all idempotent)."""
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from indicators.services import indicator_catalogue_load
from regions.services import regions_bulk_load

from .documents import PlanDocumentError, plan_save_document, validate_document

FIXTURES_DIR = settings.BASE_DIR / "fixtures"


@dataclass
class InitialDataSummary:
    regions_created: int = 0
    indicators_changed: int = 0
    plans_saved: list[str] = field(default_factory=list)
    plans_unchanged: list[str] = field(default_factory=list)


def read_plan_fixture(path: Path) -> dict:
    """Load and validate one plan YAML file; errors name the file."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        validate_document(raw, locate=lambda section, index, name: f"{path.name} " + (
            f"{section}[{index + 1}].{name}" if index is not None else name))
    except PlanDocumentError as error:
        raise PlanDocumentError([f"{path.name}: {message}" if not message.startswith(path.name) else message
                                 for message in error.errors]) from error
    return raw


@transaction.atomic
def load_initial_data(fixtures_dir: Path = FIXTURES_DIR) -> InitialDataSummary:
    summary = InitialDataSummary()
    rows = json.loads((fixtures_dir / "regions_guangdong.json").read_text(encoding="utf-8"))
    summary.regions_created = regions_bulk_load(rows=rows)
    catalogue = yaml.safe_load((fixtures_dir / "indicators.yaml").read_text(encoding="utf-8"))
    summary.indicators_changed = indicator_catalogue_load(entries=catalogue)
    for path in sorted((fixtures_dir / "plans").glob("*.yaml")):
        plan, changed = plan_save_document(document=read_plan_fixture(path))
        (summary.plans_saved if changed else summary.plans_unchanged).append(plan.region.name)
    return summary
