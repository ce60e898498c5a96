"""The key-action progress form: one ActionForm per key action as printed, each with a formset of its
content items and a formset of its metric rows. The rules themselves live in actions/rules.py.

Field names (unchanged since the hand-parsed form): a<action id>-status/-reason/-narrative,
i<item id>-status/-reason/-description, a<action id>-metric-<n>-label/-value/-unit(/-DELETE),
a<action id>-evidence (files), a<action id>-delete_evidence (evidence ids).
"""
from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.forms.formsets import (
    INITIAL_FORM_COUNT,
    MAX_NUM_FORM_COUNT,
    MIN_NUM_FORM_COUNT,
    TOTAL_FORM_COUNT,
    ManagementForm,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lifecycle.forms import posted_version
from plumbing.uploads import EVIDENCE_MAX_BYTES, UploadRejected, read_capped, sniff_evidence

from .models import ProgressStatus
from .rules import ActionEntry, StatusEntry, clean_metric, clean_status
from .selectors import ActionRow

BLANK_METRIC_ROWS = 2
MAX_FILES_PER_ACTION = 10
STATUS_CHOICES = [("", "—"), *ProgressStatus.choices]
SMALL_INPUT = "form-control form-control-sm"


class FieldErrorAttrsMixin:
    """A field in error is marked `is-invalid` and described by the message printed beside it
    (`<field id>-error`, see templates/actions/_partials/field_errors.html)."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"


def add_rule_errors(form: forms.Form, errors: dict[str, str]) -> None:
    """Put the messages of actions/rules.py (keyed "<prefix>-<field>") next to the form's own fields."""
    for key, message in errors.items():
        form.add_error(key.removeprefix(f"{form.prefix}-"), message)


class FixedRowsFormSet(forms.BaseFormSet):
    """A formset whose rows the server counts — the initial rows plus `extra` blanks — instead of
    trusting the posted management form: the page adds no rows by script, so a POST without (or with
    a forged) TOTAL_FORMS still reads exactly the rows the page showed."""

    @cached_property
    def management_form(self):
        initial = len(self.initial or ())
        counts = {TOTAL_FORM_COUNT: initial + self.extra, INITIAL_FORM_COUNT: initial,
                  MIN_NUM_FORM_COUNT: self.min_num, MAX_NUM_FORM_COUNT: self.max_num}
        form = ManagementForm({f"{self.prefix}-{key}": value for key, value in counts.items()},
                              auto_id=self.auto_id, prefix=self.prefix, renderer=self.renderer)
        form.full_clean()
        return form


# --- one content item (行动内容) of a key action ------------------------------------------------------

class ItemProgressForm(FieldErrorAttrsMixin, forms.Form):
    status = forms.CharField(label=gettext_lazy("状态"), required=False,
                             widget=forms.Select(choices=STATUS_CHOICES, attrs={"class": "form-select form-select-sm"}))
    reason = forms.CharField(label=gettext_lazy("不适用的原因"), required=False, widget=forms.TextInput(attrs={
        "maxlength": 300, "class": f"{SMALL_INPUT} mt-1", "placeholder": gettext_lazy("不适用的原因")}))
    description = forms.CharField(label=gettext_lazy("进展说明"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2, "maxlength": 3000, "class": SMALL_INPUT}))

    def __init__(self, *args, item, where: str, require_complete: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.item, self.where, self.require_complete = item, where, require_complete
        self.entry = StatusEntry()

    def clean(self):
        data = self.cleaned_data
        self.entry, errors = clean_status(data.get("status"), data.get("reason"), data.get("description"),
                                          require=self.require_complete, prefix=self.prefix)
        add_rule_errors(self, errors)
        return data


class ItemFormSet(FixedRowsFormSet):
    """One form per content item, named i<item id>-… as before (not <prefix>-<n>-…)."""

    def __init__(self, *args, items: list, action_where: str, **kwargs):
        self.items, self.action_where = items, action_where
        super().__init__(*args, **kwargs)

    def add_prefix(self, index):
        return f"i{self.items[index].pk}" if isinstance(index, int) else super().add_prefix(index)

    def get_form_kwargs(self, index):
        if index is None:
            return super().get_form_kwargs(index)
        item = self.items[index]
        where = _("%(action)s · 行动内容第 %(seq)s 条") % {"action": self.action_where, "seq": item.seq}
        return {**super().get_form_kwargs(index), "item": item, "where": where}


ItemProgressFormSet = forms.formset_factory(ItemProgressForm, formset=ItemFormSet, extra=0)


# --- one metric row (行动数据: 名称 / 数值 / 单位) ------------------------------------------------------

class MetricRowForm(FieldErrorAttrsMixin, forms.Form):
    label = forms.CharField(label=gettext_lazy("名称"), required=False, widget=forms.TextInput(attrs={
        "maxlength": 60, "class": SMALL_INPUT, "placeholder": gettext_lazy("名称")}))
    value = forms.CharField(label=gettext_lazy("数值"), required=False, widget=forms.TextInput(attrs={
        "inputmode": "decimal", "class": SMALL_INPUT, "placeholder": gettext_lazy("数值")}))
    unit = forms.CharField(label=gettext_lazy("单位"), required=False, widget=forms.TextInput(attrs={
        "maxlength": 16, "class": SMALL_INPUT, "placeholder": gettext_lazy("单位")}))

    def __init__(self, *args, where: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.where = where
        self.metric = None  # a blank row stays None (and an unchanged blank row is not even cleaned)

    @property
    def deletable(self) -> bool:
        """Only stored rows have a 删除 box (the formset adds it after __init__)."""
        return "DELETE" in self.fields

    def clean(self):
        data = self.cleaned_data
        if data.get("DELETE"):
            return data  # a row ticked for deletion is dropped unchecked
        self.metric, errors = clean_metric(data.get("label"), data.get("value"), data.get("unit"), prefix=self.prefix)
        add_rule_errors(self, errors)
        return data


class MetricFormSet(FixedRowsFormSet):
    def __init__(self, *args, action_where: str, **kwargs):
        self.action_where = action_where
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        if index is None:
            return super().get_form_kwargs(index)
        where = _("%(action)s · 行动数据第 %(n)s 行") % {"action": self.action_where, "n": index + 1}
        return {**super().get_form_kwargs(index), "where": where}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("删除")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


# Stored rows can be ticked for deletion; the blank rows cannot (clearing a row drops it as well).
MetricRowFormSet = forms.formset_factory(MetricRowForm, formset=MetricFormSet, extra=BLANK_METRIC_ROWS,
                                         can_delete=True, can_delete_extra=False)


# --- one key action -------------------------------------------------------------------------------

class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name. Empty files pass here: sniff_evidence refuses them by content."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        super().__init__(allow_empty_file=True, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        uploads = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(upload, initial) for upload in uploads]


class KnownIdsField(forms.TypedMultipleChoiceField):
    """Ids among the choices; any other id (a stale or forged page) is dropped without a word, as before."""

    def clean(self, value):
        known = {str(choice) for choice, _label in self.choices}
        return super().clean([str(v) for v in value or [] if str(v) in known])


class ActionForm(FieldErrorAttrsMixin, forms.Form):
    """A key action: its own status (only when it has no content items), narrative, evidence files,
    plus the formsets of its items and metric rows."""

    status = forms.CharField(label=gettext_lazy("状态"), required=False,
                             widget=forms.Select(choices=STATUS_CHOICES, attrs={"class": "form-select form-select-sm"}))
    reason = forms.CharField(label=gettext_lazy("不适用的原因"), required=False,
                             widget=forms.TextInput(attrs={"maxlength": 300, "class": SMALL_INPUT}))
    narrative = forms.CharField(label=gettext_lazy("总体进展情况"), required=False, widget=forms.Textarea(attrs={
        "rows": 3, "maxlength": 5000, "class": f"{SMALL_INPUT} mb-2"}))
    evidence = MultipleFileField(label=gettext_lazy("佐证材料"), required=False, widget=MultipleFileInput(attrs={
        "class": f"{SMALL_INPUT} mt-1", "accept": ".pdf,.png,.jpg,.jpeg,.gif,.xlsx,.docx"}))
    delete_evidence = KnownIdsField(label=gettext_lazy("删除"), required=False, coerce=int,
                                    widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))

    def __init__(self, data=None, files=None, *, row: ActionRow, require_complete: bool = False):
        self.row, self.action, self.progress = row, row.action, row.progress
        self.where = f"{self.action.label} {self.action.name}"
        self.evidence = list(self.progress.evidence.all()) if self.progress else []
        items = list(self.action.items.all())
        super().__init__(data, files, prefix=f"a{self.action.pk}", initial=self._stored())
        self.require_complete = require_complete
        self.own = StatusEntry()
        if items:  # the action's status is derived from its items (actions/services.py)
            del self.fields["status"], self.fields["reason"]
        self.fields["delete_evidence"].choices = [(e.pk, e.original_name) for e in self.evidence]
        stored_items = row.item_progress
        self.item_forms = ItemProgressFormSet(
            data, files, prefix=f"{self.prefix}-items", items=items, action_where=self.where,
            initial=[self._stored_item(stored_items.get(item.pk)) for item in items],
            form_kwargs={"require_complete": require_complete})
        metrics = list(self.progress.metrics.all()) if self.progress else []
        self.metric_forms = MetricRowFormSet(
            data, files, prefix=f"{self.prefix}-metric", action_where=self.where,
            initial=[{"label": m.label, "value": f"{m.value.normalize():f}", "unit": m.unit} for m in metrics])

    def _stored(self) -> dict:
        progress = self.progress
        return {"status": progress.status, "reason": progress.reason, "narrative": progress.narrative} if progress else {}

    @staticmethod
    def _stored_item(progress) -> dict:
        return {"status": progress.status, "reason": progress.reason, "description": progress.description} if progress else {}

    @property
    def has_items(self) -> bool:
        return bool(self.item_forms.forms)

    @property
    def evidence_options(self) -> list:
        """(stored evidence, its delete checkbox) pairs, in the order the choices were given."""
        return list(zip(self.evidence, self["delete_evidence"]))

    def is_valid(self) -> bool:
        # A list, not a generator: the items and metric rows are validated even when the action is not.
        return all([super().is_valid(), self.item_forms.is_valid(), self.metric_forms.is_valid()])

    def clean_evidence(self) -> list[tuple[str, bytes, object]]:
        uploads = self.cleaned_data["evidence"]
        if len(uploads) > MAX_FILES_PER_ACTION:
            raise forms.ValidationError(_("每次每项行动最多上传 %(n)s 个文件") % {"n": MAX_FILES_PER_ACTION})
        accepted, refused = [], []
        for upload in uploads:
            try:
                data = read_capped(upload, EVIDENCE_MAX_BYTES)
                accepted.append((upload.name[:200], data, sniff_evidence(data)))
            except UploadRejected as error:
                refused.append(f"{upload.name}：{error}")
        if refused:
            raise forms.ValidationError(refused)
        return accepted

    def clean(self):
        data = self.cleaned_data
        self.own, errors = clean_status(data.get("status"), data.get("reason"), data.get("narrative"),
                                        require=self.require_complete and not self.has_items, prefix=self.prefix)
        add_rule_errors(self, errors)
        return data

    @property
    def entry(self) -> ActionEntry:
        return ActionEntry(self.own, items={form.item.pk: form.entry for form in self.item_forms},
                           metrics=[form.metric for form in self.metric_forms if form.metric])

    def error_links(self) -> list["ErrorLink"]:
        """This action's errors in page order: own status, items, narrative, metric rows, evidence."""
        own = [name for name in ("status", "reason") if name in self.fields]
        first = self[own[0] if own else "narrative"]
        return [*_field_links(self, own),
                *(ErrorLink(first.auto_id, self.where, first.label, str(message)) for message in self.non_field_errors()),
                *(link for form in self.item_forms for link in _field_links(form, list(form.fields))),
                *_field_links(self, ["narrative"]),
                *(link for form in self.metric_forms if not getattr(form, "cleaned_data", {}).get("DELETE")
                  for link in _field_links(form, list(form.fields))),
                *_field_links(self, ["evidence", "delete_evidence"])]


@dataclass(frozen=True)
class ErrorLink:
    """One line of the error summary: the field in error (its id, for the link), where it is, what is wrong."""

    field_id: str
    where: str
    label: str
    message: str


def _field_links(form: forms.Form, names: list[str]) -> list[ErrorLink]:
    return [ErrorLink(form[name].auto_id, form.where, form[name].label, str(message))
            for name in names for message in form[name].errors]


class ActionReportForm:
    """Every key action of the plan (one ActionForm each) plus the version the page was opened at."""

    def __init__(self, rows: list[ActionRow], *, data=None, files=None, require_complete: bool = False,
                 document=None):
        self.data = data
        self.action_forms = [ActionForm(data, files, row=row, require_complete=require_complete) for row in rows]
        self.version_error = ""
        self.document = document  # the document whose key actions the rows are (actions.documents)

    @property
    def is_bound(self) -> bool:
        return self.data is not None

    def posted_version(self) -> int | None:
        return posted_version(self.data)

    def is_valid(self) -> bool:
        # A list, not a generator: every action is validated, so every error shows at once.
        valid = all([form.is_valid() for form in self.action_forms])  # noqa: C419
        if self.posted_version() is None:
            self.version_error = _("页面已过期，请刷新后重试")
        elif self.document_changed_since_opened():
            self.version_error = _("本年度适用的规划已变更，请刷新页面后按新规划填写。")
        return valid and not self.version_error

    def document_changed_since_opened(self) -> bool:
        """The page was opened for another document's key actions (a draft whose document changed since):
        its inputs name actions this form no longer has, and saving would silently drop them."""
        posted = (self.data.get("document") or "").strip()
        return bool(posted) and posted != str(self.document.pk if self.document else "")

    @property
    def actions(self) -> list:
        return [form.action for form in self.action_forms]

    @property
    def entries(self) -> dict[int, ActionEntry]:
        return {form.action.pk: form.entry for form in self.action_forms}

    @property
    def uploads(self) -> dict[int, list[tuple[str, bytes, object]]]:
        return {form.action.pk: form.cleaned_data.get("evidence", []) for form in self.action_forms}

    @property
    def delete_evidence(self) -> list[int]:
        return [pk for form in self.action_forms for pk in form.cleaned_data.get("delete_evidence", [])]

    @cached_property
    def error_links(self) -> list[ErrorLink]:
        """The error summary at the top of the page; empty for a fresh page or a valid one."""
        if not self.is_bound:
            return []
        version = [ErrorLink("", "", "", self.version_error)] if self.version_error else []
        return version + [link for form in self.action_forms for link in form.error_links()]
