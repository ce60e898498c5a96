"""The key-action progress form (actions/forms.py): re-display, stored values, metric and evidence rows,
the error summary and the accessible name of every input."""
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.forms import ActionReportForm
from actions.models import ActionReport, Evidence, KeyAction, ProgressStatus
from actions.rules import ActionEntry, MetricEntry, StatusEntry
from actions.selectors import action_report_for, action_rows
from plans.governing import governing_plan_for
from regions.models import Region

from .test_action_progress import PDF, URL, complete_post, yangjiang_actions

pytestmark = pytest.mark.django_db

HUADU_URL = reverse("actions:entry", args=["440114", 2024])


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


class Page(HTMLParser):
    """The parts of the entry page these tests look at: form controls, labels, the error summary."""

    def __init__(self, html: str):
        super().__init__()
        self.controls: list[dict] = []
        self.labels: dict[str, str] = {}
        self.ids: set[str] = set()
        self.summary_links: list[tuple[str, str]] = []
        self.summary_title = ""
        self._label_for = self._link = None
        self._in_summary = self._in_title = False
        self._text = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.controls.append(attrs)
        if tag == "label":
            self._label_for, self._text = attrs.get("for"), ""
        if attrs.get("id") == "form-errors":
            self._in_summary = True
        if attrs.get("id") == "form-errors-title":
            self._in_title = True
        if self._in_summary and tag == "a":
            self._link, self._text = attrs["href"], ""

    def handle_data(self, data):
        self._text += data
        if self._in_title:
            self.summary_title += data

    def handle_endtag(self, tag):
        if tag == "label" and self._label_for:
            self.labels[self._label_for] = self._text.strip()
            self._label_for = None
        if tag == "h2":
            self._in_title = False
        if tag == "a" and self._link:
            self.summary_links.append((self._link, self._text.strip()))
            self._link = None
        if tag == "ul" and self._in_summary:
            self._in_summary = False


def rows_for(code: str, year: int = 2024):
    region = Region.objects.get(code=code)
    return action_rows(governing_plan_for(region, year), action_report_for(region, year))


def stored_version() -> str:
    return str(ActionReport.objects.get(region__code="441781", year=2024).version)


def huadu_actions():
    return list(KeyAction.objects.filter(plan__region__code="440114").order_by("seq"))


# --- what the form hands the service -------------------------------------------------------------

def test_the_form_hands_the_service_entries_of_the_same_shape(yangchun_officer):
    first, second = yangjiang_actions()[:2]
    item = first.items.first()
    data = complete_post(**{f"i{item.pk}-status": " not_applicable ", f"i{item.pk}-reason": " 辖区无此类企业 ",
                            f"a{first.pk}-metric-0-label": " 帮扶企业数 ", f"a{first.pk}-metric-0-value": "1,200.5",
                            f"a{first.pk}-metric-0-unit": "家"})
    form = ActionReportForm(rows_for("441781"), data=data, files={})

    assert form.is_valid() and form.posted_version() == 0
    entry = form.entries[first.pk]
    assert entry.own == StatusEntry("", "", f"{first.name}：按计划推进")
    assert entry.items[item.pk] == StatusEntry("not_applicable", "辖区无此类企业", "已开展")
    assert entry.metrics == [MetricEntry("帮扶企业数", Decimal("1200.5"), "家")]
    assert form.entries[second.pk] == ActionEntry(
        StatusEntry("", "", f"{second.name}：按计划推进"),
        items={i.pk: StatusEntry("in_progress", "", "已开展") for i in second.items.all()})
    assert form.uploads == {action.pk: [] for action in yangjiang_actions()}
    assert form.delete_evidence == []


def test_a_post_without_formset_management_data_reads_the_rows_the_page_shows(client, yangchun_officer):
    """The server counts the metric rows (stored + 2 blanks): a forged TOTAL_FORMS adds none."""
    client.force_login(yangchun_officer)
    first = yangjiang_actions()[0]
    data = complete_post(save="1", **{f"a{first.pk}-metric-TOTAL_FORMS": "1000",
                                      f"a{first.pk}-metric-1-label": "培训人次", f"a{first.pk}-metric-1-value": "30",
                                      f"a{first.pk}-metric-2-label": "第三行", f"a{first.pk}-metric-2-value": "1"})
    assert client.post(URL, data).status_code == 302
    progress = ActionReport.objects.get().actions.get(action=first)
    assert [m.label for m in progress.metrics.all()] == ["培训人次"]


# --- re-display and stored values ------------------------------------------------------------------

