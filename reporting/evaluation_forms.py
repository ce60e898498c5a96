"""Forms of the evaluation report's editor: one section's text, or the regeneration of one section."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .evaluation_services import MAX_SECTION_LENGTH
from .models import EvaluationSection

SECTION_ERRORS = {"required": _("缺少章节。"), "invalid_choice": _("没有这个章节。")}
VERSION_ERRORS = {"required": _("缺少版本号，请刷新页面后重试。"), "invalid": _("版本号无效，请刷新页面后重试。"),
                  "min_value": _("版本号无效，请刷新页面后重试。")}


class SectionRegenerateForm(forms.Form):
    key = forms.ChoiceField(choices=EvaluationSection.Key.choices, widget=forms.HiddenInput, error_messages=SECTION_ERRORS)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput, error_messages=VERSION_ERRORS)


class SectionTextForm(SectionRegenerateForm):
    text = forms.CharField(
        label=_("正文（每段一行）"), max_length=MAX_SECTION_LENGTH, strip=True,
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control"}),
        error_messages={"required": _("正文不能为空；如需恢复自动生成的内容，请使用“按最新数据重新生成”。"),
                        "max_length": _("正文不能超过 %(limit_value)d 个字符（当前 %(show_value)d 个）。")},
    )
