"""The season pages' forms: a region's window (only ever stricter than the one above it) and a reopening.
The rules are ``seasons.windows``'; the forms put their messages next to the field."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import today
from .windows import Window, reopening_errors, window_setting_errors


def _date_field(label, help_text=""):
    return forms.DateField(label=label, help_text=help_text,
                           widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
                           error_messages={"required": _("请填写日期。"), "invalid": _("请按 年-月-日 填写日期，如 2026-03-31。")})


class WindowForm(forms.Form):
    opens_on = _date_field(_("开始填报"))
    due_on = _date_field(_("填报截止"))
    closes_on = _date_field(_("补报截止"), _("截止后至此日仍可补报（记为逾期提交）；此后不能填报。"))
    remind_days_before = forms.IntegerField(
        label=_("截止前几天自动催报"), min_value=0, max_value=60, initial=3,
        help_text=_("0 表示截止前不自动提醒。"), widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={"required": _("请填写天数（0–60）。"), "invalid": _("请填写整数天数（0–60）。"),
                        "min_value": _("天数不能小于 0。"), "max_value": _("天数不能大于 60。")})
    remind_day_after = forms.BooleanField(label=_("截止次日自动催报"), required=False, initial=True,
                                          widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args, above: Window | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.above = above

    def clean(self):
        cleaned = super().clean()
        dates = [cleaned.get(name) for name in ("opens_on", "due_on", "closes_on")]
        if all(dates):
            for field, message in window_setting_errors(*dates, self.above).items():
                self.add_error(field, message)
        return cleaned


class ReopeningForm(forms.Form):
    until = _date_field(_("开放至"))
    reason = forms.CharField(label=_("原因"), max_length=200, strip=True,
                             widget=forms.TextInput(attrs={"class": "form-control"}),
                             error_messages={"required": _("请填写重新开放的原因。"),
                                             "max_length": _("原因最多 200 字。")})

    def clean_until(self):
        until = self.cleaned_data["until"]
        for message in reopening_errors(until, today()).values():
            raise forms.ValidationError(message)
        return until
