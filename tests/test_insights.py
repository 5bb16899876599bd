"""The insights page's figures (attribution.insights) on a small hand-made archive, exactly: period edges,
rejected quotes, merged speakers, re-extraction, quote filters, the buckets of weeks and months."""

import datetime

import pytest

from attribution import services
from attribution.insights import Period, insights, normalize_reason
from attribution.models import Article, Quote
from attribution.search import SearchFilters

from .review_story import _reextract
from .search_archive import _article, _quote, _speaker

JAN = Period(datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))


def _day(n):
    return datetime.date(2026, 1, n)


@pytest.fixture
def newsroom(db):
    """Five January stories of two publications, a story of December before them, one of February after."""
    macron, royal, lee = _speaker("Emmanuel Macron"), _speaker("Ségolène Royal"), _speaker("Ann Lee")
    police = _speaker("Paris police", kind="organization")
    old = _article("Old", "«Before,» Macron said.", 1)
    Article.objects.filter(id=old.id).update(published_on=datetime.date(2025, 12, 31))
    _quote(Article.objects.get(id=old.id), "«Before,»", macron)
    first = _article("First", "«One,» Macron said. «Two,» said Royal.", 1)
    _quote(first, "«One,»", macron)
    _quote(first, "«Two,»", royal)
    leak = _article("Leak", "«Three,» an official said, who requested anonymity. «Four,» police said.", 12)
    official = _speaker("an official", kind="anonymous", article=leak)
    _quote(leak, "«Three,»", official, anonymity_reason="who requested anonymity")
    _quote(leak, "«Four,»", police)
    quiet = _article("Quiet", "Nobody spoke.", 20)
    gone = _article("Gone", "«Five,» Lee said.", 25, publication="Le Figaro")
    _quote(gone, "«Five,»", lee, review_state=Quote.ReviewState.REJECTED)
    last = _article(
        "Last", "«Six,» Lee said. «Seven,» a source said, because not authorized.", 31, "Le Figaro"
    )
    source = _speaker("a source", kind="anonymous", article=last)
    _quote(last, "«Six,»", lee)
    _quote(last, "«Seven,»", source, anonymity_reason="because not authorized")
    later = _article("Later", "«Eight,» Royal said.", 1)
    Article.objects.filter(id=later.id).update(published_on=datetime.date(2026, 2, 1))
    _quote(Article.objects.get(id=later.id), "«Eight,»", royal)
    Article.objects.filter(byline="").update(byline="Jane Roe")
    Article.objects.filter(title__in=["Gone", "Last"]).update(byline="John Doe and Jane Roe")
    return {"macron": macron, "royal": royal, "lee": lee, "quiet": quiet}


def test_the_totals_of_a_month_count_its_edges_and_leave_out_rejected_quotes(newsroom):
    totals = insights(JAN, SearchFilters()).totals
    assert (totals.quotes, totals.articles, totals.speakers) == (
        6,
        5,
        6,
    )  # Jan 1 and Jan 31 in, "Gone" has none
    assert (totals.anonymous_quotes, totals.articles_with_anonymous) == (2, 2)
    # "Leak" names nobody, "Quiet" and "Gone" quote nobody, "Last" one person: only "First" has two
    assert totals.articles_one_or_no_named == 4
    assert totals.kinds == {"person": 3, "anonymous": 2, "group": 0, "organization": 1, "none": 0}
    assert totals.anonymous_share == pytest.approx(2 / 6)


def test_a_period_of_days_cuts_at_its_first_and_last_day(newsroom):
    totals = insights(Period(_day(2), _day(30)), SearchFilters()).totals
    assert (totals.quotes, totals.articles) == (2, 3)  # Leak, Quiet, Gone


def test_weeks_start_on_monday_and_are_cut_to_the_period(newsroom):
    result = insights(JAN, SearchFilters())
    assert result.period.unit == "week"
    spans = [(b.first, b.last, b.quotes, b.articles) for b in result.over_time]
    assert spans[0] == (_day(1), _day(4), 2, 1)  # Thursday 1 January to Sunday 4
    assert spans[3] == (_day(19), _day(25), 0, 2)  # "Quiet" and "Gone" (its one quote rejected)
    assert spans[-1] == (_day(26), _day(31), 2, 1)
    assert sum(b.quotes for b in result.over_time) == 6
    assert result.over_time[1].quotes == 0 and result.over_time[1].kinds["person"] == 0
    assert result.over_time[2].kinds == {
        "person": 0,
        "anonymous": 1,
        "group": 0,
        "organization": 1,
        "none": 0,
    }


