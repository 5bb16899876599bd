"""The figures of the insights page: how the newsroom sources its stories over a period, for all of it or a
publication, a byline or a search (the search page's filters).

A quote counts in the period of its article's publication date (articles without one are in no period);
rejected quotes never count, as in search. Articles are those published in the period with their extraction
done; under a filter on the quotes themselves (words, a speaker, a kind), only the articles with a matching
quote. A speaker merged into another counts as that one (merging moves the quotes); an anonymous source is
local to its article, so two anonymous officials of two stories are two speakers.
"""

import datetime
import re
from dataclasses import dataclass, field, replace

from django.db.models import Count, Exists, Min, OuterRef, Q

from .choices import ReviewState, SpeakerKind
from .models import Article, Quote
from .role_words import ROLE_CATEGORIES, role_category
from .search import SearchFilters

# Periods longer than this are charted by month, shorter ones by week (weeks start on Monday).
WEEKS_UP_TO_DAYS = 120
TOP_SPEAKERS = 10
TOP_REASONS = 12
KINDS = [SpeakerKind.PERSON, SpeakerKind.ANONYMOUS, SpeakerKind.GROUP, SpeakerKind.ORGANIZATION]
NO_SPEAKER = "none"  # quotes the extractor found no speaker for, or of an unknown kind
# "who requested anonymity" and "requested anonymity" are one reason; the leading words say nothing
_REASON_LEAD = re.compile(
    r"^(?:who|because|as|since|for|and|but)\s+(?:(?:he|she|they|it)\s+)?", re.IGNORECASE
)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # included

    @property
    def by_month(self) -> bool:
        return (self.end - self.start).days >= WEEKS_UP_TO_DAYS

    @property
    def unit(self) -> str:
        return "month" if self.by_month else "week"

    def bucket_of(self, day: datetime.date) -> datetime.date:
        return day.replace(day=1) if self.by_month else day - datetime.timedelta(days=day.weekday())

    def buckets(self) -> list[tuple[datetime.date, datetime.date]]:
        """Each week or month the period touches, as (first, last) day, cut to the period."""
        spans, first = [], self.bucket_of(self.start)
        while first <= self.end:
            if self.by_month:
                following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            else:
                following = first + datetime.timedelta(days=7)
            spans.append((max(first, self.start), min(following - datetime.timedelta(days=1), self.end)))
            first = following
        return spans


@dataclass
class Bucket:
    """The figures of one week or month (or one publication, one byline)."""

    first: datetime.date | None = None
    last: datetime.date | None = None
    label: str = ""
    quotes: int = 0
    anonymous_quotes: int = 0
    articles: int = 0
    articles_with_anonymous: int = 0
    articles_one_or_no_named: int = 0
    speakers: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    href: str | None = None  # the search of its quotes, set by the page

    @property
    def anonymous_share(self) -> float | None:
        return self.anonymous_quotes / self.quotes if self.quotes else None

    @property
    def articles_anonymous_share(self) -> float | None:
        return self.articles_with_anonymous / self.articles if self.articles else None

    @property
    def one_or_no_named_share(self) -> float | None:
        return self.articles_one_or_no_named / self.articles if self.articles else None


@dataclass(frozen=True)
class Voice:
    speaker_id: int
    name: str
    quotes: int
    first_quoted: datetime.date | None = None


@dataclass
class Insights:
    period: Period
    filters: SearchFilters
    totals: Bucket
    over_time: list[Bucket]
    by_publication: list[Bucket]
    by_byline: list[Bucket]
    reasons: list[tuple[str, int]]
    top_speakers: list[Voice]
    new_voices: list[Voice]
    new_voices_count: int
    roles: list[tuple[str, str, int]]  # (category, its label, quotes), the most first


def _quote_filtered(filters: SearchFilters) -> bool:
    """Whether the filters choose among an article's quotes (then only articles with a match count)."""
    return bool(
        filters.words
        or filters.speaker_ids is not None
        or filters.speaker_kind
        or filters.anonymous is not None
        or filters.kind
        or filters.review_state
    )


