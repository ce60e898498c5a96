from django import forms
from django.utils.translation import gettext_lazy as _

from plans.period import PLAN_YEARS

from .compliance import Status
from .dashboard import MatrixFilters


class MatrixFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=[(y, y) for y in PLAN_YEARS], required=False,
                                  widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    indicator = forms.ChoiceField(label=_("指标"), required=False,
                                  widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态")), *Status.choices],
                               widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    nature = forms.ChoiceField(label=_("指标性质"), required=False,
                               choices=[("", _("全部")), ("预期性", _("预期性")), ("约束性", _("约束性"))],
                               widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    only_problems = forms.BooleanField(label=_("只看问题"), required=False,
                                       widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", _("全部指标")), *((i.code, f"{i.code} {i.name}") for i in indicators)]

    def to_filters(self) -> MatrixFilters:
        if not self.is_valid():
            return MatrixFilters()
        data = self.cleaned_data
        return MatrixFilters(indicator_codes=(data["indicator"],) if data["indicator"] else (), status=data["status"],
                             nature=data["nature"], only_problems=data["only_problems"])


class ReminderForm(forms.Form):
    """催报 from the completeness page: the ticked regions, or every unsubmitted one (``all``)."""

    region = forms.MultipleChoiceField(required=False)
    all = forms.BooleanField(required=False)

    def __init__(self, *args, codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(code, code) for code in codes]
        self.fields["region"].error_messages["invalid_choice"] = _("所选地区 %(value)s 已提交或不在本地区之下，未发送催报。")

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("all") and not cleaned.get("region"):
            raise forms.ValidationError(_("请选择要催报的地区，或点击“全部催报”。"))
        return cleaned

    @property
    def codes(self) -> list[str] | None:
        return None if self.cleaned_data.get("all") else self.cleaned_data["region"]
