"""The English locale: pages switch language, and the committed catalogue is complete and compiled.

The source strings are Simplified Chinese; English comes from locale/en/LC_MESSAGES/django.po, compiled
to django.mo and committed (CI has no GNU gettext). See locale/README.md for how to update them.
"""
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

pytestmark = pytest.mark.django_db

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"

# Navigation of base.html: (Chinese source, English translation).
NAVIGATION = [("行政区划", "Regions"), ("规划", "Plans"), ("指标目录", "Indicator catalogue")]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|%[sd]")


@pytest.fixture(autouse=True)
def restore_language():
    """LocaleMiddleware leaves the request's language active on this thread; do not leak English."""
    before = translation.get_language()
    yield
    translation.activate(before or settings.LANGUAGE_CODE)


def nav(html: str) -> str:
    return html.split('id="main-nav"', 1)[1].split("</ul>", 1)[0]


def test_accept_language_en_shows_english_navigation(client):
    response = client.get("/plans/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    menu = nav(html)
    for chinese, english in NAVIGATION:
        assert f">{english}</a>" in menu
        assert f">{chinese}</a>" not in menu
    assert "Log in" in html
    assert "<title>Plans · Occupational Disease Prevention Plan Monitoring Portal</title>" in html
    # The plan table headers are English too; plan titles and region names stay as printed.
    assert "Issuing authority" in html and "印发机关" not in html


def test_accept_language_zh_hans_shows_chinese_navigation(client):
    response = client.get("/plans/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    menu = nav(html)
    for chinese, english in NAVIGATION:
        assert f">{chinese}</a>" in menu
        assert f">{english}</a>" not in menu
    assert "印发机关" in html


def test_chinese_is_the_default_without_a_preference(client):
    html = client.get("/plans/").content.decode()
    assert '<html lang="zh-hans">' in html and ">规划</a>" in nav(html)


def test_language_switcher_switches_to_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/plans/"})
    assert response.status_code == 302 and response["Location"] == "/plans/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/plans/").content.decode()
    assert '<html lang="en">' in html and ">Plans</a>" in nav(html)
    # The switcher offers both languages, with English selected.
    # Each language is named in itself (lang marks 简体中文 as Chinese for screen readers).
    assert '<option value="en" selected lang="en">English</option>' in html

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/plans/"})
    html = client.get("/plans/").content.decode()
    assert '<html lang="zh-hans">' in html and ">规划</a>" in nav(html)


# --- the catalogue ---------------------------------------------------------------------------

def _unquote(text: str) -> str:
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def po_entries() -> list[dict]:
    """The entries of django.po: flags and every msgid/msgid_plural/msgstr[n] field, unescaped."""
    entries = []
    for block in PO_FILE.read_text(encoding="utf-8").split("\n\n"):
        entry, key = {"flags": set()}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                entry[key] += _unquote(line.strip()[1:-1])
            else:
                key, _space, value = line.partition(" ")
                entry[key] = _unquote(value.strip()[1:-1])
        if "msgid" in entry:
            entries.append(entry)
    return entries


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_po_has_every_message_translated():
    entries = po_entries()
    assert entries[0]["msgid"] == "", "the header comes first"
    messages = entries[1:]
    assert len(messages) > 500
    untranslated = [e["msgid"] for e in messages if any(not text.strip() for text in translations(e))]
    assert not untranslated, f"empty msgstr for: {untranslated}"
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy (unchecked) entries: {fuzzy}"
    assert not [e for e in entries if e.get("obsolete")], "run makemessages with --no-obsolete"


def test_translations_keep_their_placeholders():
    for entry in po_entries()[1:]:
        if "msgid_plural" in entry:
            expected = sorted(PLACEHOLDER.findall(entry["msgid_plural"]))
        elif "python-format" in entry["flags"]:
            expected = sorted(PLACEHOLDER.findall(entry["msgid"]))
        else:
            expected = sorted(re.findall(r"%\(\w+\)[sd]", entry["msgid"]))
            assert sorted(re.findall(r"%\(\w+\)[sd]", entry["msgstr"])) == expected, entry["msgid"]
            continue
        for text in translations(entry):
            assert sorted(PLACEHOLDER.findall(text)) == expected, (entry["msgid"], text)


def test_committed_mo_matches_the_po():
    """django.mo is what Django reads; it must be recompiled (and committed) whenever django.po changes."""
    with MO_FILE.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    for entry in po_entries()[1:]:
        if "msgid_plural" in entry:
            assert catalog.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr[0]"], entry["msgid"]
            assert catalog.ngettext(entry["msgid"], entry["msgid_plural"], 2) == entry["msgstr[1]"], entry["msgid"]
        else:
            assert catalog.gettext(entry["msgid"]) == entry["msgstr"], (
                f"django.mo is stale for {entry['msgid']!r}: run manage.py compilemessages --locale en --ignore=.venv")