def test_redisplay_after_an_error_shows_what_was_posted(client, yangchun_officer):
    client.force_login(yangchun_officer)
    first = yangjiang_actions()[0]
    item = first.items.first()
    response = client.post(URL, complete_post(save="1", **{
        f"i{item.pk}-status": "not_applicable", f"i{item.pk}-description": "我的说明",
        f"a{first.pk}-narrative": "我写的总体进展", f"a{first.pk}-metric-1-label": "帮扶企业数",
        f"a{first.pk}-metric-1-value": "12.345"}))

    assert response.status_code == 200 and not ActionReport.objects.exists()
    html = response.content.decode()
    assert re.search(rf'<select name="i{item.pk}-status"[^>]*>.*?<option value="not_applicable" selected>', html, re.DOTALL)
    assert "我的说明</textarea>" in html and "我写的总体进展</textarea>" in html
    assert 'value="12.345"' in html and 'value="帮扶企业数"' in html
    assert "数值最多保留两位小数" in html


def test_a_fresh_page_shows_what_is_stored_with_two_blank_metric_rows(client, yangchun_officer):
    client.force_login(yangchun_officer)
    first = yangjiang_actions()[0]
    item = first.items.first()
    client.post(URL, complete_post(save="1", **{
        f"i{item.pk}-status": "done", f"a{first.pk}-metric-0-label": "帮扶企业数",
        f"a{first.pk}-metric-0-value": "12.50", f"a{first.pk}-metric-0-unit": "家"}))

    html = client.get(URL).content.decode()
    assert re.search(rf'<select name="i{item.pk}-status"[^>]*>.*?<option value="done" selected>', html, re.DOTALL)
    assert f"{first.name}：按计划推进</textarea>" in html
    assert re.search(rf'name="a{first.pk}-metric-0-value" value="12.5"', html)
    metric_rows = {int(n) for n in re.findall(rf'name="a{first.pk}-metric-(\d+)-label"', html)}
    assert metric_rows == {0, 1, 2}
    # A stored row can be ticked for deletion; the blank rows cannot.
    assert f'name="a{first.pk}-metric-0-DELETE"' in html and f'name="a{first.pk}-metric-1-DELETE"' not in html


def test_a_stored_metric_row_ticked_or_cleared_is_removed(client, yangchun_officer):
    client.force_login(yangchun_officer)
    first = yangjiang_actions()[0]
    metrics = {f"a{first.pk}-metric-0-label": "帮扶企业数", f"a{first.pk}-metric-0-value": "12",
               f"a{first.pk}-metric-1-label": "培训人次", f"a{first.pk}-metric-1-value": "300",
               f"a{first.pk}-metric-2-label": "示范企业数", f"a{first.pk}-metric-2-value": "2"}
    client.post(URL, complete_post(save="1", **metrics))
    # Row 0 ticked (and invalid: a deleted row is not checked), row 2 cleared, row 1 kept.
    data = complete_post(save="1", version=stored_version(), **{**metrics, f"a{first.pk}-metric-0-DELETE": "on",
                                                   f"a{first.pk}-metric-0-value": "abc",
                                                   f"a{first.pk}-metric-2-label": "", f"a{first.pk}-metric-2-value": ""})
    assert client.post(URL, data).status_code == 302
    progress = ActionReport.objects.get().actions.get(action=first)
    assert [(m.label, m.value) for m in progress.metrics.all()] == [("培训人次", 300)]


# --- evidence ----------------------------------------------------------------------------------------

def test_ticked_evidence_is_deleted_and_unknown_ids_are_ignored(client, yangchun_officer, huadu_officer):
    client.force_login(huadu_officer)
    foreign_action = huadu_actions()[0]
    data = {"version": "0", "save": "1", f"a{foreign_action.pk}-evidence": [SimpleUploadedFile("花都.pdf", PDF)]}
    assert client.post(HUADU_URL, data).status_code == 302
    foreign = Evidence.objects.get()

    client.force_login(yangchun_officer)
    first = yangjiang_actions()[0]
    data = complete_post(save="1")
    data[f"a{first.pk}-evidence"] = [SimpleUploadedFile("总结.pdf", PDF)]
    client.post(URL, data)
    own = Evidence.objects.exclude(pk=foreign.pk).get()
    page = client.get(URL).content.decode()
    assert f'name="a{first.pk}-delete_evidence" value="{own.pk}"' in page

    forged = complete_post(save="1", version=stored_version(), **{f"a{first.pk}-delete_evidence": [str(foreign.pk), "x"]})
    assert client.post(URL, forged).status_code == 302
    assert Evidence.objects.count() == 2

    ticked = complete_post(save="1", version=stored_version(), **{f"a{first.pk}-delete_evidence": [str(own.pk)]})
    assert client.post(URL, ticked).status_code == 302
    assert list(Evidence.objects.all()) == [foreign]


def test_more_than_ten_files_for_one_action_are_refused(client, yangchun_officer):
    client.force_login(yangchun_officer)
    first = yangjiang_actions()[0]
    data = complete_post(save="1")
    data[f"a{first.pk}-evidence"] = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(11)]
    response = client.post(URL, data)
    assert response.status_code == 200 and "每次每项行动最多上传 10 个文件" in response.content.decode()
    assert not Evidence.objects.exists()