def insights(period: Period, filters: SearchFilters) -> Insights:
    filters = replace(filters, date_from=period.start, date_to=period.end)
    quotes = Quote.objects.matching(filters)
    per_article = _per_article(quotes)
    if not _quote_filtered(filters):
        per_article += _quoteless_articles(filters)
    totals = _sum(per_article, Bucket())
    totals.speakers = quotes.exclude(speaker=None).values("speaker").distinct().count()
    totals.kinds = _kinds(quotes)
    by_bucket: dict[datetime.date, list[dict]] = {}
    for row in per_article:  # each article into its week or month once, not looked for in each
        by_bucket.setdefault(period.bucket_of(row["day"]), []).append(row)
    over_time = [
        _sum(by_bucket.get(period.bucket_of(first), []), Bucket(first=first, last=last))
        for first, last in period.buckets()
    ]
    kinds_by_bucket = _kinds_by(quotes, period)
    for bucket in over_time:
        bucket.kinds = kinds_by_bucket.get(
            period.bucket_of(bucket.first), dict.fromkeys([*KINDS, NO_SPEAKER], 0)
        )
    return Insights(
        period=period,
        filters=filters,
        totals=totals,
        over_time=over_time,
        by_publication=_grouped(per_article, quotes, "publication"),
        by_byline=_grouped(per_article, quotes, "byline"),
        reasons=_reasons(quotes),
        top_speakers=_top_speakers(quotes),
        roles=_roles(quotes),
        **_new_voices(quotes, period),
    )


def _per_article(quotes) -> list[dict]:
    """One row per article with a counted quote: its date, publication, byline and its counts."""
    rows = quotes.values("article_id").annotate(
        day=Min("published_on"),
        publication=Min("article__publication__name"),
        byline=Min("article__byline"),
        quotes=Count("id"),
        anonymous=Count("id", filter=Q(speaker__anonymous=True)),
        named=Count(
            "speaker", distinct=True, filter=Q(speaker__kind=SpeakerKind.PERSON, speaker__anonymous=False)
        ),
    )
    return list(rows.order_by())


def _quoteless_articles(filters: SearchFilters) -> list[dict]:
    """The articles of the period that quote nobody (extracted, every quote rejected or none found)."""
    counted = Quote.objects.filter(article=OuterRef("pk")).exclude(review_state=ReviewState.REJECTED)
    articles = Article.objects.filter(
        ~Exists(counted), state=Article.State.DONE, published_on__range=(filters.date_from, filters.date_to)
    )
    if filters.publication_id:
        articles = articles.filter(publication_id=filters.publication_id)
    if filters.byline:
        articles = articles.filter(byline__icontains=filters.byline)
    if filters.article_id:
        articles = articles.filter(id=filters.article_id)
    rows = articles.values("id", "published_on", "publication__name", "byline")
    return [
        {"article_id": r["id"], "day": r["published_on"], "publication": r["publication__name"],
         "byline": r["byline"], "quotes": 0, "anonymous": 0, "named": 0}
        for r in rows
    ]  # fmt: skip


def _sum(rows: list[dict], bucket: Bucket) -> Bucket:
    for row in rows:
        bucket.articles += 1
        bucket.quotes += row["quotes"]
        bucket.anonymous_quotes += row["anonymous"]
        bucket.articles_with_anonymous += row["anonymous"] > 0
        bucket.articles_one_or_no_named += row["named"] <= 1
    return bucket


def _kinds(quotes) -> dict[str, int]:
    counts = dict.fromkeys([*KINDS, NO_SPEAKER], 0)
    for row in quotes.values("speaker__kind").annotate(n=Count("id")).order_by():
        kind = row["speaker__kind"] if row["speaker__kind"] in KINDS else NO_SPEAKER
        counts[kind] += row["n"]
    return counts


