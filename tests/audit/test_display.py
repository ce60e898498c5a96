"""audit.display.details_text: an audit record's details read as prose, in both languages."""
from django.utils import translation

from audit.display import details_text


def test_export_details_read_as_labelled_prose():
    assert details_text({"file": "填报表", "year": 2025}) == "文件：填报表；年度：2025"


def test_role_changes_read_before_and_after():
    text = details_text({"created": False, "changes": {"role": ["officer", "reviewer"], "is_active": [True, False]}})
    assert text == "新建：否；变更：（角色：officer → reviewer；启用：是 → 否）"
    assert "{" not in text and "[" not in text


def test_nested_filters_and_empty_values_have_no_python_syntax():
    text = details_text({"filters": {"event": "", "users": ["a", "b"]}, "by_admin": True})
    assert text == "筛选条件：（event：—；users：a、b）；由管理员操作：是"


def test_english_labels_follow_the_language():
    with translation.override("en"):
        assert details_text({"file": "report.xlsx", "year": 2025}) == "File: report.xlsx; Year: 2025"


def test_empty_or_missing_details_read_as_nothing():
    assert details_text({}) == "" and details_text(None) == ""


def test_english_role_changes_have_no_chinese_punctuation():
    with translation.override("en"):
        text = details_text({"created": False, "changes": {"is_active": [True, False]}})
    assert text == "New: No; Changes: (Active: Yes → No)"
