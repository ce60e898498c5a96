"""lifecycle.change_reasons: history notes are stored in Chinese and read in the reader's language."""
from django.utils import translation

from lifecycle.change_reasons import (
    APPROVED,
    DRAFT_SAVED,
    approval_withdrawn_note,
    change_reason_text,
    returned_note,
)


def test_notes_are_stored_in_chinese_whatever_the_writers_language():
    with translation.override("en"):
        assert returned_note("请核对分母") == "退回：请核对分母"
        assert approval_withdrawn_note("数据有误") == "撤销审核：数据有误"
        assert (APPROVED, DRAFT_SAVED) == ("审核通过", "保存草稿")


def test_notes_read_in_english_keep_the_reviewers_own_words():
    with translation.override("en"):
        assert change_reason_text("保存草稿") == "Save draft"
        assert change_reason_text("审核通过") == "Approve"
        assert change_reason_text("退回：请核对分母") == "Returned: 请核对分母"
        assert change_reason_text("撤销审核：数据有误").endswith(": 数据有误")


def test_notes_read_in_chinese_as_stored_and_unknown_notes_unchanged():
    with translation.override("zh-hans"):
        assert change_reason_text("退回：请核对分母") == "退回：请核对分母"
    assert change_reason_text("Approved") == "Approved"  # written in English before this rule
    assert change_reason_text(None) == ""
