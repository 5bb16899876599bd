"""The speaker directory, the queue of likely duplicates, a speaker's likely duplicates on its page, and the
question a merge asks first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attribution.models import AuditEvent, Quote, Speaker
from attribution.services import review, speakers
from attribution.views import speakers as speaker_views

from ..search_archive import _article, _quote, _speaker


def _quoted(name, times=1, kind="person"):
    """A named speaker quoted ``times`` times, each in an article of its own."""
    speaker = _speaker(name, kind=kind)
    for n in range(times):
        words = f"«{name} spoke {n},»"
        _quote(_article(f"{name} {kind} {n}", f"{words} it was said.", 1 + n % 28), words, speaker)
    return speaker


def _listed(client, **params) -> list[str]:
    response = client.get(reverse("speaker_directory"), params)
    assert response.status_code == 200
    return [speaker.name for speaker in response.context["page"]]


def _pairs(client) -> list[tuple]:
    response = client.get(reverse("speaker_duplicates"))
    assert response.status_code == 200
    return [
        (p.source.name, p.source.quote_count, p.target.name, p.target.quote_count, p.same_but_for_titles)
        for p in response.context["pairs"]
    ]


@pytest.fixture
def ramans(db):
    """Priya Raman (3 quotes), written also as Raman (2) and Dr. Priya Raman (1); Arjun Raman (1), who shares
    her surname; and two organisations, Acme Inc. (2) and Acme (1)."""
    return {
        "priya": _quoted("Priya Raman", 3),
        "raman": _quoted("Raman", 2),
        "dr": _quoted("Dr. Priya Raman", 1),
        "arjun": _quoted("Arjun Raman", 1),
        "acme inc": _quoted("Acme Inc.", 2, kind="organization"),
        "acme": _quoted("Acme", 1, kind="organization"),
    }


def test_the_directory_leaves_out_speakers_without_quotes(client, editor, archive):
    client.force_login(editor)
    rejected = _quoted("Priya Raman")
    quote = rejected.quotes.get()
    review.quote_reject(quote_id=quote.id, version=quote.version, user=editor)
    _speaker("Nobody Quoted")
    royal = archive["speakers"]["royal"]
    speakers.speaker_merge(source_id=royal.id, target_id=archive["speakers"]["macron"].id, user=editor)
    assert _listed(client) == ["Emmanuel Macron"]
    assert _listed(client, q="raman") == [] and _listed(client, q="nobody") == []
    assert (
        "No quoted speaker matches “raman”" in client.get(reverse("speaker_directory"), {"q": "raman"}).text
    )
    # their pages still open, and say why the directory leaves them out
    page = client.get(reverse("speaker_detail", args=[rejected.id]))
    assert page.status_code == 200
    assert "No quotes (rejected ones aside), so the directory leaves Priya Raman out." in page.text
    review.quote_restore(quote_id=quote.id, version=quote.version + 1, user=editor)
    assert _listed(client) == ["Emmanuel Macron", "Priya Raman"]
    assert "the directory leaves" not in client.get(reverse("speaker_detail", args=[rejected.id])).text


def test_the_directory_links_the_duplicates_queue_for_those_who_merge(client, editor, researcher, archive):
    client.force_login(researcher)
    assert reverse("speaker_duplicates") not in client.get(reverse("speaker_directory")).text
    assert client.get(reverse("speaker_duplicates")).status_code == 403
    client.force_login(editor)
    assert reverse("speaker_duplicates") in client.get(reverse("speaker_directory")).text


@pytest.mark.parametrize(
    ("name", "kind", "name_key", "surname_key"),
    [
        ("Dr. Priya Raman", "person", "priya raman", "raman"),
        ("Prime Minister Narendra Modi", "person", "narendra modi", "modi"),
        ("Martin Luther King Jr.", "person", "martin luther king", "king"),
        ("Mr. Raman", "person", "raman", "raman"),
        ("Mr.", "person", "mr", "mr"),  # a title alone stays a name
        ("The Guardian", "organization", "guardian", "guardian"),
        ("Acme Inc.", "organization", "acme", "acme"),
        ("Dr. Acme", "organization", "dr acme", "acme"),  # people's titles are people's
    ],
)
def test_names_are_compared_without_titles_and_suffixes(db, name, kind, name_key, surname_key):
    speaker = _speaker(name, kind=kind)
    assert Speaker.objects.filter(id=speaker.id).values_list("name_key", "surname_key").get() == (
        name_key,
        surname_key,
    )


def test_the_queue_pairs_a_surname_alone_and_names_but_for_titles_most_quoted_first(client, editor, ramans):
    _quoted("Ramanujan")  # another name, not a longer surname
    _quoted("Raman", kind="organization")  # another kind
    alias = _quoted("P. Raman")
    speakers.speaker_merge(source_id=alias.id, target_id=ramans["priya"].id, user=editor)  # an alias is done
    client.force_login(editor)
    pairs = _pairs(client)
    assert pairs[0] == ("Raman", 2, "Priya Raman", 4, False)  # 4: the alias's quote moved there
    assert set(pairs) == {
        ("Raman", 2, "Priya Raman", 4, False),
        ("Dr. Priya Raman", 1, "Priya Raman", 4, True),  # the same words: into the one with more quotes
        ("Raman", 2, "Dr. Priya Raman", 1, False),
        ("Raman", 2, "Arjun Raman", 1, False),
        ("Acme", 1, "Acme Inc.", 2, True),
    }
    totals = [source + target for _, source, _, target, _ in pairs]
    assert totals == sorted(totals, reverse=True)


def test_the_queue_shows_the_most_quoted_pairs_only(client, editor, ramans, monkeypatch):
    monkeypatch.setattr(speaker_views, "DUPLICATE_PAIRS", 1)
    client.force_login(editor)
    assert _pairs(client) == [("Raman", 2, "Priya Raman", 3, False)]


def test_a_surname_many_people_share_is_no_likely_duplicate(client, editor, db):
    smith = _quoted("Smith", 5)
    for first in ["Anna", "Boris", "Carla", "David", "Elena", "Farid"]:
        _quoted(f"{first} Smith")
    _quoted("Mr. Smith")
    client.force_login(editor)
    assert _pairs(client) == [("Mr. Smith", 1, "Smith", 5, True)]
    page = client.get(reverse("speaker_detail", args=[smith.id]))
    assert [s.name for s in page.context["duplicates"]] == ["Mr. Smith"]
    anna = Speaker.objects.get(name="Anna Smith")
    assert client.get(reverse("speaker_detail", args=[anna.id])).context["duplicates"] == []


def test_the_queue_costs_the_same_queries_for_one_pair_or_many(client, editor, django_assert_num_queries):
    client.force_login(editor)
    _quoted("Raman"), _quoted("Priya Raman")
    with CaptureQueriesContext(connection) as few:
        assert len(_pairs(client)) == 1
    for n in range(10):
        _quoted(f"Surname{n}"), _quoted(f"Anna Surname{n}", 2), _quoted(f"Dr. Anna Surname{n}")
    with django_assert_num_queries(len(few)):
        assert len(_pairs(client)) == 31


def test_each_pair_offers_both_merges_and_each_asks_first(client, editor, ramans):
    client.force_login(editor)
    html = client.get(reverse("speaker_duplicates")).text
    raman, priya = ramans["raman"], ramans["priya"]
    confirm = reverse("speaker_merge_confirm", args=[raman.id])
    assert f'href="{confirm}?target={priya.id}&amp;back=duplicates">Merge Raman into Priya Raman</a>' in html
    back = reverse("speaker_merge_confirm", args=[priya.id])
    assert f'href="{back}?target={raman.id}&amp;back=duplicates">or Priya Raman into Raman</a>' in html
    assert "<form" not in html.split("<main")[1]  # links only: nothing is merged from this page


def test_the_confirmation_asks_with_both_counts_and_changes_nothing(client, editor, ramans):
    raman, priya = ramans["raman"], ramans["priya"]
    client.force_login(editor)
    url = reverse("speaker_merge_confirm", args=[raman.id])
    response = client.get(url, {"target": priya.id, "back": "duplicates"})
    assert response.status_code == 200
    html = response.text
    assert "<h1>Merge Raman (2 quotes) into Priya Raman?</h1>" in html
    assert "who has 3 quotes in 3 articles" in html and "Split back out" in html
    assert "«Raman spoke 1,»" in html and "«Priya Raman spoke 2,»" in html  # the newest of each
    assert f'<form method="post" action="{reverse("speaker_merge", args=[raman.id])}"' in html
    assert f'<input type="hidden" name="target" value="{priya.id}"' in html
    assert '<input type="hidden" name="back" value="duplicates"' in html
    assert raman.quotes.count() == 2 and not AuditEvent.objects.exists()
    # the button's POST merges, records it, and goes back to the queue, where the pair is gone
    response = client.post(
        reverse("speaker_merge", args=[raman.id]), {"target": priya.id, "back": "duplicates"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("speaker_duplicates")
    page = client.get(response["Location"])
    assert "Raman merged into Priya Raman: 2 quotes moved. It is kept as an alias." in page.text
    assert ("Raman", 2, "Priya Raman", 3, False) not in _pairs(client)
    assert Quote.objects.filter(speaker=priya).count() == 5
    event = AuditEvent.objects.get(action=AuditEvent.Action.SPEAKER_MERGED)
    assert (event.user, event.speaker, event.changes) == (
        editor,
        raman,
        {"speaker": ["Raman", "Priya Raman"], "quotes": [2, 0]},
    )


def test_the_confirmation_names_the_aliases_that_go_with_the_speaker(client, editor, ramans):
    raman, priya = ramans["raman"], ramans["priya"]
    speakers.speaker_merge(source_id=_quoted("R. Raman").id, target_id=raman.id, user=editor)
    client.force_login(editor)
    html = client.get(reverse("speaker_merge_confirm", args=[raman.id]), {"target": priya.id}).text
    assert "The names merged into Raman before (R. Raman) go to Priya Raman with it." in html
    assert f'href="{reverse("speaker_detail", args=[raman.id])}">← Back</a>' in html  # from its page


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("raman", "raman", "A speaker cannot be merged into itself."),
        ("raman", None, "Choose a named speaker to merge into."),
        ("raman", "alias", "Choose a named speaker to merge into."),
        ("alias", "raman", "One of these speakers is already an alias of another."),
        ("local", "raman", "Only named speakers (people, organisations) are merged across stories."),
    ],
)
def test_the_confirmation_refuses_a_merge_that_cannot_be_done(
    client, editor, ramans, source, target, message
):
    alias = _quoted("R. Raman")
    speakers.speaker_merge(source_id=alias.id, target_id=ramans["priya"].id, user=editor)
    local = _speaker("an aide", kind="anonymous", article=_article("Local", "Text.", 2))
    ids = {"raman": ramans["raman"].id, "alias": alias.id, "local": local.id, None: ""}
    client.force_login(editor)
    response = client.get(reverse("speaker_merge_confirm", args=[ids[source]]), {"target": ids[target]})
    assert response.status_code == 400
    assert f'<p class="problem" role="alert">{message}</p>' in response.text


def test_a_confirmation_for_a_missing_speaker_is_404(client, editor, ramans):
    client.force_login(editor)
    response = client.get(reverse("speaker_merge_confirm", args=[987654321]), {"target": ramans["priya"].id})
    assert response.status_code == 404


def test_researchers_cannot_open_the_queue_or_a_confirmation(client, researcher, ramans):
    client.force_login(researcher)
    assert client.get(reverse("speaker_duplicates")).status_code == 403
    url = reverse("speaker_merge_confirm", args=[ramans["raman"].id])
    assert client.get(url, {"target": ramans["priya"].id}).status_code == 403


def test_a_speakers_page_shows_its_likely_duplicates_and_merges_ask_first(client, editor, researcher, ramans):
    raman, priya, dr = ramans["raman"], ramans["priya"], ramans["dr"]
    client.force_login(editor)
    response = client.get(reverse("speaker_detail", args=[priya.id]))
    assert [(s.name, s.quote_count) for s in response.context["duplicates"]] == [
        ("Raman", 2),
        ("Dr. Priya Raman", 1),
    ]  # not Arjun Raman: another first name
    html = response.text
    confirm = reverse("speaker_merge_confirm", args=[priya.id])
    assert f'<a href="{confirm}?target={raman.id}">Merge into Raman</a>' in html
    assert f'<a href="{reverse("speaker_merge_confirm", args=[dr.id])}?target={priya.id}">' in html
    assert f'action="{reverse("speaker_merge", args=[priya.id])}"' not in html  # no merge without asking
    surname = client.get(reverse("speaker_detail", args=[raman.id])).context["duplicates"]
    assert {s.name for s in surname} == {"Priya Raman", "Dr. Priya Raman", "Arjun Raman"}
    client.force_login(researcher)
    html = client.get(reverse("speaker_detail", args=[priya.id])).text
    assert "Likely duplicates" in html and "Dr. Priya Raman" in html and "speaker_merge" not in html
    assert "/merge/" not in html
