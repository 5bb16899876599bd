"""Quotes listed and searched (the search page's filters, cursor pages that hold still while articles
arrive), confirmed and rejected by editors; speakers listed and read."""

import pytest

from attribution import services
from attribution.models import AuditEvent, Quote

from ..review_story import _q
from ..search_archive import _article, _quote, _speaker


def _all_pages(api, key, cursor="", **query):
    seen = []
    while True:
        body = api("get", "/quotes", key, cursor=cursor, **query).json()
        seen += [q["id"] for q in body["items"]]
        if not body["next_cursor"]:
            return seen
        cursor = body["next_cursor"]


def test_quotes_are_searched_with_the_search_pages_filters(api, keys, archive):
    def found(**query):
        body = api("get", "/quotes", keys["researcher"], **query).json()
        return {q["id"] for q in body["items"]}

    macron, royal, leak = archive["macron"].id, archive["royal"].id, archive["leak"].id
    assert found() == {macron, royal, leak}
    assert found(q="troops -taxes") == {macron, leak}
    assert found(q="troops NOT taxes") == {macron, leak}
    assert found(speaker="macron") == {macron}
    assert found(speaker="Segolene Royale") == {royal}  # accents and a typo forgiven
    assert found(anonymous="true") == {leak}
    assert found(anonymous="false") == {macron, royal}
    assert found(kind="partial") == {leak}
    assert found(publication=archive["royal"].article.publication_id) == {royal}
    assert found(date_from="2026-01-20") == {royal, leak}


def test_a_quote_comes_with_its_speaker_and_version(api, keys, archive):
    Quote.objects.filter(id=archive["macron"].id).update(speaker_role="French President")
    body = api("get", f"/quotes/{archive['macron'].id}", keys["researcher"]).json()
    assert body["speaker_role"] == "French President"
    assert body["speaker"] == {
        "id": archive["speakers"]["macron"].id,
        "name": "Emmanuel Macron",
        "kind": "person",
        "anonymous": False,
    }
    assert (body["version"], body["review_state"], body["article"]) == (
        1,
        "unreviewed",
        archive["macron"].article_id,
    )


def test_pages_hold_still_while_articles_arrive(api, keys, archive):
    macron = archive["speakers"]["macron"]
    for n in range(7):
        _quote(_article(f"Story {n}", f"«Line {n},» Macron said.", n + 1), f"«Line {n},»", macron)
    everything = _all_pages(api, keys["researcher"], limit=1)
    first = api("get", "/quotes", keys["researcher"], limit=4).json()
    # new quotes arrive between two pages: the next page is where the first one left off
    for n in range(3):
        _quote(_article(f"Late {n}", f"«Late {n},» Macron said.", 9), f"«Late {n},»", macron)
    rest = _all_pages(api, keys["researcher"], limit=4, cursor=first["next_cursor"])
    paged = [q["id"] for q in first["items"]] + rest
    assert paged == everything
    assert len(paged) == len(set(paged)) == 10
    assert paged == sorted(paged, reverse=True)  # newest stored first


@pytest.mark.parametrize(
    "query, field",
    [
        ({"kind": "shouted"}, "kind"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"review_state": "maybe"}, "review_state"),
        ({"limit": "500"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"publication": "Le Monde"}, "publication"),
        ({"anonymous": "perhaps"}, "anonymous"),
    ],
)
def test_bad_filters_are_422_naming_the_field(api, keys, archive, query, field):
    response = api("get", "/quotes", keys["researcher"], **query)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


@pytest.mark.parametrize("cursor", ["garbage!", "W3RydWVd", "eyJhIjogMX0", "WyJ4Il0"])
def test_a_cursor_the_api_did_not_give_is_422(api, keys, archive, cursor):
    response = api("get", "/quotes", keys["researcher"], cursor=cursor)
    assert response.status_code == 422
    assert "cursor" in response.json()["detail"]


def test_an_editor_confirms_and_rejects_quotes_audited_as_themselves(api, keys, article, editor):
    quote = _q(article, "«We are ready,»")
    confirmed = api("post", f"/quotes/{quote.id}/confirm", keys["editor"], {"version": 1})
    assert confirmed.status_code == 200
    assert (confirmed.json()["review_state"], confirmed.json()["version"]) == ("confirmed", 2)
    rejected = api("post", f"/quotes/{quote.id}/reject", keys["editor"])  # no body: whatever its version
    assert rejected.json()["review_state"] == "rejected"
    events = AuditEvent.objects.filter(quote=quote).order_by("id")
    assert [(e.action, e.user) for e in events] == [
        (AuditEvent.Action.QUOTE_CONFIRMED, editor),
        (AuditEvent.Action.QUOTE_REJECTED, editor),
    ]


def test_a_decision_on_a_quote_changed_meanwhile_is_409(api, keys, article, editor):
    quote = _q(article, "«We are ready,»")
    services.quote_confirm(quote_id=quote.id, version=1, user=editor)  # someone on the desk, meanwhile
    response = api("post", f"/quotes/{quote.id}/reject", keys["editor"], {"version": 1})
    assert response.status_code == 409
    assert "version 2" in response.json()["detail"]
    assert Quote.objects.get(id=quote.id).review_state == Quote.ReviewState.CONFIRMED


def test_speakers_are_listed_by_name_in_pages_and_found_by_name(api, keys, archive):
    for n in range(5):
        speaker = _speaker(f"Zed Speaker {n}")
        _quote(_article(f"Z {n}", f"«Z {n},» he said.", n + 1), f"«Z {n},»", speaker)
    names, cursor = [], ""
    while True:
        body = api("get", "/speakers", keys["researcher"], limit=2, cursor=cursor).json()
        names += [s["name"] for s in body["items"]]
        if not body["next_cursor"]:
            break
        cursor = body["next_cursor"]
    assert names == ["Emmanuel Macron", "Ségolène Royal"] + [f"Zed Speaker {n}" for n in range(5)]
    found = api("get", "/speakers", keys["researcher"], q="segolene").json()
    assert [s["name"] for s in found["items"]] == ["Ségolène Royal"]
    assert found["next_cursor"] is None


def test_a_speaker_is_read_with_counts_and_a_merged_one_says_where_it_went(api, keys, archive, editor):
    macron, royal = archive["speakers"]["macron"], archive["speakers"]["royal"]
    body = api("get", f"/speakers/{macron.id}", keys["researcher"]).json()
    assert (body["quote_count"], body["article_count"], body["merged_into"]) == (1, 1, None)
    services.speaker_merge(source_id=royal.id, target_id=macron.id, user=editor)
    assert api("get", f"/speakers/{royal.id}", keys["researcher"]).json()["merged_into"] == macron.id
    assert api("get", f"/speakers/{macron.id}", keys["researcher"]).json()["quote_count"] == 2