def _kinds_by(quotes, period: Period) -> dict[datetime.date, dict[str, int]]:
    """The mix of speaker kinds of each week or month (from the counts per day: a few hundred rows)."""
    found: dict[datetime.date, dict[str, int]] = {}
    for row in quotes.values("published_on", "speaker__kind").annotate(n=Count("id")).order_by():
        counts = found.setdefault(
            period.bucket_of(row["published_on"]), dict.fromkeys([*KINDS, NO_SPEAKER], 0)
        )
        counts[row["speaker__kind"] if row["speaker__kind"] in KINDS else NO_SPEAKER] += row["n"]
    return found


def _grouped(per_article: list[dict], quotes, key: str) -> list[Bucket]:
    """The figures per publication or per byline, the most quoting first."""
    buckets: dict[str, Bucket] = {}
    for row in per_article:
        label = row[key] or ""
        _sum([row], buckets.setdefault(label, Bucket(label=label)))
    column = "article__publication__name" if key == "publication" else "article__byline"
    speakers = (
        quotes.exclude(speaker=None).values(column).annotate(n=Count("speaker", distinct=True)).order_by()
    )
    for row in speakers:
        if (row[column] or "") in buckets:
            buckets[row[column] or ""].speakers = row["n"]
    return sorted(buckets.values(), key=lambda b: (-b.quotes, -b.articles, b.label))


def normalize_reason(reason: str) -> str:
    """A stated reason for anonymity as the page counts it: its leading "who", "because" ... dropped, one
    space between words, lower case ("who requested anonymity" and "Requested anonymity" are one)."""
    reason = " ".join(reason.split()).strip(" ,.;:")
    return _REASON_LEAD.sub("", reason).lower()


def _reasons(quotes) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    rows = quotes.filter(speaker__anonymous=True).exclude(anonymity_reason="")
    for row in rows.values("anonymity_reason").annotate(n=Count("id")).order_by():
        reason = normalize_reason(row["anonymity_reason"])
        if reason:
            counts[reason] = counts.get(reason, 0) + row["n"]
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_REASONS]


def _named(quotes):
    return quotes.filter(speaker__article__isnull=True).exclude(speaker=None)


def _top_speakers(quotes) -> list[Voice]:
    rows = (
        _named(quotes)
        .values("speaker_id", "speaker__name")
        .annotate(n=Count("id"))
        .order_by("-n", "speaker__name")[:TOP_SPEAKERS]
    )
    return [Voice(r["speaker_id"], r["speaker__name"], r["n"]) for r in rows]


def _new_voices(quotes, period: Period) -> dict:
    """The named speakers first quoted in the period: no counted quote of theirs is dated before it."""
    earlier = Quote.objects.exclude(review_state=ReviewState.REJECTED).filter(
        speaker_id=OuterRef("speaker_id"), published_on__lt=period.start
    )
    rows = (
        _named(quotes)
        .filter(~Exists(earlier))
        .values("speaker_id", "speaker__name")
        .annotate(n=Count("id"), first=Min("published_on"))
        .order_by("-n", "speaker__name")
    )
    rows = list(rows)
    return {
        "new_voices": [
            Voice(r["speaker_id"], r["speaker__name"], r["n"], r["first"]) for r in rows[:TOP_SPEAKERS]
        ],
        "new_voices_count": len(rows),
    }


def _roles(quotes) -> list[tuple[str, str, int]]:
    """Quotes by the kind of role their speaker is given ("French President": a head of government), the
    distinct roles counted in PostgreSQL and put in their categories here (role_words)."""
    counts: dict[str, int] = {}
    for row in quotes.exclude(speaker_role="").values("speaker_role").annotate(n=Count("id")).order_by():
        category = role_category(row["speaker_role"])
        if category:
            counts[category] = counts.get(category, 0) + row["n"]
    labels = dict(ROLE_CATEGORIES)
    return sorted(((key, labels[key], n) for key, n in counts.items()), key=lambda r: (-r[2], r[1]))
