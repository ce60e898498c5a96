"""The reporting-window rule, defined once: which window applies, what state it is in on a day, whether
entry is allowed, and how late a report is. Pure functions over dates (unit-tested without the database);
``seasons.selectors`` feeds them, and entry, pages, completeness and reminders call them."""
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class WindowState(models.TextChoices):
    BEFORE = "before", gettext_lazy("未开始")
    OPEN = "open", gettext_lazy("填报中")
    LATE = "late", gettext_lazy("逾期补报")
    CLOSED = "closed", gettext_lazy("已关闭")
    REOPENED = "reopened", gettext_lazy("已重新开放")


ENTRY_STATES = frozenset({WindowState.OPEN, WindowState.LATE, WindowState.REOPENED})


@dataclass(frozen=True)
class Window:
    opens_on: date
    due_on: date
    closes_on: date
    reopened_until: date | None = None
    remind_days_before: int = 3
    remind_day_after: bool = True


def strictest(windows: list[Window]) -> Window | None:
    """A city may only make its province's window stricter: the latest opening, the earliest due date and
    the earliest closing of the windows on a region's path apply (the reminder settings of the nearest,
    i.e. the last one given)."""
    if not windows:
        return None
    nearest = windows[-1]
    return Window(max(w.opens_on for w in windows), min(w.due_on for w in windows), min(w.closes_on for w in windows),
                  remind_days_before=nearest.remind_days_before, remind_day_after=nearest.remind_day_after)


def window_state(window: Window, today: date) -> WindowState:
    if window.reopened_until is not None and today <= window.reopened_until:
        return WindowState.REOPENED
    if today < window.opens_on:
        return WindowState.BEFORE
    if today <= window.due_on:
        return WindowState.OPEN
    if today <= window.closes_on:
        return WindowState.LATE
    return WindowState.CLOSED


def entry_refusal(window: Window | None, today: date, year: int) -> str | None:
    """Why entry is refused today (a message for the officer), or None when it is allowed. Without a
    window nothing has been set for the year, and entry is allowed as before seasons existed."""
    if window is None:
        return None
    state = window_state(window, today)
    if state == WindowState.BEFORE:
        return _("%(year)s 年度填报尚未开始：%(date)s 开始填报。") % {"year": year, "date": window.opens_on.isoformat()}
    if state == WindowState.CLOSED:
        return _("%(year)s 年度填报已于 %(due)s 截止，补报也已于 %(closed)s 关闭，不能再填报或提交。"
                 "如确需补报，请联系管理员为本地区重新开放。") % {
            "year": year, "due": window.due_on.isoformat(), "closed": window.closes_on.isoformat()}
    return None


class Lateness(models.TextChoices):
    NOT_DUE = "not_due", gettext_lazy("未到截止日")
    ON_TIME = "on_time", gettext_lazy("按时提交")
    LATE_SUBMITTED = "late_submitted", gettext_lazy("逾期提交")
    OVERDUE = "overdue", gettext_lazy("逾期未报")


@dataclass(frozen=True)
class Timeliness:
    """How a report stands against its due date: ``days`` late (or, not yet due, days left)."""

    lateness: Lateness
    days: int
    due_on: date

    @property
    def label(self) -> str:
        return str(self.lateness.label)

    @property
    def text(self) -> str:
        if self.lateness == Lateness.NOT_DUE:
            return _("%(due)s 截止，还剩 %(days)s 天") % {"due": self.due_on.isoformat(), "days": self.days}
        if self.lateness == Lateness.ON_TIME:
            return _("按时提交（%(due)s 截止）") % {"due": self.due_on.isoformat()}
        return _("%(label)s %(days)s 天（%(due)s 截止）") % {"label": self.label, "days": self.days,
                                                          "due": self.due_on.isoformat()}


def timeliness(window: Window | None, submitted_on: date | None, today: date) -> Timeliness | None:
    """On time, submitted late, overdue (not submitted after the due date), or not yet due; None without
    a window. ``submitted_on`` is the day of the report's latest submission (None when not submitted)."""
    if window is None:
        return None
    due = window.due_on
    if submitted_on is not None:
        if submitted_on > due:
            return Timeliness(Lateness.LATE_SUBMITTED, (submitted_on - due).days, due)
        return Timeliness(Lateness.ON_TIME, 0, due)
    if today > due:
        return Timeliness(Lateness.OVERDUE, (today - due).days, due)
    return Timeliness(Lateness.NOT_DUE, (due - today).days, due)


def automatic_reminder_due(window: Window, today: date) -> str | None:
    """Which automatic reminder (``ReminderKind`` value) is due today, if any: N days before the due date
    (from then until the due date, so a missed cron run still sends it), and on the day after it (from
    then until entry closes). ``send_reminders`` sends each at most once per region."""
    if window.remind_days_before and window.opens_on <= today <= window.due_on and \
            (window.due_on - today).days <= window.remind_days_before:
        return "before_due"
    if window.remind_day_after and window.due_on < today <= window.closes_on:
        return "after_due"
    return None


def window_setting_errors(opens_on: date, due_on: date, closes_on: date, above: Window | None) -> dict[str, str]:
    """What is wrong with a window a region sets (field → message; empty when it may be saved): the dates
    in order, and — where a window is set above (a city under its province) — only ever stricter than
    it: opening no earlier, due and closing no later. ``above`` is the window that applies to the setting
    region itself (the strictest on the path above it)."""
    errors: dict[str, str] = {}
    if opens_on > due_on:
        errors["due_on"] = _("填报截止日不能早于开始填报日（%(opens)s）。") % {"opens": opens_on.isoformat()}
    if due_on > closes_on:
        errors["closes_on"] = _("补报截止日不能早于填报截止日（%(due)s）。") % {"due": due_on.isoformat()}
    if above is None:
        return errors
    if opens_on < above.opens_on:
        errors["opens_on"] = _("开始填报日不能早于上级规定的 %(date)s：下级只能设置更严格的期限。") % {
            "date": above.opens_on.isoformat()}
    if due_on > above.due_on:
        errors.setdefault("due_on", _("填报截止日不能晚于上级规定的 %(date)s：下级只能设置更严格的期限。") % {
            "date": above.due_on.isoformat()})
    if closes_on > above.closes_on:
        errors.setdefault("closes_on", _("补报截止日不能晚于上级规定的 %(date)s：下级只能设置更严格的期限。") % {
            "date": above.closes_on.isoformat()})
    return errors


def reopening_errors(until: date, today: date) -> dict[str, str]:
    """A reopening that ended before today would reopen nothing."""
    if until < today:
        return {"until": _("重新开放的截止日不能早于今天（%(today)s）。") % {"today": today.isoformat()}}
    return {}
