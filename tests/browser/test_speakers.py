"""Speakers in Debian's Chromium: the directory, the queue of likely duplicates and a merge asked first."""

import re

import pytest

from attribution.models import AuditEvent, Speaker

from ..search_archive import _article, _quote, _speaker
from ..support import ARTIFACTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _quoted(name, times=1, kind="person"):
    speaker = _speaker(name, kind=kind)
    for n in range(times):
        words = f"«We will see about that, number {n},»"
        _quote(_article(f"{name} {n}", f"{words} said {name}.", 1 + n), words, speaker)
    return speaker


def test_an_editor_merges_a_likely_duplicate_from_the_queue(live_server, editor, page, archive):
    ARTIFACTS.mkdir(exist_ok=True)
    priya, raman = _quoted("Priya Raman", 3), _quoted("Raman", 2)
    _quoted("Dr. Priya Raman"), _quoted("Arjun Raman"), _quoted("Acme Inc.", 2, kind="organization")
    _quoted("Acme", kind="organization")
    _speaker("Nobody Quoted")  # left out of the directory
    log_in(page, live_server, "edna")
    page.get_by_role("link", name="Speakers", exact=True).click()
    page.get_by_role("heading", name="Speakers").wait_for()
    assert page.get_by_role("link", name="Nobody Quoted").count() == 0
    page.screenshot(path=str(ARTIFACTS / "speaker-directory.png"), full_page=True)

    page.get_by_role("link", name="Likely duplicates").click()
    page.get_by_role("heading", name="Likely duplicates").wait_for()
    rows = page.locator("table.duplicates tbody tr")
    assert rows.first.locator("td").nth(0).inner_text() == "Raman"
    assert rows.first.locator("td").nth(2).inner_text() == "Priya Raman"
    page.screenshot(path=str(ARTIFACTS / "speaker-duplicates.png"), full_page=True)

    page.get_by_role("link", name="Merge Raman into Priya Raman").click()
    page.get_by_role("heading", name="Merge Raman (2 quotes) into Priya Raman?").wait_for()
    assert Speaker.objects.get(id=raman.id).merged_into is None  # asking changes nothing
    page.screenshot(path=str(ARTIFACTS / "speaker-merge-confirm.png"), full_page=True)
    page.get_by_role("button", name="Merge Raman into Priya Raman").click()
    page.get_by_role("status").filter(has_text="Raman merged into Priya Raman: 2 quotes moved.").wait_for()
    assert page.get_by_role("heading", name="Likely duplicates").is_visible()  # back in the queue
    assert page.get_by_role("link", name=re.compile("^Merge Raman into")).count() == 0
    assert Speaker.objects.get(id=raman.id).merged_into_id == priya.id
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SPEAKER_MERGED, speaker=raman).exists()
    # her page names the one left, and its merge asks first too
    page.get_by_role("link", name="Priya Raman", exact=True).first.click()
    page.get_by_role("heading", name="Likely duplicates").wait_for()
    assert page.locator("ul.duplicates li").count() == 1
    page.screenshot(path=str(ARTIFACTS / "speaker-page.png"), full_page=True)
    page.get_by_role("link", name="Merge Dr. Priya Raman here").click()
    page.get_by_role("heading", name="Merge Dr. Priya Raman (1 quote) into Priya Raman?").wait_for()
