"""The notes ("说明") a report's history keeps for each change, in any reader's language.

A history row outlives the request that wrote it and is read by people in either language, so the
note is stored in the source language (Chinese, the msgid) and translated when it is shown. Notes
stored before this rule by an English-speaking user stay as they were written.
"""
from django.utils.translation import gettext, gettext_noop

SUBMITTED = gettext_noop("提交")
DRAFT_SAVED = gettext_noop("保存草稿")
APPROVED = gettext_noop("审核通过")
IMPORTED_APPROVED = gettext_noop("数据导入（已审核）")
# Notes that carry the reviewer's own words after a fixed prefix.
RETURNED = gettext_noop("退回：%(comment)s")
APPROVAL_WITHDRAWN = gettext_noop("撤销审核：%(reason)s")
FIXED_NOTES = (SUBMITTED, DRAFT_SAVED, APPROVED, IMPORTED_APPROVED)
NOTES_WITH_TEXT = ((RETURNED, "comment"), (APPROVAL_WITHDRAWN, "reason"))


def returned_note(comment: str) -> str:
    return RETURNED % {"comment": comment}


def approval_withdrawn_note(reason: str) -> str:
    return APPROVAL_WITHDRAWN % {"reason": reason}


def change_reason_text(stored: str | None) -> str:
    """A stored history note in the current language: ``退回：补充说明`` → ``Returned: 补充说明``."""
    if not stored:
        return ""
    if stored in FIXED_NOTES:
        return gettext(stored)
    for template, key in NOTES_WITH_TEXT:
        prefix = template.split("%(")[0]
        if stored.startswith(prefix):
            return gettext(template) % {key: stored[len(prefix):]}
    return stored