def test_a_long_period_is_charted_by_month(newsroom):
    result = insights(Period(datetime.date(2025, 12, 1), datetime.date(2026, 3, 31)), SearchFilters())
    assert result.period.unit == "month"
    assert [(b.first, b.last, b.quotes) for b in result.over_time] == [
        (datetime.date(2025, 12, 1), datetime.date(2025, 12, 31), 1),
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 31), 6),
        (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28), 1),
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), 0),
    ]


def test_publications_and_bylines_each_have_their_figures(newsroom):
    result = insights(JAN, SearchFilters())
    by_publication = {b.label: (b.quotes, b.articles, b.speakers) for b in result.by_publication}
    assert by_publication == {"Le Monde": (4, 3, 4), "Le Figaro": (2, 2, 2)}
    by_byline = {b.label: (b.quotes, b.articles) for b in result.by_byline}
    assert by_byline == {"Jane Roe": (4, 3), "John Doe and Jane Roe": (2, 2)}
    only = insights(JAN, SearchFilters(byline="john doe")).totals
    assert (only.quotes, only.articles) == (2, 2)
    monde = insights(JAN, SearchFilters(publication_id=newsroom["quiet"].publication_id)).totals
    assert (monde.quotes, monde.articles) == (4, 3)  # "Quiet" too


def test_a_search_counts_only_the_articles_with_a_matching_quote(newsroom):
    totals = insights(JAN, SearchFilters(anonymous=True)).totals
    assert (totals.quotes, totals.articles, totals.articles_with_anonymous) == (2, 2, 2)
    words = insights(JAN, SearchFilters(words="six OR three")).totals
    assert (words.quotes, words.articles) == (2, 2)


def test_the_most_quoted_and_the_new_voices(newsroom):
    result = insights(JAN, SearchFilters())
    assert [(v.name, v.quotes) for v in result.top_speakers] == [
        ("Ann Lee", 1),
        ("Emmanuel Macron", 1),
        ("Paris police", 1),
        ("Ségolène Royal", 1),
    ]  # anonymous sources are of one story each: not in the list
    # Macron was quoted in December; Lee's first quote, of 25 January, was rejected: her first is the 31st
    assert [(v.name, v.first_quoted) for v in result.new_voices] == [
        ("Ann Lee", _day(31)),
        ("Paris police", _day(12)),
        ("Ségolène Royal", _day(1)),
    ]
    assert result.new_voices_count == 3


def test_a_merged_speaker_counts_once_as_the_one_it_went_into(newsroom, editor):
    services.speaker_merge(source_id=newsroom["royal"].id, target_id=newsroom["macron"].id, user=editor)
    result = insights(JAN, SearchFilters())
    assert result.totals.speakers == 5
    assert result.top_speakers[0].name == "Emmanuel Macron" and result.top_speakers[0].quotes == 2
    assert "Ségolène Royal" not in [v.name for v in result.new_voices]  # Macron's December quote is hers too


def test_extracting_an_article_again_counts_its_quotes_once(article):
    Article.objects.filter(id=article.id).update(published_on=_day(10))
    period = Period(_day(1), _day(31))
    before = insights(period, SearchFilters()).totals
    _reextract(Article.objects.get(id=article.id))
    after = insights(period, SearchFilters()).totals
    assert (after.quotes, after.articles, after.speakers) == (before.quotes, before.articles, before.speakers)
    assert after.quotes == 3


def test_an_empty_period_has_zeros_and_no_shares(db):
    result = insights(JAN, SearchFilters())
    assert (result.totals.quotes, result.totals.articles) == (0, 0)
    assert result.totals.anonymous_share is None
    assert len(result.over_time) == 5 and not result.top_speakers


def test_undated_and_unfinished_articles_are_in_no_period(newsroom):
    undated = _article("Undated", "«Nine,» Macron said.", 15)
    Article.objects.filter(id=undated.id).update(published_on=None)
    _quote(Article.objects.get(id=undated.id), "«Nine,»", newsroom["macron"])
    pending = _article("Pending", "Nothing yet.", 15)
    Article.objects.filter(id=pending.id).update(state=Article.State.QUEUED)
    totals = insights(JAN, SearchFilters()).totals
    assert (totals.quotes, totals.articles) == (6, 5)


@pytest.mark.parametrize(
    "reason, counted",
    [
        ("who requested anonymity", "requested anonymity"),
        ("Requested anonymity.", "requested anonymity"),
        ("because they were not authorized to speak publicly", "were not authorized to speak publicly"),
        ("  who  spoke on condition of anonymity ", "spoke on condition of anonymity"),
        ("as he was not allowed to speak", "was not allowed to speak"),
    ],
)
def test_reasons_for_anonymity_are_counted_as_one_however_introduced(reason, counted):
    assert normalize_reason(reason) == counted


def test_reasons_are_counted_across_the_period(newsroom):
    assert insights(JAN, SearchFilters()).reasons == [("not authorized", 1), ("requested anonymity", 1)]
