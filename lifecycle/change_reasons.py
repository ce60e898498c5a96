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
# 省级复核 (lifecycle.levels): the city's approval waits for the province, which then confirms.
CITY_APPROVED = gettext_noop("市级审核通过，待省级复核")
PROVINCE_CONFIRMED = gettext_noop("省级复核通过")
# Notes that carry the reviewer's own words after a fixed prefix.
RETURNED = gettext_noop("退回：%(comment)s")
APPROVAL_WITHDRAWN = gettext_noop("撤销审核：%(reason)s")
# An approval may carry the reviewer's comment after the fixed note.
APPROVED_WITH_COMMENT = gettext_noop("审核通过：%(comment)s")
CITY_APPROVED_WITH_COMMENT = gettext_noop("市级审核通过，待省级复核：%(comment)s")
PROVINCE_CONFIRMED_WITH_COMMENT = gettext_noop("省级复核通过：%(comment)s")
FIXED_NOTES = (SUBMITTED, DRAFT_SAVED, APPROVED, IMPORTED_APPROVED, CITY_APPROVED, PROVINCE_CONFIRMED)
NOTES_WITH_TEXT = ((RETURNED, "comment"), (APPROVAL_WITHDRAWN, "reason"), (APPROVED_WITH_COMMENT, "comment"),
                   (CITY_APPROVED_WITH_COMMENT, "comment"), (PROVINCE_CONFIRMED_WITH_COMMENT, "comment"))
COMMENTED = {APPROVED: APPROVED_WITH_COMMENT, CITY_APPROVED: CITY_APPROVED_WITH_COMMENT,
             PROVINCE_CONFIRMED: PROVINCE_CONFIRMED_WITH_COMMENT}


def with_comment(note: str, comment: str) -> str:
    """A fixed approval note, with the reviewer's comment when there is one."""
    return COMMENTED[note] % {"comment": comment} if comment else note


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
