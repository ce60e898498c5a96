import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.display import plain_number, value_text
from indicators.models import ValueKind
from lifecycle.forms import posted_version

from .entry_rules import NO, YES, CleanEntry, clean_entry
from .selectors import EntryRow

NUMBER_ATTRS = {"inputmode": "decimal", "autocomplete": "off", "class": "form-control form-control-sm"}


class IndicatorRowForm(forms.Form):
    """The inputs of one indicator row; which ones show depends on the indicator's value kind."""

    numerator = forms.CharField(label=_("分子"), required=False, widget=forms.TextInput(attrs={**NUMBER_ATTRS, "data-role": "numerator"}))
    denominator = forms.CharField(label=_("分母"), required=False, widget=forms.TextInput(attrs={**NUMBER_ATTRS, "data-role": "denominator"}))
    value = forms.CharField(label=_("数值"), required=False, widget=forms.TextInput(attrs={**NUMBER_ATTRS, "data-role": "value"}))
    yes_no = forms.ChoiceField(label=_("是/否"), required=False, choices=[("", "—"), (YES, _("是")), (NO, _("否"))],
                               widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    not_applicable = forms.BooleanField(label=_("无法填报"), required=False,
                                        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "data-role": "na"}))
    reason = forms.CharField(label=_("无法填报原因"), required=False, max_length=200,
                             widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    note = forms.CharField(label=_("数据来源/说明"), required=False, max_length=300,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))

    def __init__(self, *args, row: EntryRow, require_complete: bool = False, **kwargs):
        super().__init__(*args, prefix=row.code, **kwargs)
        self.row = row
        self.require_complete = require_complete
        self.entry: CleanEntry | None = None
        # Every input of the row is named after its indicator: a screen reader landing on the 12th
        # "分子" must hear which indicator it belongs to (the visible header is several cells away).
        indicator = f"{row.code} {row.resolved.row.printed_name}"
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = gettext("%(indicator)s：%(field)s") % {
                "indicator": indicator, "field": field.label}

    @property
    def value_kind(self) -> str:
        return self.row.indicator.value_kind

    @property
    def rate_text(self) -> str:
        """The percentage beside a rate's inputs. After a round trip (a version conflict, another row's
        error) the inputs show what was posted, so the percentage is computed from that, never from the
        stored value; a row with an error of its own shows "—" beside its message."""
        if not self.is_bound:
            return self.row.current_rate_text
        return value_text(ValueKind.RATE, self.entry.value if self.is_valid() and self.entry else None)

    def clean(self):
        raw = dict(self.cleaned_data)
        raw["not_applicable"] = "1" if raw.get("not_applicable") else ""
        previous = self.row.previous.value if self.row.previous else None
        self.entry, errors = clean_entry(self.value_kind, raw, previous_value=previous,
                                         require_complete=self.require_complete)
        for field, message in errors.items():
            self.add_error(field, message)
        return self.cleaned_data


def initial_for(row: EntryRow) -> dict:
    stored = row.current
    if stored is None:
        return {}
    yes_no = "" if stored.value is None else (YES if stored.value > 0 else NO)
    return {"numerator": plain_number(stored.numerator), "denominator": plain_number(stored.denominator),
            "value": plain_number(stored.value) if row.indicator.value_kind != ValueKind.RATE else "",
            "yes_no": yes_no, "not_applicable": stored.not_applicable, "reason": stored.not_applicable_reason,
            "note": stored.note}


class EntryForm:
    """All rows of a region's yearly entry plus the version the page was opened at."""

    def __init__(self, rows: list[EntryRow], *, version: int, data=None, require_complete: bool = False):
        self.version = version
        self.data = data
        self.row_forms = [
            IndicatorRowForm(data, row=row, require_complete=require_complete) if data is not None
            else IndicatorRowForm(row=row, initial=initial_for(row))
            for row in rows
        ]

    def posted_version(self) -> int | None:
        return posted_version(self.data)

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.row_forms]) and self.posted_version() is not None

    @property
    def entries(self) -> dict[str, CleanEntry]:
        return {form.row.code: form.entry for form in self.row_forms}

    @property
    def error_count(self) -> int:
        return sum(len(form.errors) for form in self.row_forms)


class BulkApproveForm(forms.Form):
    """The queue's ticked reports, each as "kind:id:version" (the version the reviewer saw)."""

    reports = forms.CharField(required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.keys = data.getlist("reports") if data is not None else []

    def clean(self):
        pattern = re.compile(r"^(submission|actionreport):\d{1,12}:\d{1,9}$")
        if not self.keys:
            raise forms.ValidationError(_("请先勾选要审核通过的填报。"))
        if not all(pattern.match(key) for key in self.keys):
            raise forms.ValidationError(_("无效的填报选择，未审核任何填报。"))
        return self.cleaned_data