# --- an action without content items reports its own status ------------------------------------------

def test_an_action_without_items_has_its_own_status_and_the_same_rules(client, huadu_officer):
    client.force_login(huadu_officer)
    actions = huadu_actions()
    assert actions and not any(action.items.exists() for action in actions)
    statuses = {f"a{action.pk}-status": ProgressStatus.IN_PROGRESS for action in actions}

    missing = client.post(HUADU_URL, {"version": "0", "submit": "1", **statuses, f"a{actions[0].pk}-status": ""})
    assert "提交前请选择状态" in missing.content.decode() and not ActionReport.objects.exists()
    no_reason = client.post(HUADU_URL, {"version": "0", "save": "1", f"a{actions[0].pk}-status": "not_applicable"})
    page = Page(no_reason.content.decode())
    assert [href for href, _text in page.summary_links] == [f"#id_a{actions[0].pk}-reason"]

    data = {"version": "0", "submit": "1", **statuses, f"a{actions[0].pk}-status": "not_applicable",
            f"a{actions[0].pk}-reason": "辖区无此类企业"}
    assert client.post(HUADU_URL, data).status_code == 302
    progress = ActionReport.objects.get().actions.get(action=actions[0])
    assert (progress.status, progress.reason) == ("not_applicable", "辖区无此类企业")


# --- the error summary and accessible names -----------------------------------------------------------

def test_the_error_summary_counts_and_links_every_error(client, yangchun_officer):
    client.force_login(yangchun_officer)
    first, second = yangjiang_actions()[:2]
    item, other = first.items.first(), second.items.first()
    data = complete_post(submit="1", **{f"i{item.pk}-status": "not_applicable", f"i{other.pk}-status": "",
                                        f"a{first.pk}-metric-0-value": "-1"})
    data[f"a{second.pk}-evidence"] = [SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00")]
    page = Page(client.post(URL, data).content.decode())

    assert "有 4 处需要修改" in page.summary_title
    assert [href for href, _text in page.summary_links] == [
        f"#id_i{item.pk}-reason", f"#id_a{first.pk}-metric-0-label", f"#id_i{other.pk}-status", f"#id_a{second.pk}-evidence"]
    for href, text in page.summary_links:
        assert href[1:] in page.ids
    texts = [text for _href, text in page.summary_links]
    assert texts[0].startswith(f"{first.label} {first.name} · 行动内容第 {item.seq} 条 · 不适用的原因：")
    assert texts[0].endswith("选择“不适用”时必须说明原因")
    assert "行动数据第 1 行 · 名称：请填写数据名称" in texts[1]
    assert texts[2].endswith("状态：提交前请选择状态") and second.name in texts[2]
    assert "病毒.pdf：" in texts[3] and "内容不是这些类型" in texts[3]


def test_a_missing_version_is_listed_in_the_summary(client, yangchun_officer):
    client.force_login(yangchun_officer)
    data = complete_post(save="1")
    del data["version"]
    response = client.post(URL, data)
    assert response.status_code == 200 and not ActionReport.objects.exists()
    html = response.content.decode()
    assert 'id="form-errors"' in html and "页面已过期，请刷新后重试" in html


def test_a_fresh_page_has_no_error_summary_but_loads_its_script(client, yangchun_officer):
    client.force_login(yangchun_officer)
    html = client.get(URL).content.decode()
    assert 'id="form-errors"' not in html
    assert '<script src="/static/js/error_summary.js"></script>' in html


@pytest.mark.parametrize("url, actions", [(URL, yangjiang_actions), (HUADU_URL, huadu_actions)], ids=["items", "own-status"])
def test_every_input_has_a_label_naming_its_action(client, yangchun_officer, huadu_officer, url, actions):
    officer = yangchun_officer if url == URL else huadu_officer
    client.force_login(officer)
    first = actions()[0]
    data = {"version": "0", "save": "1", f"a{first.pk}-metric-0-label": "帮扶企业数", f"a{first.pk}-metric-0-value": "1",
            f"a{first.pk}-evidence": [SimpleUploadedFile("总结.pdf", PDF)]}
    assert client.post(url, data).status_code == 302  # a stored metric row and a stored file: all kinds of input

    page = Page(client.get(url).content.decode())
    controls = [c for c in page.controls if c.get("name") not in (None, "language")]
    names = {c["name"].rsplit("-", 1)[-1] for c in controls}
    assert {"narrative", "label", "value", "unit", "DELETE", "evidence", "delete_evidence"} <= names
    by_action = {action.pk: f"{action.label} {action.name}" for action in actions()}
    for control in controls:
        name = page.labels.get(control.get("id")) or control.get("aria-label")
        assert name, f"{control['name']} has no accessible name"
        assert any(name.startswith(action) for action in by_action.values()), (control["name"], name)
