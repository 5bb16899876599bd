"""Who said what: search semantics, speakers across stories, merge and split, export."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attribution import extraction, services
from attribution.models import (
    Article,
    AuditEvent,
    Publication,
    Quote,
    Speaker,
    SpeakerMonth,
)
from attribution.search import SearchFilters
from attribution.services import review, speakers

from ..search_archive import _article, _quote, _speaker

HTMX = {"HTTP_HX_REQUEST": "true"}


def _ids(client, **params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    return {q.id for q in response.context["page"]}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("troops", {"macron", "royal", "leak"}),
        ('"send troops"', {"macron"}),
        ('"troops send"', set()),
        ("troops -taxes", {"macron", "leak"}),
        ("troops NOT taxes", {"macron", "leak"}),  # NOT as people type it, the same as -taxes
        ("taxes or elysee", {"macron", "royal"}),
        ("Elysee", {"macron"}),  # accents do not matter
        ("sending", {"macron"}),  # nor the form of the word
        ("& | ! ( ) :* <->", set()),  # operators are words here, never a syntax error
    ],
)
def test_full_text_search_is_web_style(client, researcher, archive, words, expected):
    client.force_login(researcher)
    assert _ids(client, q=words) == {archive[name].id for name in expected}


def test_a_ten_thousand_character_search_is_answered(client, researcher, archive):
    client.force_login(researcher)
    assert _ids(client, q="troops " * 70) == {archive[name].id for name in ("macron", "royal", "leak")}
    response = client.get(reverse("search"), {"q": "x" * 10_000})
    html = response.content.decode()
    assert response.status_code == 200 and "Words: Ensure this value has at most 500 characters" in html
    assert "<li>q" not in html and ">q<" not in html  # the field's label, never its name


def test_search_errors_name_the_fields_as_the_page_labels_them(client, researcher, archive):
    client.force_login(researcher)
    html = client.get(reverse("search"), {"date_from": "someday"}).content.decode()
    assert "Published from: Enter a valid date." in html and "date_from" not in html.split("<form")[0]


@pytest.mark.parametrize("typed", ["macron", "Macrn", "emanuel macron", "segolene", "Ségolène Royall"])
def test_the_speaker_filter_forgives_typos_and_accents(client, researcher, archive, typed):
    client.force_login(researcher)
    expected = archive["royal"].id if typed.lower().startswith("s") else archive["macron"].id
    assert _ids(client, speaker=typed) == {expected}


def test_filters_combine(client, researcher, archive):
    client.force_login(researcher)
    assert _ids(client, q="troops", date_from="2026-01-10") == {archive["royal"].id, archive["leak"].id}
    assert _ids(client, q="troops", date_from="2026-01-10", speaker_kind="person") == {archive["royal"].id}
    assert _ids(client, q="troops", anonymous="1") == {archive["leak"].id}
    assert _ids(client, q="troops", kind="partial") == {archive["leak"].id}
    figaro = Publication.objects.get(name="Le Figaro")
    assert _ids(client, publication=figaro.id) == {archive["royal"].id}
    assert _ids(client, article=archive["macron"].article_id) == {archive["macron"].id}
    assert _ids(client, q="troops", date_to="2026-01-06", sort="date") == {archive["macron"].id}


def test_rejected_quotes_are_left_out_unless_asked_for(client, researcher, archive):
    Quote.objects.filter(id=archive["royal"].id).update(review_state=Quote.ReviewState.REJECTED)
    client.force_login(researcher)
    assert archive["royal"].id not in _ids(client, q="troops")
    assert _ids(client, q="troops", review_state="rejected") == {archive["royal"].id}


def test_hits_are_escaped_with_the_matching_words_marked(client, researcher, archive):
    client.force_login(researcher)
    html = client.get(reverse("search"), {"q": "troops formulas"}).content.decode()
    assert "<script>alert" not in html
    assert "<mark>Formulas</mark> =1+1 and &lt;script&gt;alert(1)&lt;/script&gt; <mark>troops</mark>" in html
    leak = archive["leak"]
    assert f'href="/articles/{leak.article_id}/?quote={leak.id}#q{leak.id}"' in html  # opens at the quote


def test_a_hit_names_its_speakers_role_beside_the_speaker(client, researcher, archive):
    macron = archive["macron"]
    Quote.objects.filter(id=macron.id).update(speaker_role="French <b>President</b>")
    client.force_login(researcher)
    html = client.get(reverse("search"), {"q": "troops"}).content.decode()
    speaker = reverse("speaker_detail", args=[macron.speaker_id])
    assert f'<a href="{speaker}">Emmanuel Macron</a>, French &lt;b&gt;President&lt;/b&gt; <span' in html
    assert "Ségolène Royal</a> <span" in html  # no role, no comma


def test_with_htmx_the_search_answers_with_the_results_only(client, researcher, archive):
    client.force_login(researcher)
    response = client.get(reverse("search"), {"q": "troops"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"') and "<form" not in html
    assert "HX-Push-Url" not in response  # a new search: a new history entry


def test_restoring_a_search_from_history_answers_the_whole_page_with_its_filters(client, researcher, archive):
    # Back and Forward: htmx keeps no snapshot of the search page and swaps in what this answers
    client.force_login(researcher)
    restore = {**HTMX, "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}
    response = client.get(reverse("search"), {"q": "troops", "kind": "partial"}, **restore)
    html = response.content.decode()
    assert '<form method="get"' in html and 'hx-history="false"' in html
    assert 'value="troops"' in html and '<option value="partial" selected>' in html
    assert "HX-Request" in response["Vary"] and "HX-History-Restore-Request" in response["Vary"]


def test_the_same_search_asked_again_adds_no_history_entry(client, researcher, archive):
    # leaving a box fires a change event that asks again the search the page already shows
    client.force_login(researcher)
    url = reverse("search") + "?q=troops&kind=partial"
    current = {**HTMX, "HTTP_HX_CURRENT_URL": f"http://testserver{url}"}
    assert client.get(url, **current)["HX-Push-Url"] == "false"
    assert "HX-Push-Url" not in client.get(reverse("search") + "?q=troops", **current)


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


def test_search_speaker_page_and_export_cost_the_same_queries_however_many_rows(client, admin_user, archive):
    client.force_login(admin_user)
    macron = archive["speakers"]["macron"]
    urls = [
        (reverse("search"), {"q": "troops"}),
        (reverse("speaker_detail", args=[macron.id]), {}),
        (reverse("speaker_directory"), {}),
        (reverse("search_export", args=["csv"]), {"q": "troops"}),
    ]
    few = [_queries(client, url, params) for url, params in urls]
    for day in range(1, 12):
        article = _article(f"More {day}", "«Our troops stay home,» Macron said.", day)
        _quote(article, "«Our troops stay home,»", macron)
        _quote(article, "Macron said", _speaker(f"Someone {day}"), kind="indirect")
    assert [_queries(client, url, params) for url, params in urls] == few


@pytest.mark.parametrize(("who", "status"), [("researcher", 403), ("editor", 403), ("admin_user", 200)])
def test_only_admins_export(request, client, archive, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("search_export", args=["csv"]), {"q": "troops"}).status_code == status
    assert client.get(reverse("search_export", args=["jsonl"]), {"q": "troops"}).status_code == status


def test_the_csv_holds_what_the_search_shows_with_formulas_neutralised(client, admin_user, archive):
    client.force_login(admin_user)
    response = client.get(reverse("search_export", args=["csv"]), {"q": "troops", "bom": "1"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    assert {int(r["quote_id"]) for r in rows} == {archive[n].id for n in ("macron", "royal", "leak")}
    leak = next(r for r in rows if int(r["quote_id"]) == archive["leak"].id)
    assert (
        leak["speaker"] == "an official" and leak["anonymous"] == "true" and leak["publication"] == "Le Monde"
    )
    Quote.objects.filter(id=archive["leak"].id).update(
        text="=HYPERLINK(1)", cue="@SUM", anonymity_reason="-2+3", speaker_role="+1 official"
    )
    body = b"".join(client.get(reverse("search_export", args=["csv"])).streaming_content).decode()
    leak = next(r for r in csv.DictReader(io.StringIO(body)) if int(r["quote_id"]) == archive["leak"].id)
    assert (leak["quote"], leak["cue"], leak["anonymity_reason"]) == ("'=HYPERLINK(1)", "'@SUM", "'-2+3")
    assert leak["speaker_role"] == "'+1 official"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED, user=admin_user).count() == 2


def test_the_json_lines_export(client, admin_user, archive):
    client.force_login(admin_user)
    response = client.get(reverse("search_export", args=["jsonl"]), {"speaker": "macron"})
    [record] = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
    assert record["speaker"] == "Emmanuel Macron" and record["published_on"] == "2026-01-05"
    assert record["quote"] == archive["macron"].text


def test_a_surname_alone_leads_to_the_one_named_person_of_the_archive(archive):
    article, _ = services.article_create(
        document=services_document("Visit\n\n«Hello,» Macron said."), metadata=services.ArticleMetadata()
    )
    claim = services.extraction_claim(article_id=article.id)
    said = extraction.Speaker("Macron", "person", False, "Macron", None, None)
    start = article.text.index("«Hello,»")
    quote = extraction.Quote(start, start + 8, "«Hello,»", "direct", "said", 0.9, said)
    services.extraction_save(article_id=article.id, token=claim.token, quotes=[quote], extractor_version="t")
    assert article.quotes.get().speaker == archive["speakers"]["macron"]


def services_document(text):
    from attribution.documents import document_from_text

    return document_from_text(text)


def test_merge_moves_quotes_keeps_the_alias_and_can_be_undone(client, editor, archive):
    macron = archive["speakers"]["macron"]
    stray = _speaker("President Macron")
    article = _article("Another", "«Again,» said President Macron.", 7)
    quote = _quote(article, "«Again,»", stray)
    client.force_login(editor)
    response = client.post(reverse("speaker_merge", args=[stray.id]), {"target": macron.id})
    assert response.status_code == 302
    assert Quote.objects.get(id=quote.id).speaker == macron
    assert list(macron.aliases.all()) == [stray]
    html = client.get(reverse("speaker_detail", args=[macron.id])).content.decode()
    assert "President Macron" in html and "«Again,»" in html
    # a later extraction naming the alias lands on the merged speaker
    later = services.extraction._speakers_for(
        article, [extraction.Speaker("President Macron", "person", False, "", None, None)]
    )
    assert list(later.values()) == [macron]
    assert client.post(reverse("speaker_split", args=[stray.id])).status_code == 302
    assert Quote.objects.get(id=quote.id).speaker == stray
    assert not macron.aliases.exists()
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == [AuditEvent.Action.SPEAKER_MERGED, AuditEvent.Action.SPEAKER_SPLIT]


def test_researchers_cannot_merge_or_split(client, researcher, archive):
    client.force_login(researcher)
    macron, royal = archive["speakers"]["macron"], archive["speakers"]["royal"]
    assert client.post(reverse("speaker_merge", args=[royal.id]), {"target": macron.id}).status_code == 403
    assert client.post(reverse("speaker_split", args=[royal.id])).status_code == 403
    assert Speaker.objects.get(id=royal.id).merged_into is None


def test_anonymous_speakers_are_not_merged_across_stories(archive, editor):
    with pytest.raises(Exception, match="Only named speakers"):
        speakers.speaker_merge(
            source_id=archive["speakers"]["official"].id,
            target_id=archive["speakers"]["macron"].id,
            user=editor,
        )


def test_the_directory_counts_quotes_and_articles(client, researcher, archive):
    client.force_login(researcher)
    response = client.get(reverse("speaker_directory"), {"q": "macrn"})
    [row] = response.context["page"]
    assert (row.name, row.quote_count, row.article_count) == ("Emmanuel Macron", 1, 1)
    assert row.first_quoted == row.last_quoted == datetime.date(2026, 1, 5)


def test_quotes_follow_their_articles_date_and_publication(client, researcher, archive):
    """Each quote's copy of its article's date and publication (kept by PostgreSQL) follows every change."""
    quote = Quote.objects.get(id=archive["macron"].id)
    assert (quote.published_on, quote.publication.name) == (datetime.date(2026, 1, 5), "Le Monde")
    article = quote.article
    article.published_on = datetime.date(2025, 12, 31)  # as the admin saves an article
    article.publication = Publication.objects.create(name="Libération")
    article.save()
    quote.refresh_from_db()
    assert (quote.published_on, quote.publication.name) == (datetime.date(2025, 12, 31), "Libération")
    quote.text = "«The Élysée will not send troops to the front,»"
    quote.published_on = None  # whatever Python writes there, the copy stays the article's
    quote.save()
    quote.refresh_from_db()
    assert quote.published_on == datetime.date(2025, 12, 31)
    Article.objects.filter(id=article.id).update(published_on=None)
    quote.refresh_from_db()
    assert quote.published_on is None
    client.force_login(researcher)
    assert _ids(client, q="troops", date_from="2026-01-01") == {archive["royal"].id, archive["leak"].id}
    assert _ids(client, q="troops", sort="date")  # undated quotes are still found, last
    response = client.get(reverse("search"), {"q": "troops", "sort": "date"})
    assert [q.id for q in response.context["page"]][-1] == archive["macron"].id


def test_relevance_ranks_the_newest_matches_and_date_order_reaches_all(
    client, researcher, archive, monkeypatch
):
    from attribution import paging, search
    from attribution.views import search as search_views

    monkeypatch.setattr(search, "RANKED_MATCHES", 2)
    monkeypatch.setattr(paging, "COUNT_CAP", 2)
    monkeypatch.setattr(search_views, "HITS_PER_PAGE", 1)
    client.force_login(researcher)
    # the two newest matches (25 and 20 January) are ranked, a page each; the page says there are more
    ranked = [client.get(reverse("search"), {"q": "troops", "page": n}) for n in (1, 2, 3)]
    assert [[q.id for q in r.context["page"]] for r in ranked] == [
        [archive["leak"].id],
        [archive["royal"].id],
        [archive["royal"].id],  # past the ranked ones: the last page
    ]
    html = ranked[0].content.decode()
    assert "More than 2" in html and "sort by date" in html and "Page 1 of 2" in html
    # by date, pages go on past the count's cap while they are full
    pages = [client.get(reverse("search"), {"q": "troops", "sort": "date", "page": n}) for n in (1, 2, 3)]
    assert [[q.id for q in r.context["page"]] for r in pages] == [
        [archive["leak"].id],
        [archive["royal"].id],
        [archive["macron"].id],
    ]
    assert [r.context["page"].has_next() for r in pages] == [True, True, False]
    assert "Page 2<" in pages[1].content.decode() and "page=3" in pages[1].content.decode()
    assert Quote.objects.matching(SearchFilters(words="troops")).count() == 3  # an export holds every match


def test_ranking_puts_the_closest_matches_first(client, researcher, archive):
    article = _article("Troops", "«Troops, troops, troops.» said Macron. Filler.", 1)
    repeated = _quote(article, "«Troops, troops, troops.»", archive["speakers"]["macron"])
    client.force_login(researcher)
    response = client.get(reverse("search"), {"q": "troops"})
    assert [q.id for q in response.context["page"]][0] == repeated.id


def _counts_kept() -> dict:
    return {(c.speaker_id, c.month, c.publication_id): c.quotes for c in SpeakerMonth.objects.all()}


def _counts_from_quotes() -> dict:
    rows = (
        Quote.objects.exclude(review_state=Quote.ReviewState.REJECTED)
        .filter(speaker__isnull=False)
        .values_list("speaker_id", TruncMonth("published_on"), "publication_id")
        .annotate(n=Count("id"))
    )
    return {(speaker, month, publication): n for speaker, month, publication, n in rows}


def test_speaker_counts_per_month_follow_every_change(client, editor, archive):
    """The counts PostgreSQL keeps for speaker pages equal a count of the quotes after each kind of change."""
    macron, royal = archive["speakers"]["macron"], archive["speakers"]["royal"]
    assert _counts_kept() == _counts_from_quotes() and _counts_kept()
    quote = archive["royal"]
    review.quote_reject(quote_id=quote.id, version=quote.version, user=editor)
    assert (royal.id, datetime.date(2026, 1, 1), quote.article.publication_id) not in _counts_kept()
    review.quote_confirm(quote_id=quote.id, version=quote.version + 1, user=editor)  # restored
    assert _counts_kept() == _counts_from_quotes()
    undated = Article.objects.create(title="Undated", text="«Yes,» said Macron.", content_hash="u" * 64)
    _quote(undated, "«Yes,»", macron)
    speakers.speaker_merge(source_id=royal.id, target_id=macron.id, user=editor)
    assert _counts_kept() == _counts_from_quotes()
    article = archive["macron"].article
    article.published_on = datetime.date(2025, 3, 9)
    article.save()
    assert _counts_kept() == _counts_from_quotes()
    speakers.speaker_split(alias_id=royal.id, user=editor)
    Article.objects.filter(id=archive["leak"].article_id).delete()
    assert _counts_kept() == _counts_from_quotes()
    client.force_login(editor)
    response = client.get(reverse("speaker_detail", args=[macron.id]))
    assert [(m["month"], m["n"]) for m in response.context["months"]] == [(datetime.date(2025, 3, 1), 1)]
    assert [(p["publication__name"], p["n"]) for p in response.context["publications"]] == [("Le Monde", 1)]


def test_the_export_names_the_mention_role_speaker_byline_reviewer_and_links_the_quote(
    client, admin_user, archive
):
    quote = archive["macron"]
    article = quote.article
    article.byline = "=Jane Doe"
    article.reviewed_by, article.reviewed_at = admin_user, article.created_at
    article.save()
    Quote.objects.filter(id=quote.id).update(speaker_mention="Macron", speaker_role="French President")
    client.force_login(admin_user)
    body = b"".join(client.get(reverse("search_export", args=["csv"])).streaming_content).decode()
    row = next(r for r in csv.DictReader(io.StringIO(body)) if int(r["quote_id"]) == quote.id)
    assert (row["speaker_mention"], row["speaker_id"]) == ("Macron", str(quote.speaker_id))
    assert row["speaker_role"] == "French President"
    assert (row["byline"], row["reviewed_by"]) == ("'=Jane Doe", "ada")  # a formula is defused
    assert row["reviewed_at"].startswith(str(article.created_at.year))
    assert row["link"] == f"http://testserver/articles/{article.id}/?quote={quote.id}#q{quote.id}"
    response = client.get(reverse("search_export", args=["jsonl"]), {"speaker": "macron"})
    [record] = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
    assert (
        record["link"] == row["link"] and record["byline"] == "=Jane Doe" and record["reviewed_by"] == "ada"
    )
    assert record["speaker_role"] == "French President"
    assert list(record)[-1] == "link"
