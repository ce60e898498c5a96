"""The key-action progress form: one block per action as printed, parsed from POST and FILES.

Field names: a<action id>-status/-reason/-narrative, i<item id>-status/-reason/-description,
a<action id>-metric-<n>-label/-value/-unit, a<action id>-evidence (files), delete-evidence (ids).
"""
from django.utils.translation import gettext as _

from .rules import ActionEntry, clean_metric, clean_status
from .selectors import ActionRow
from lifecycle.forms import posted_version
from .models import ProgressStatus
from plumbing.uploads import EVIDENCE_MAX_BYTES, UploadRejected, read_capped, sniff_evidence

BLANK_METRIC_ROWS = 2
MAX_FILES_PER_ACTION = 10


class ActionReportForm:
    def __init__(self, rows: list[ActionRow], *, data=None, files=None, require_complete: bool = False):
        self.rows, self.data, self.files = rows, data, files
        self.require_complete = require_complete
        self.errors: dict[str, str] = {}
        self.entries: dict[int, ActionEntry] = {}
        self.uploads: dict[int, list[tuple[str, bytes, object]]] = {}
        self.delete_evidence: list[int] = []

    @property
    def is_bound(self) -> bool:
        return self.data is not None

    def posted_version(self) -> int | None:
        return posted_version(self.data)

    def is_valid(self) -> bool:
        for row in self.rows:
            self.entries[row.action.pk] = self._clean_action(row)
            self.uploads[row.action.pk] = self._clean_files(row)
        known = {e.pk for row in self.rows if row.progress for e in row.progress.evidence.all()}
        self.delete_evidence = [int(pk) for pk in self.data.getlist("delete-evidence") if pk.isdigit() and int(pk) in known]
        if self.posted_version() is None:
            self.errors["version"] = _("页面已过期，请刷新后重试")
        return not self.errors

    def _clean_action(self, row: ActionRow) -> ActionEntry:
        prefix = f"a{row.action.pk}"
        items = list(row.action.items.all())
        own, errors = clean_status(self.data.get(f"{prefix}-status"), self.data.get(f"{prefix}-reason"),
                                   self.data.get(f"{prefix}-narrative"), require=self.require_complete and not items,
                                   prefix=prefix)
        self.errors.update(errors)
        entry = ActionEntry(own)
        for item in items:
            item_prefix = f"i{item.pk}"
            item_entry, errors = clean_status(self.data.get(f"{item_prefix}-status"), self.data.get(f"{item_prefix}-reason"),
                                              self.data.get(f"{item_prefix}-description"), require=self.require_complete,
                                              prefix=item_prefix)
            self.errors.update(errors)
            entry.items[item.pk] = item_entry
        for index in range(self.metric_row_count(row)):
            metric_prefix = f"{prefix}-metric-{index}"
            metric, errors = clean_metric(self.data.get(f"{metric_prefix}-label"), self.data.get(f"{metric_prefix}-value"),
                                          self.data.get(f"{metric_prefix}-unit"), prefix=metric_prefix)
            self.errors.update(errors)
            if metric:
                entry.metrics.append(metric)
        return entry

    def _clean_files(self, row: ActionRow) -> list:
        field = f"a{row.action.pk}-evidence"
        uploaded = self.files.getlist(field) if self.files else []
        if len(uploaded) > MAX_FILES_PER_ACTION:
            self.errors[field] = _("每次每项行动最多上传 %(n)s 个文件") % {"n": MAX_FILES_PER_ACTION}
            return []
        accepted = []
        for upload in uploaded:
            try:
                data = read_capped(upload, EVIDENCE_MAX_BYTES)
                accepted.append((upload.name[:200], data, sniff_evidence(data)))
            except UploadRejected as error:
                self.errors[field] = f"{upload.name}：{error}"
        return accepted

    @staticmethod
    def metric_row_count(row: ActionRow) -> int:
        existing = row.progress.metrics.count() if row.progress else 0
        return existing + BLANK_METRIC_ROWS

    # --- what the template shows: posted input when re-displaying, else what is stored ---------

    def blocks(self) -> list[dict]:
        return [self._block(row) for row in self.rows]

    def _value(self, name: str, stored) -> str:
        if self.is_bound:
            return self.data.get(name, "")
        return "" if stored is None else str(stored)

    def _block(self, row: ActionRow) -> dict:
        prefix, progress = f"a{row.action.pk}", row.progress
        stored_items = row.item_progress
        metrics = list(progress.metrics.all()) if progress else []
        metric_rows = []
        for index in range(self.metric_row_count(row)):
            stored = metrics[index] if index < len(metrics) else None
            name = f"{prefix}-metric-{index}"
            metric_rows.append({
                "prefix": name,
                "label": self._value(f"{name}-label", stored.label if stored else ""),
                "value": self._value(f"{name}-value", f"{stored.value.normalize():f}" if stored else ""),
                "unit": self._value(f"{name}-unit", stored.unit if stored else ""),
                "error": self.errors.get(f"{name}-label") or self.errors.get(f"{name}-value"),
            })
        return {
            "row": row, "prefix": prefix, "progress": progress,
            "status": self._value(f"{prefix}-status", progress.status if progress else ""),
            "reason": self._value(f"{prefix}-reason", progress.reason if progress else ""),
            "narrative": self._value(f"{prefix}-narrative", progress.narrative if progress else ""),
            "errors": {key.removeprefix(prefix + "-"): message for key, message in self.errors.items()
                       if key.startswith(prefix + "-")},
            "items": [{
                "item": item, "prefix": f"i{item.pk}",
                "status": self._value(f"i{item.pk}-status", getattr(stored_items.get(item.pk), "status", "")),
                "reason": self._value(f"i{item.pk}-reason", getattr(stored_items.get(item.pk), "reason", "")),
                "description": self._value(f"i{item.pk}-description", getattr(stored_items.get(item.pk), "description", "")),
                "errors": {key.removeprefix(f"i{item.pk}-"): message for key, message in self.errors.items()
                           if key.startswith(f"i{item.pk}-")},
            } for item in row.action.items.all()],
            "metrics": metric_rows,
            "evidence": list(progress.evidence.all()) if progress else [],
        }


STATUS_CHOICES = [("", "—"), *ProgressStatus.choices]
