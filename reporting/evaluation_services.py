"""Writes for the evaluation report's text: saving an author's section and regenerating one from the data.

Each write is one transaction with its history record (django-simple-history: who, when, why); the
other sections are never touched, so regenerating one keeps every other section's edits.
"""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import User
from regions.models import Region

from .evaluation_draft import evaluation_draft, generated_text
from .models import EvaluationSection

MAX_SECTION_LENGTH = 20000


class SectionConflict(Exception):
    """Somebody saved this section after the page was opened; nothing was written."""

    def __init__(self, section: EvaluationSection | None):
        super().__init__("section version conflict")
        self.section = section


def normalised_section_text(text: str) -> str:
    """Plain text, one paragraph a line: line endings unified, blank lines and edge spaces dropped."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def _write(*, region: Region, year: int, key: str, text: str, expected_version: int, user: User,
           reason: str) -> EvaluationSection:
    section = EvaluationSection.objects.filter(region=region, year=year, key=key).first()
    if section is None:
        if expected_version != 0:
            raise SectionConflict(None)
        section = EvaluationSection(region=region, year=year, key=key)
    else:
        # Compare-and-swap on the version the page was opened at: one UPDATE, atomic on SQLite and
        # PostgreSQL alike, so two authors saving at once cannot both win.
        claimed = (EvaluationSection.objects.filter(pk=section.pk, version=expected_version)
                   .update(version=F("version") + 1))
        if not claimed:
            raise SectionConflict(section)
        section.refresh_from_db()
    section.text, section.updated_by = text, user
    section._history_user = user
    section._change_reason = reason
    section.full_clean(validate_unique=False)
    try:
        with transaction.atomic():  # the first save of a section: a concurrent first save loses here
            section.save()
    except IntegrityError as error:
        raise SectionConflict(None) from error
    return section


@transaction.atomic
def evaluation_section_save(*, region: Region, year: int, key: str, text: str, expected_version: int,
                            user: User) -> EvaluationSection:
    """Store the author's text of one section; ``expected_version`` is the version the page showed.

    Raises ``ValidationError`` for an empty or over-long text and ``SectionConflict`` when somebody
    saved in between; either way nothing is written.
    """
    text = normalised_section_text(text)
    if not text:
        raise ValidationError(_("正文不能为空；如需恢复自动生成的内容，请使用“按最新数据重新生成”。"))
    if len(text) > MAX_SECTION_LENGTH:
        raise ValidationError(_("正文不能超过 %(n)s 个字符。") % {"n": MAX_SECTION_LENGTH})
    return _write(region=region, year=year, key=key, text=text, expected_version=expected_version, user=user,
                  reason=_("编辑"))


@transaction.atomic
def evaluation_section_regenerate(*, region: Region, year: int, key: str, expected_version: int,
                                  user: User) -> EvaluationSection:
    """Replace one section's text with the text drafted from today's data (a new version in its history)."""
    text = generated_text(evaluation_draft(region, year), key)
    return _write(region=region, year=year, key=key, text=text, expected_version=expected_version, user=user,
                  reason=_("按最新数据重新生成"))
