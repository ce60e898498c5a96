from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditEventType, AuditOutcome
from .selectors import EARLIEST_DATE, LATEST_DATE, AuditFilters, date_in_range


class AuditFilterForm(forms.Form):
    username = forms.CharField(label=_("用户"), required=False, max_length=150,
                               widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    event = forms.ChoiceField(label=_("事件"), required=False, choices=[("", _("全部"))] + AuditEventType.choices,
                              widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    outcome = forms.ChoiceField(label=_("结果"), required=False, choices=[("", _("全部"))] + AuditOutcome.choices,
                                widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    date_from = forms.DateField(label=_("起始日期"), required=False,
                                widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}))
    date_to = forms.DateField(label=_("截止日期"), required=False,
                              widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}))

    def _clean_date(self, field: str):
        day = self.cleaned_data.get(field)
        if day is not None and not date_in_range(day):
            raise forms.ValidationError(_("日期应在 %(first)s 至 %(last)s 之间。") % {
                "first": EARLIEST_DATE.isoformat(), "last": LATEST_DATE.isoformat()})
        return day

    def clean_date_from(self):
        return self._clean_date("date_from")

    def clean_date_to(self):
        return self._clean_date("date_to")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return cleaned

    def filters(self) -> AuditFilters:
        """The validated filters (none when the form is invalid: the page then shows everything)."""
        if not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(username=data["username"].strip(), event=data["event"], outcome=data["outcome"],
                            date_from=data["date_from"], date_to=data["date_to"])
